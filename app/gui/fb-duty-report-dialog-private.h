/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-duty-report-dialog-private.h: what the dialog (fb-duty-report-dialog.c)
 * shares with the duty reports' helpers (fb-duty-report.c). */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-duty-rules.h"
#include "fb-request-rules.h"
#include "fb-store.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* Whether the session's @role ("manager" …) does @action on duty reports
 * (fb_duty_role_may()); FALSE for no role. */
gboolean    fb_duty_report_role_may        (const char  *role,
                                            FbDutyAction action);
/* @text as a real date "YYYY-MM-DD", nothing else; @out may be NULL. */
gboolean    fb_duty_report_parse_date      (const char  *text,
                                            GDate       *out);
/* "2024-05-01, Day shift": the shift as people name it. */
char       *fb_duty_report_shift_title     (const char  *date,
                                            FbShift      shift);
/* @id's name in @names (may be NULL), else @id. */
const char *fb_duty_report_name_of         (GHashTable  *names,
                                            const char  *id);
/* The cached report @id as its JSON object, NULL when there is none or it
 * does not read as a duty report; @version (may be NULL) its version. */
JsonObject *fb_duty_report_read            (FbStore     *store,
                                            const char  *id,
                                            gint64      *version);
/* The signed-in user and who is on duty when, as the cache has them;
 * FALSE when the user is not in the cache yet. */
gboolean    fb_duty_report_load_authority  (FbStore     *store,
                                            const char  *user_id,
                                            FbUser     **user,
                                            FbRoster   **roster);
/* The figures of @shift of @date worked out from @store's cache on a
 * worker thread, in the center's zone. */
void        fb_duty_report_figures_async   (FbStore             *store,
                                            const char          *date,
                                            FbShift              shift,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonNode   *fb_duty_report_figures_finish  (FbStore             *store,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
