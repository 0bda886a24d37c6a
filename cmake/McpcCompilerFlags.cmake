# Warnings and sanitizers shared by every mcpc target (build-internal, not installed).
add_library(mcpc_build_flags INTERFACE)
target_compile_options(mcpc_build_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wimplicit-fallthrough
  $<$<BOOL:${MCPC_WERROR}>:-Werror>)

if(MCPC_SANITIZE)
  # Applied globally so that test binaries and libraries agree on the ASan ABI.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
