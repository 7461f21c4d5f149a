/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-private.h: what tests may see of the server and clients never
 * can (no route answers with it). */
#pragma once

#include "fb-server.h"

G_BEGIN_DECLS

/* Password hashes verified so far (argon2id runs, sign-in attempts that
 * were not refused before hashing). */
guint fb_server_get_password_checks (FbServer *self);

G_END_DECLS
