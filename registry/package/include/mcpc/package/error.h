// The packager's one exception type: its message is meant for the user.
#pragma once

#include <stdexcept>

namespace mcpc::package {

class PackageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mcpc::package
