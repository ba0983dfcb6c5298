# The memx executable is linked statically when it can be: a command reads a board and
# prints in a few milliseconds, and loading four shared libraries (libyaml, libfdt,
# ncursesw, tinfo) and binding their symbols cost as much as the work itself (README,
# Performance: device-tree input against dtc). Only the executable: libmemx stays a shared
# and a static library, and the test programs stay dynamic.
#
# Sanitizers, valgrind (its leak checker replaces malloc in a shared libc) and libFuzzer
# need a dynamic binary: there MEMX_STATIC is ignored. A missing static archive (or a libc
# without libc.a) gives a dynamic binary and says so.
#
# The dependencies are wrapped as memx::yaml, memx::fdt_dep and memx::ncursesw: each links
# the shared library, or the static archives when the target being linked has the property
# MEMX_STATIC_LINK (set on the memx executable alone).
set(MEMX_STATIC_LINK OFF)
set(_memx_a_yaml "")
set(_memx_a_fdt "")
set(_memx_a_ncursesw "")
if(MEMX_STATIC AND NOT (MEMX_SANITIZE OR MEMX_VALGRIND OR MEMX_FUZZ))
  set(MEMX_STATIC_LINK ON)
  set(_memx_groups yaml fdt)
  set(_memx_names_yaml yaml)
  set(_memx_names_fdt fdt)
  if(MEMX_BUILD_TUI)
    list(APPEND _memx_groups ncursesw)
    set(_memx_names_ncursesw ${NCURSESW_STATIC_LIBRARIES})
    list(REMOVE_ITEM _memx_names_ncursesw dl) # in libc since glibc 2.34
  endif()
  foreach(_g IN LISTS _memx_groups)
    foreach(_n IN LISTS _memx_names_${_g})
      find_library(MEMX_ARCHIVE_${_n} NAMES lib${_n}.a)
      if(NOT MEMX_ARCHIVE_${_n})
        message(STATUS "memx: no lib${_n}.a; the memx executable is linked dynamically")
        set(MEMX_STATIC_LINK OFF)
      endif()
      list(APPEND _memx_a_${_g} ${MEMX_ARCHIVE_${_n}})
    endforeach()
  endforeach()
  if(MEMX_STATIC_LINK)
    include(CheckCSourceCompiles)
    set(CMAKE_REQUIRED_LINK_OPTIONS -static)
    check_c_source_compiles("int main(void) { return 0; }" MEMX_HAVE_STATIC_LIBC)
    unset(CMAKE_REQUIRED_LINK_OPTIONS)
    if(NOT MEMX_HAVE_STATIC_LIBC)
      message(STATUS "memx: no static libc; the memx executable is linked dynamically")
      set(MEMX_STATIC_LINK OFF)
    endif()
  endif()
  if(MEMX_STATIC_LINK)
    message(STATUS "memx: the memx executable is linked statically")
  else()
    set(_memx_a_yaml "")
    set(_memx_a_fdt "")
    set(_memx_a_ncursesw "")
  endif()
endif()

# memx_dep(NAME SHARED_TARGET ARCHIVES...): NAME links SHARED_TARGET, or ARCHIVES in a
# static link; its headers and flags come from SHARED_TARGET either way.
function(memx_dep name shared)
  add_library(${name} INTERFACE IMPORTED GLOBAL)
  set(_static "$<BOOL:$<TARGET_PROPERTY:MEMX_STATIC_LINK>>")
  set(_libs "$<$<NOT:${_static}>:${shared}>")
  foreach(_a IN LISTS ARGN)
    list(APPEND _libs "$<${_static}:${_a}>")
  endforeach()
  set_target_properties(${name} PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "$<TARGET_PROPERTY:${shared},INTERFACE_INCLUDE_DIRECTORIES>"
    INTERFACE_COMPILE_OPTIONS "$<TARGET_PROPERTY:${shared},INTERFACE_COMPILE_OPTIONS>"
    INTERFACE_LINK_LIBRARIES "${_libs}")
endfunction()

memx_dep(memx::yaml PkgConfig::YAML ${_memx_a_yaml})
memx_dep(memx::fdt_dep memx::fdt ${_memx_a_fdt})
if(MEMX_BUILD_TUI)
  memx_dep(memx::ncursesw PkgConfig::NCURSESW ${_memx_a_ncursesw})
endif()
