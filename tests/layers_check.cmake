# layers_check.cmake: tests/layers.cmake must fail on tests/layers/, a fake tree breaking each of its rules.
#   cmake -DCX_ROOT=SOURCE_DIR -P tests/layers_check.cmake
cmake_minimum_required(VERSION 3.18)
set(tree ${CX_ROOT}/tests/layers)
execute_process(COMMAND ${CMAKE_COMMAND} -DCX_ROOT=${tree} -P ${CX_ROOT}/tests/layers.cmake
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(expected
  "core/engine/eng.c:3: #include \"mod.h\": is core/model/mod.h: core/engine includes only its own folder"
  "core/engine/eng.c:4: #include \"out.h\": is core/output/out.h: core/engine includes only its own folder"
  "core/engine/eng.c:5: #include \"pol.h\": is core/abi/pol.h: core/engine includes only its own folder"
  "core/model/mod.c:4: #include <lua.h>: core/ knows no Lua"
  "core/model/mod.c:5: #include \"lauxlib.h\": core/ knows no Lua"
  "core/model/mod.c:6: #include <SDL2/SDL.h>: core/ knows no SDL"
  "core/model/mod.c:7: #include \"cli.h\": is app/cli.h: core/ includes nothing of the program"
  "core/model/mod.c:8: #include \"cx_plugin.h\": is plugins/cx_plugin.h: core/ includes nothing"
  "core/model/mod.c:9: #include \"view.h\": is viz/view.h: core/ includes nothing"
  "bench/b.c:4: #include \"cli.h\": is app/cli.h: bench/ uses only public headers"
  "bench/b.c:5: #include \"cx_plugin.h\": is plugins/cx_plugin.h: bench/ uses only public headers"
  "11 layering violation(s)")
set(fail 0)
if(rc EQUAL 0)
  message(SEND_ERROR "layers.cmake passed a tree that breaks every rule")
  set(fail 1)
endif()
foreach(e IN LISTS expected)
  string(FIND "${err}" "${e}" at)
  if(at EQUAL -1)
    message(SEND_ERROR "layers.cmake did not report: ${e}")
    set(fail 1)
  endif()
endforeach()
if(fail)
  message(FATAL_ERROR "its output was:\n${out}${err}")
endif()
message(STATUS "layers.cmake reports each of the 11 violations of tests/layers/")
