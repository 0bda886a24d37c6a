// The table that embed_assets.cmake generates (assets_data.cc in the build tree).
#pragma once

#include <span>

#include "mcpc/web/assets.h"

namespace mcpc::web::detail {
extern const std::span<const Asset> kAssets;
}  // namespace mcpc::web::detail
