# Compiler flags shared by every target of the project.
set(SLUICE_WARNINGS -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter)
if(SLUICE_WERROR)
  list(APPEND SLUICE_WARNINGS -Werror)
endif()
add_compile_options("$<$<COMPILE_LANGUAGE:C>:${SLUICE_WARNINGS}>")
add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:-Wall;-Wextra;$<$<BOOL:${SLUICE_WERROR}>:-Werror>>")
add_compile_definitions(_GNU_SOURCE)

if(SLUICE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Fast paths are compiled with their own ISA flags, per file, and chosen at run
# time from CPUID: the build machine's CPU is never assumed (no -march=native).
set(SLUICE_FLAGS_AVX2      -mavx2 -mfma -mbmi2)
set(SLUICE_FLAGS_AVX512    -mavx512f -mavx512bw -mavx512vl -mavx512dq -mavx512vnni -mbmi2)

# Apply per-file ISA flags: a source named *_avx2.c gets AVX2, *_avx512.c gets AVX-512 (+VNNI).
function(sluice_isa_flags)
  foreach(src IN LISTS ARGN)
    if(src MATCHES "_avx512\\.c$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "${SLUICE_FLAGS_AVX512}")
    elseif(src MATCHES "_avx2\\.c$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "${SLUICE_FLAGS_AVX2}")
    endif()
  endforeach()
endfunction()
