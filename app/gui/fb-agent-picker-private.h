/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-agent-picker-private.h: the picker's parts, for tests that drive it
 * as a user would (open it, type, pick a row). */
#pragma once

#include "fb-agent-picker.h"

G_BEGIN_DECLS

/* The labels the list shows now, one a line. */
char          *fb_agent_picker_dup_shown        (FbAgentPicker *self);

G_END_DECLS
