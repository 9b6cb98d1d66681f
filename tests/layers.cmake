# layers.cmake: the include rules that keep the layers pointing one way (docs/testing.md).
#   cmake -DCX_ROOT=DIR -P tests/layers.cmake
# Reads every #include under DIR/core and DIR/bench and fails, naming the
# file, the line and the rule, when
#   - a file of core/engine includes anything outside core/engine (the engine
#     knows no model, outputs or ABI);
#   - a file of core/ includes a Lua or SDL header, or any header that is not
#     in core/ (the program in app/, the plugins, the view, bench/);
#   - a file of bench/ includes a header of app/ other than the programs'
#     shared helpers, of plugins/ other than the public job API, or of viz/.
# A quoted include is found by its file name among the headers of DIR.
cmake_minimum_required(VERSION 3.18)
if(NOT CX_ROOT)
  message(FATAL_ERROR "usage: cmake -DCX_ROOT=DIR -P layers.cmake")
endif()
set(bench_app_ok cli_util.h cli_guard.h cli_consent.h)  # app/: the shared helpers (cxsim_cli_util)
set(bench_plugins_ok cx_job.h cx_consent.h cx_runs.h)   # plugins/: the public job API and its runner

# Where each header lives: folder_of_<name> = its folders relative to CX_ROOT.
file(GLOB_RECURSE headers RELATIVE ${CX_ROOT} ${CX_ROOT}/core/*.h ${CX_ROOT}/app/*.h ${CX_ROOT}/plugins/*.h
  ${CX_ROOT}/viz/*.h ${CX_ROOT}/bench/*.h)
foreach(h ${headers})
  get_filename_component(name ${h} NAME)
  get_filename_component(dir ${h} DIRECTORY)
  list(APPEND folder_of_${name} ${dir})
endforeach()

set(violations 0)
# Report `inc` included by `file` breaking `rule` (with the line it is on).
function(violation file inc rule)
  file(STRINGS ${CX_ROOT}/${file} lines)
  set(n 0)
  set(at "?")
  foreach(l IN LISTS lines)
    math(EXPR n "${n} + 1")
    string(FIND "${l}" "${inc}" k)
    if(NOT k EQUAL -1 AND l MATCHES "^[ \t]*#[ \t]*include")
      set(at ${n})
      break()
    endif()
  endforeach()
  message(NOTICE "${file}:${at}: #include ${inc}: ${rule}")
  math(EXPR v "${violations} + 1")
  set(violations ${v} PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE sources RELATIVE ${CX_ROOT} ${CX_ROOT}/core/*.[ch] ${CX_ROOT}/bench/*.[ch])
foreach(f ${sources})
  file(STRINGS ${CX_ROOT}/${f} incs REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS incs)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*([<\"][^>\"]*[>\"]).*" "\\1" inc "${line}")
    string(REGEX REPLACE "^[<\"](.*)[>\"]$" "\\1" path "${inc}")
    get_filename_component(name "${path}" NAME)
    set(where "${folder_of_${name}}")
    if(f MATCHES "^core/")
      if(path MATCHES "(^|/)(lua|lualib|lauxlib|luaconf)\\.h(pp)?$|(^|/)lua5\\.[0-9]/")
        violation(${f} ${inc} "core/ knows no Lua")
        continue()
      endif()
      if(path MATCHES "(^|/)SDL[^/]*\\.h$|(^|/)SDL2/")
        violation(${f} ${inc} "core/ knows no SDL")
        continue()
      endif()
    endif()
    if(NOT inc MATCHES "^\"" OR NOT where)
      continue()  # a system header, or one of no folder of cxsim
    endif()
    if(f MATCHES "^core/engine/")
      get_filename_component(own ${f} DIRECTORY)
      if(NOT own IN_LIST where)
        violation(${f} ${inc} "is ${where}/${name}: core/engine includes only its own folder")
      endif()
    elseif(f MATCHES "^core/")
      if(NOT where MATCHES "^core/")
        violation(${f} ${inc} "is ${where}/${name}: core/ includes nothing of the program, plugins, view or bench")
      endif()
    elseif(f MATCHES "^bench/")
      if((where MATCHES "^app" AND NOT name IN_LIST bench_app_ok)
          OR (where MATCHES "^plugins" AND NOT name IN_LIST bench_plugins_ok) OR where MATCHES "^viz")
        violation(${f} ${inc} "is ${where}/${name}: bench/ uses only public headers and the programs' shared helpers")
      endif()
    endif()
  endforeach()
endforeach()
list(LENGTH sources nfiles)
if(violations GREATER 0)
  message(FATAL_ERROR "${violations} layering violation(s) in ${nfiles} files")
endif()
message(STATUS "layers: ${nfiles} files of core/ and bench/ include only what their layer may")
