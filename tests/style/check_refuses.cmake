# Runs function_length (TOOL) on the fixture long_functions.txt, in this folder, and checks that
# it fails (exit status 1) listing exactly what long_functions.expected says.
execute_process(COMMAND ${TOOL} long_functions.txt
                WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors)
file(READ ${CMAKE_CURRENT_LIST_DIR}/long_functions.expected expected)
if(NOT status EQUAL 1)
  message(FATAL_ERROR "function_length exited with ${status}, expected 1\n${output}${errors}")
endif()
if(NOT output STREQUAL expected)
  message(FATAL_ERROR "function_length listed:\n${output}\nexpected:\n${expected}")
endif()
