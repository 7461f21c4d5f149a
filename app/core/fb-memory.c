/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-memory.c
 *
 * A bulk load (the first sync, a cache reset, reloading every list) frees
 * megabytes of parse buffers and superseded rows at once. glibc keeps
 * freed heap memory for reuse, so a dashboard that runs all day would keep
 * its start-up peak as resident memory; after such work it is handed back
 * to the system.
 *
 * Image buffers (seat map tiles, frames) are large and short-lived. glibc
 * serves them from the heap once one has been freed (its mmap threshold
 * rises), where they fragment it; a fixed threshold keeps them in their
 * own mappings, returned when freed.
 */
#define G_LOG_DOMAIN "floorboard-core"

#include "fb-memory.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/**
 * fb_memory_init:
 *
 * Sets the process's allocation policy; call it first thing in main().
 */
void
fb_memory_init (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
  mallopt (M_TRIM_THRESHOLD, 8 * 1024 * 1024);
#endif
}

/**
 * fb_memory_release:
 *
 * Returns free heap memory to the system. Call it after bulk work, not
 * on every change: it walks the allocator's free lists.
 */
void
fb_memory_release (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
