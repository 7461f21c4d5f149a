/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-agent-picker-private.h: the picker's parts, for tests that drive it
 * as a user would (open it, type, pick a row). */
#pragma once

#include "fb-agent-picker.h"

G_BEGIN_DECLS

GtkMenuButton *fb_agent_picker_get_button       (FbAgentPicker *self);
GtkEditable   *fb_agent_picker_get_search_entry (FbAgentPicker *self);
GtkListView   *fb_agent_picker_get_list_view    (FbAgentPicker *self);
/* The labels the list shows now, one a line. */
char          *fb_agent_picker_dup_shown        (FbAgentPicker *self);

G_END_DECLS
