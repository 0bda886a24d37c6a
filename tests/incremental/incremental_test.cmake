# Incremental builds of add_mcp_server() targets under Ninja: a spec change regenerates, and
# rebuilds, only the server it belongs to, and a no-change rebuild does nothing at all.
# Builds a copy of tests/incremental/project (servers alpha and beta, alpha including
# alpha-tools.yaml, beta with TEMPLATE_DIR) against the mcpc installed in PREFIX by the
# package.install fixture.
# Run by CTest with -DPREFIX -DSOURCE_DIR -DWORK_DIR -DNINJA -DCXX_COMPILER -DCXX_FLAGS
# -DLINKER_FLAGS -DBUILD_TYPE.
include("${CMAKE_CURRENT_LIST_DIR}/../install/scratch_project.cmake")

scratch_lock("${WORK_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/" DESTINATION "${WORK_DIR}/src")
file(COPY "${PREFIX}/share/mcpc/templates/" DESTINATION "${WORK_DIR}/src/templates")
set(src "${WORK_DIR}/src")
set(build "${WORK_DIR}/build")

# Edge descriptions (Ninja status lines) of each server's part of the build.
foreach(s alpha beta)
  set(gen_${s} "^Generating MCP server ${s} from ")
  set(obj_${s} "^Building CXX object CMakeFiles/${s}\\.dir/")
  set(link_${s} "^Linking CXX executable ${s}$")
endforeach()

scratch_configure("${src}" "${build}")
step("the first build"
     REQUIRED "${gen_alpha}" "${gen_beta}" "${link_alpha}" "${link_beta}"
              "${obj_alpha}.*alpha_handlers\\.cc\\.o$" "${obj_beta}.*beta_unimplemented\\.cc\\.o$"
     ALLOWED "${obj_alpha}" "${obj_beta}")
step("a second build" NOTHING)

# Touching a spec reruns mcpc, which leaves the unchanged outputs alone: nothing recompiles.
touch("${src}/beta.yaml")
step("touching beta.yaml" REQUIRED "${gen_beta}")
step("the build after touching beta.yaml" NOTHING)
touch("${src}/alpha-tools.yaml")
step("touching alpha-tools.yaml (included by alpha.yaml)" REQUIRED "${gen_alpha}")

# A real edit regenerates, recompiles and relinks that server only. A tool's description is only
# in the generated <basename>.cc (not in the header the handlers include, nor in the types' code):
# editing one recompiles that one file.
replace("${src}/beta.yaml" "Count the characters of a text" "Count the code points of a text")
step("editing beta.yaml"
     REQUIRED "${gen_beta}" "${obj_beta}.*beta\\.cc\\.o$" "${link_beta}")
step("the build after editing beta.yaml" NOTHING)

replace("${src}/alpha-tools.yaml" "Echo the text back in capitals" "Echo the text in capitals")
step("editing alpha-tools.yaml (included by alpha.yaml)"
     REQUIRED "${gen_alpha}" "${obj_alpha}.*alpha\\.cc\\.o$" "${link_alpha}")

replace("${src}/alpha.yaml" "Echo the text back" "Repeat the text")
step("editing alpha.yaml"
     REQUIRED "${gen_alpha}" "${obj_alpha}.*alpha\\.cc\\.o$" "${link_alpha}")

# beta's templates are inputs too; alpha uses the built-in ones.
touch("${src}/templates/cpp/main.cc.mustache")
step("touching beta's main.cc template" REQUIRED "${gen_beta}")
replace("${src}/templates/cpp/main.cc.mustache" "int main(" "// Edited by the test.\nint main(")
step("editing beta's main.cc template"
     REQUIRED "${gen_beta}" "${obj_beta}.*beta_main\\.cc\\.o$" "${link_beta}")
step("the last build" NOTHING)
