#include "mcpc/web/assets.h"

#include "assets_data.h"

namespace mcpc::web {

const Asset* find_asset(std::string_view path) {
  if (path == "/") path = "/index.html";
  for (const Asset& asset : detail::kAssets) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

std::span<const Asset> all_assets() { return detail::kAssets; }

}  // namespace mcpc::web
