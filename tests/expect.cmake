# expect.cmake: run a command and check its exit status and output (a CTest helper).
#   cmake -P tests/expect.cmake -- STATUS TEXT COMMAND [ARG...]
# Passes when COMMAND exits with STATUS and its stdout or stderr holds TEXT
# (a plain substring, no pattern); otherwise prints what it got and fails.
cmake_minimum_required(VERSION 3.18)
set(args)
set(seen 0)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(k RANGE ${last})
  if(seen)
    list(APPEND args "${CMAKE_ARGV${k}}")
  elseif("${CMAKE_ARGV${k}}" STREQUAL "--")
    set(seen 1)
  endif()
endforeach()
list(LENGTH args n)
if(n LESS 3)
  message(FATAL_ERROR "usage: cmake -P expect.cmake -- STATUS TEXT COMMAND [ARG...]")
endif()
list(POP_FRONT args want_rc want_text)
execute_process(COMMAND ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(FIND "${out}${err}" "${want_text}" at)
if(NOT rc STREQUAL want_rc OR at EQUAL -1)
  list(JOIN args " " cmd)
  message(FATAL_ERROR "${cmd}\n  exit status ${rc} (expected ${want_rc}), output should hold: ${want_text}\n"
    "--- stdout\n${out}--- stderr\n${err}")
endif()
message(STATUS "exit ${rc}, output holds: ${want_text}")
