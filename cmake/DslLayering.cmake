# The link graph as the build itself sees it, written at configure time for the layering test
# (tests/layering/check_layering.cmake), which holds it against README's layout table and the
# project's rules.
#
# dsl_write_link_graph(FILE) writes one line per target of ours outside tests/ and bench/ (the
# fuzz targets excepted): `FOLDER TARGET DEP...`, where FOLDER is the top-level folder holding
# the target's CMakeLists.txt and each DEP is a target it links directly, written
# `FOLDER:TARGET` for a target of ours and `antlr4` for the ANTLR runtime; other libraries
# (fmt, CLI11, ...) are left out.

function(dsl_collect_targets dir out)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    dsl_collect_targets("${sub}" more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The top-level folder of a target, or "" for one the layering does not cover.
function(dsl_target_folder target out)
  get_target_property(dir ${target} SOURCE_DIR)
  file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${dir}")
  string(REGEX MATCH "^[^/]+" folder "${rel}")
  if(folder MATCHES "^(tests|bench|build)$" OR rel MATCHES "/fuzz$" OR folder STREQUAL "")
    set(folder "")
  endif()
  set(${out} "${folder}" PARENT_SCOPE)
endfunction()

function(dsl_write_link_graph file)
  dsl_collect_targets("${PROJECT_SOURCE_DIR}" targets)
  set(lines "")
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY|INTERFACE_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    dsl_target_folder(${target} folder)
    if(folder STREQUAL "")
      continue()
    endif()
    get_target_property(links ${target} LINK_LIBRARIES)
    set(deps "")
    foreach(link IN LISTS links)
      if(link MATCHES "antlr4")
        list(APPEND deps antlr4)
      elseif(TARGET "${link}")
        get_target_property(imported "${link}" IMPORTED)
        if(NOT imported)
          dsl_target_folder(${link} dep_folder)
          list(APPEND deps "${dep_folder}:${link}")
        endif()
      endif()
    endforeach()
    list(JOIN deps " " deps)
    string(APPEND lines "${folder} ${target} ${deps}\n")
  endforeach()
  file(WRITE "${file}" "${lines}")
endfunction()
