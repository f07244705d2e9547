# tests/guest/run_guest.cmake — runs one guest program (cmake -P) and turns its
# exit status into output the test's regexes see: ctest's PASS_REGULAR_EXPRESSION
# alone would ignore the status, so a non-zero status prints a FAIL line.
# Usage: cmake -DNAME=alu "-DCOMMAND=prog;arg;..." -P run_guest.cmake
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE status OUTPUT_VARIABLE out
                ERROR_VARIABLE err TIMEOUT 100)
message("${out}${err}")
if(NOT status STREQUAL "0")
  message(FATAL_ERROR "FAIL ${NAME}: exit status ${status}")
endif()
