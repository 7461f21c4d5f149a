/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-qa-dialog.h: records a QA evaluation (QA inspectors only): the agent,
 * the call, five scores and a comment, with the total it will get; saved
 * through the sync engine's outbox. */
#pragma once

#include <adwaita.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_QA_DIALOG (fb_qa_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FbQaDialog, fb_qa_dialog, FB, QA_DIALOG, AdwWindow)

/* @agents and @evaluations are FbRow models of "agent" and
 * "qa_evaluation" rows (the agents to choose from; the newest weights). */
FbQaDialog *fb_qa_dialog_new            (GtkWindow    *parent,
                                         FbSyncEngine *engine,
                                         GListModel   *agents,
                                         GListModel   *evaluations);
void        fb_qa_dialog_select_agent   (FbQaDialog   *self,
                                         const char   *agent_id);
/* Fills the form as a user would type it (for tests); @scores holds
 * FB_QA_N_CRITERIA strings; NULL leaves a field as it is. */
void        fb_qa_dialog_fill           (FbQaDialog   *self,
                                         const char   *agent_id,
                                         const char   *call_ref,
                                         const char * const *scores,
                                         const char   *comment);
/* Why Save is disabled, NULL when it is not. */
const char *fb_qa_dialog_get_problem    (FbQaDialog   *self);
/* The total the evaluation will get, NAN while a score is missing. */
double      fb_qa_dialog_get_preview    (FbQaDialog   *self);
/* Which weights the preview uses, as shown. */
const char *fb_qa_dialog_get_weights_text (FbQaDialog *self);
/* The failure of the last save, as shown; NULL when none. */
const char *fb_qa_dialog_get_error      (FbQaDialog   *self);

G_END_DECLS
