/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-memory.h: giving memory back after bulk work. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void fb_memory_init    (void);
void fb_memory_release (void);

G_END_DECLS
