/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-agent-picker.h: chooses one agent from a list of labels such as
 * "김민지 (CS-2021-014)": a button that opens a searchable list, where
 * what is typed is found anywhere in the label — the name or the employee
 * number it shows (GTK 4.8's GtkDropDown finds only the start of a label). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_AGENT_PICKER (fb_agent_picker_get_type ())
G_DECLARE_FINAL_TYPE (FbAgentPicker, fb_agent_picker, FB, AGENT_PICKER, GtkWidget)

GtkWidget  *fb_agent_picker_new          (void);
/* @model: GtkStringObject items, the agents' labels. */
void        fb_agent_picker_set_model    (FbAgentPicker *self,
                                          GListModel    *model);
GListModel *fb_agent_picker_get_model    (FbAgentPicker *self);
/* The chosen position in the model, GTK_INVALID_LIST_POSITION for none. */
guint       fb_agent_picker_get_selected (FbAgentPicker *self);
void        fb_agent_picker_set_selected (FbAgentPicker *self,
                                          guint          position);
/* The chosen label, NULL for none. */
const char *fb_agent_picker_get_selected_label (FbAgentPicker *self);

G_END_DECLS
