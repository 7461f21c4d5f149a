/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mask.h: customer details as the screen may show them.
 *
 * The server sends customer references and names masked already; the app
 * masks them again, so a server (or a cache) that sends them in full still
 * never puts a full phone number or name on a supervisor's screen. Masking
 * a masked value changes nothing.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "010-1234-5678" → "010-****-5678": only the first three and the last
 * four digits stay, and only when enough digits hide between them;
 * separators and other characters stay where they are. */
char *fb_mask_phone (const char *text);
/* "김민수" → "김*수", "이수" → "이*", "남궁민수" → "남**수": the first and
 * the last character stay (only the first of two), spaces stay. */
char *fb_mask_name  (const char *name);

G_END_DECLS
