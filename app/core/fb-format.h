/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-format.h: dates in the interface's language. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_date_time_format(), except that %a %A %b %B are days' and months'
 * names from Floorboard's own translations: a Korean interface says
 * 월요일 also where the C library's LC_TIME is C or English. */
char *fb_date_time_format (GDateTime  *dt,
                           const char *format);

G_END_DECLS
