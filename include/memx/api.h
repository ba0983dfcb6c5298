/* memx/api.h - what marks a function as part of libmemx's interface */
#ifndef MEMX_API_H
#define MEMX_API_H

/*
 * The library is built with hidden visibility: only functions declared
 * MX_API in include/memx/ are exported from libmemx.so; everything the
 * layers share among themselves stays inside.
 */
#if defined(__GNUC__)
#define MX_API __attribute__((visibility("default")))
#else
#define MX_API
#endif

#endif
