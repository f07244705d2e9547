# bench/smoke.cmake — ctest bench.smoke (cmake -P): runs every benchmark's
# scale-1 build under qemu-mipsel/qemu-mips (the oracle) and under tern-system
# with each engine in ENGINES, both byte orders, and fails unless each run exits
# 0 and prints the same "bench NAME checksum 0x........" line as QEMU.
# Inputs: PROGRAMS, DIR (guest/bench), TERN, ENGINES, QEMU_EL, QEMU_EB.

# _run(OUT_VAR what cmd...): the checksum line of one run, or a fatal error.
function(_run out what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE text
                  ERROR_VARIABLE err TIMEOUT 120)
  string(REGEX MATCH "bench [a-z]+ checksum 0x[0-9a-f]+" line "${text}")
  if(NOT status STREQUAL "0" OR NOT line)
    message(FATAL_ERROR "FAIL ${what}: exit status ${status}\n${text}${err}")
  endif()
  set(${out} "${line}" PARENT_SCOPE)
endfunction()

set(failures 0)
foreach(prog ${PROGRAMS})
  foreach(order el eb)
    string(TOUPPER ${order} upper)
    _run(expect "${prog}.${order} qemu" ${QEMU_${upper}} -cpu 24Kf
         ${DIR}/${prog}_smoke.${order}.user.elf)
    foreach(engine ${ENGINES})
      _run(got "${prog}.${order} ${engine}" ${TERN} -kernel ${DIR}/${prog}_smoke.${order}.elf
           --engine=${engine})
      if(got STREQUAL expect)
        message("ok   ${prog}.${order} ${engine}: ${got}")
      else()
        message("FAIL ${prog}.${order} ${engine}: '${got}', qemu says '${expect}'")
        math(EXPR failures "${failures} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "bench smoke: ${failures} mismatches")
endif()
message("bench smoke: OK")
