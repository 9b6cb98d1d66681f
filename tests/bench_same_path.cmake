# bench_same_path.cmake: `cxsim bench` times cxsim's engine against a
# hand-written loop of the same Erlang-A centre (bench/cx_refloop.c). The two
# draw the same random streams in the same order, so they must simulate the
# very same sample path: the service level, abandonment and occupancy each
# prints must agree to every digit, and the ratio line must be there.
#   cmake -P tests/bench_same_path.cmake -- BENCH_PROGRAM
cmake_minimum_required(VERSION 3.18)
math(EXPR last "${CMAKE_ARGC} - 1")
set(bench "${CMAKE_ARGV${last}}")
execute_process(COMMAND ${bench} --years 0.02 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${bench} exited ${rc}\n${out}${err}")
endif()
string(REGEX MATCH "check +service level ([0-9.]+) \\(Erlang A [0-9.]+\\), abandonment ([0-9.]+) \\([0-9.]+\\), occupancy ([0-9.]+)" m1 "${out}")
set(engine "${CMAKE_MATCH_1} ${CMAKE_MATCH_2} ${CMAKE_MATCH_3}")
string(REGEX MATCH "its check: service level ([0-9.]+), abandonment ([0-9.]+), occupancy ([0-9.]+)" m2 "${out}")
set(reference "${CMAKE_MATCH_1} ${CMAKE_MATCH_2} ${CMAKE_MATCH_3}")
if(NOT m1 OR NOT m2 OR NOT engine STREQUAL reference)
  message(FATAL_ERROR "engine (${engine}) and reference loop (${reference}) differ:\n${out}")
endif()
if(NOT out MATCHES "ratio +cxsim / reference: [0-9]+\\.[0-9][0-9]")
  message(FATAL_ERROR "no ratio line:\n${out}")
endif()
message(STATUS "same sample path: ${engine}")
