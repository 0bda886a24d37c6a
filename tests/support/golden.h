// Golden-file comparison shared by the test binaries. With MCPC_UPDATE_GOLDENS=1 in the
// environment, a mismatch rewrites the expected file instead of failing (see tests/README.md).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "files.h"

namespace mcpc::testing {

inline bool updating_goldens() {
  const char* v = std::getenv("MCPC_UPDATE_GOLDENS");
  return v != nullptr && std::string(v) == "1";
}

/// Compares `actual` with the file at `expected_path`, or rewrites it in update mode.
inline void expect_golden(const std::filesystem::path& expected_path, const std::string& actual) {
  if (updating_goldens()) {
    if (!std::filesystem::exists(expected_path) || read_file(expected_path) != actual) {
      write_file(expected_path, actual);
      std::cerr << "updated " << expected_path.string() << "\n";
    }
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(expected_path))
      << expected_path << " is missing; run scripts/update-goldens to create it";
  EXPECT_EQ(read_file(expected_path), actual)
      << "output differs from " << expected_path.string()
      << "; if the change is intended, run scripts/update-goldens and review the diff";
}

}  // namespace mcpc::testing
