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
if(MEMX_STATIC AND NOT (MEMX_SANITIZE OR MEMX_VALGRIND OR MEMX_FUZZ))
  set(MEMX_STATIC_LINK ON)
  set(_memx_static_names yaml fdt)
  if(MEMX_BUILD_TUI)
    list(APPEND _memx_static_names ${NCURSESW_STATIC_LIBRARIES})
  endif()
  list(REMOVE_ITEM _memx_static_names dl) # in libc since glibc 2.34
  list(REMOVE_DUPLICATES _memx_static_names)
  set(MEMX_STATIC_ARCHIVES "")
  foreach(_n IN LISTS _memx_static_names)
    find_library(MEMX_ARCHIVE_${_n} NAMES lib${_n}.a)
    if(NOT MEMX_ARCHIVE_${_n})
      message(STATUS "memx: no lib${_n}.a; the memx executable is linked dynamically")
      set(MEMX_STATIC_LINK OFF)
    endif()
    set(MEMX_STATIC_ARCHIVE_${_n} ${MEMX_ARCHIVE_${_n}})
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

if(MEMX_STATIC_LINK)
  memx_dep(memx::yaml PkgConfig::YAML ${MEMX_STATIC_ARCHIVE_yaml})
  memx_dep(memx::fdt_dep memx::fdt ${MEMX_STATIC_ARCHIVE_fdt})
  if(MEMX_BUILD_TUI)
    set(_nc "")
    foreach(_n IN LISTS NCURSESW_STATIC_LIBRARIES)
      if(NOT _n STREQUAL "dl")
        list(APPEND _nc ${MEMX_STATIC_ARCHIVE_${_n}})
      endif()
    endforeach()
    memx_dep(memx::ncursesw PkgConfig::NCURSESW ${_nc})
  endif()
  message(STATUS "memx: the memx executable is linked statically")
else()
  memx_dep(memx::yaml PkgConfig::YAML)
  memx_dep(memx::fdt_dep memx::fdt)
  if(MEMX_BUILD_TUI)
    memx_dep(memx::ncursesw PkgConfig::NCURSESW)
  endif()
endif()
