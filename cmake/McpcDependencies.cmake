# Third-party dependencies, all from Debian packages (see scripts/bootstrap).
find_package(Threads REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
# RE2 (mcpc::re2): the runtime's and mcpc check's regular expressions.
include(${CMAKE_CURRENT_LIST_DIR}/McpcFindRE2.cmake)
if(NOT TARGET mcpc::re2)
  message(FATAL_ERROR "RE2 not found: install libre2-dev (scripts/bootstrap)")
endif()

# Debian's yaml-cpp config exports a plain "yaml-cpp" target; give it a stable name.
if(TARGET yaml-cpp AND NOT TARGET mcpc::yaml-cpp)
  add_library(mcpc_yaml_cpp INTERFACE)
  target_link_libraries(mcpc_yaml_cpp INTERFACE yaml-cpp)
  add_library(mcpc::yaml-cpp ALIAS mcpc_yaml_cpp)
endif()
