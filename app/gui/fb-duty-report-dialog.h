/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-duty-report-dialog.h: the duty leader's report of a shift (seeds: the
 * daily duty report and the handover log), for shift leaders and
 * supervisors; read-only for other roles. Prefilled with the shift's
 * figures; what is typed is kept as a draft in the cache as it is typed;
 * saved and submitted through the sync engine's outbox. */
#pragma once

#include <adwaita.h>

#include "fb-duty-rules.h"
#include "fb-entity.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* After a shift ends its leader still writes its report for this long. */
#define FB_DUTY_WRITE_GRACE_S    (2 * 3600)

#define FB_TYPE_DUTY_REPORT_DIALOG (fb_duty_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FbDutyReportDialog, fb_duty_report_dialog, FB, DUTY_REPORT_DIALOG, AdwWindow)

/* "duty-2024-05-01-day": the report's id, and its draft's key. */
char       *fb_duty_report_id              (const char     *date,
                                            FbShift         shift);
/* The shift before @shift of @date. */
void        fb_duty_report_previous_shift  (const char     *date,
                                            FbShift         shift,
                                            char          **prev_date,
                                            FbShift        *prev_shift);
/* Whether @role ("shift_leader" …) writes duty reports. */
gboolean    fb_duty_report_role_can_write  (const char     *role);

/* The report the incoming shift's leader may acknowledge at @now: the
 * previous shift's, submitted, by someone else, not yet acknowledged.
 * Returns its id and sets @description to words saying so; NULL when
 * there is none (or @role may not acknowledge). */
char       *fb_duty_report_find_handover   (FbStore        *store,
                                            const char     *user_id,
                                            const char     *role,
                                            GHashTable     *names,
                                            gint64          now,
                                            char          **description);
/* POST …/{id}/acknowledge through the outbox, shown at once in the cache
 * (fb_client_acknowledge_duty_report_async()). */
void        fb_duty_report_acknowledge_async (FbSyncEngine *engine,
                                            FbStore        *store,
                                            const char     *id,
                                            GCancellable   *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer        user_data);
gboolean    fb_duty_report_acknowledge_finish (FbSyncEngine *engine,
                                            GAsyncResult   *result,
                                            GError        **error);

/* @store: the cache (reports and drafts); @names: id → name, may be NULL.
 * Opens on the running or just-ended shift (see FB_DUTY_WRITE_GRACE_S). */
FbDutyReportDialog *fb_duty_report_dialog_new (GtkWindow    *parent,
                                            FbSyncEngine   *engine,
                                            FbStore        *store,
                                            GHashTable     *names);
/* Shows @shift of @date ("YYYY-MM-DD"): its draft over its report. */
void        fb_duty_report_dialog_set_shift (FbDutyReportDialog *self,
                                            const char     *date,
                                            FbShift         shift);
const char *fb_duty_report_dialog_get_date (FbDutyReportDialog *self);
FbShift     fb_duty_report_dialog_get_shift (FbDutyReportDialog *self);
/* A field as typed: a text field ("handover_notes") or a count
 * ("complaints", as digits). Setting one is what typing does. */
void        fb_duty_report_dialog_set_field (FbDutyReportDialog *self,
                                            const char     *field,
                                            const char     *text);
char       *fb_duty_report_dialog_dup_field (FbDutyReportDialog *self,
                                            const char     *field);
/* A figure as shown ("offered" → "1,234"), "–" when unknown. */
const char *fb_duty_report_dialog_get_figure (FbDutyReportDialog *self,
                                            const char     *key);
/* Writes the pending draft now instead of after the pause. */
void        fb_duty_report_dialog_save_draft_now (FbDutyReportDialog *self);
/* Why Submit is disabled, NULL when it is not. */
const char *fb_duty_report_dialog_get_problem (FbDutyReportDialog *self);
/* Why nothing can be changed, NULL when it can. */
const char *fb_duty_report_dialog_get_read_only_reason (FbDutyReportDialog *self);
/* The failure of the last save, as shown; NULL when none. */
const char *fb_duty_report_dialog_get_error (FbDutyReportDialog *self);
/* "Restored the draft of …" when a draft was restored, else NULL. */
const char *fb_duty_report_dialog_get_draft_note (FbDutyReportDialog *self);

G_END_DECLS
