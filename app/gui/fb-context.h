/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-context.h: what every page of the window shares — the cache, the
 * sync engine, the settings, the center's clock and the names of people —
 * handed to each page as one object instead of one setter per part. */
#pragma once

#include <gio/gio.h>

#include "fb-center-clock.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_CONTEXT (fb_context_get_type ())
G_DECLARE_FINAL_TYPE (FbContext, fb_context, FB, CONTEXT, GObject)

/* The "context" property of every widget that takes one: the window
 * hands its own to each page; set at construction for those made alone. */
GParamSpec    *fb_context_param_spec_new (void);

/* Called with a context other than the one the widget holds; it keeps
 * the new one (and what it takes from it) itself. */
typedef void (*FbContextSetFunc) (GObject   *object,
                                  FbContext *context);

/* Installs "context" with accessors that read the widget's context from
 * the instance at @context_offset, call @set_context for another one and
 * notify; the class's own get_property and set_property, when it set
 * them before this call, still serve its other properties. */
void           fb_context_install_property (GObjectClass     *object_class,
                                            gsize             context_offset,
                                            FbContextSetFunc  set_context);

/* @settings: NULL for the app's own (FB_APP_ID). */
FbContext     *fb_context_new          (FbStore      *store,
                                        FbSyncEngine *engine,
                                        GSettings    *settings);
FbStore       *fb_context_get_store    (FbContext    *self);
FbSyncEngine  *fb_context_get_engine   (FbContext    *self);
GSettings     *fb_context_get_settings (FbContext    *self);
/* The center's clock, in the zone the server last sent: every day, shift
 * and time on screen is counted in it, not in the machine's zone. */
FbCenterClock *fb_context_get_clock    (FbContext    *self);
/* id -> display name of the agents and users in the cache; the window
 * keeps it filled, pages only read it. */
GHashTable    *fb_context_get_names    (FbContext    *self);
/* "14:02" for a moment of the center's today, "Nov 20, 14:02" for
 * another day; "—" for none (@unix_s <= 0). */
char          *fb_context_format_time  (FbContext    *self,
                                        gint64        unix_s);

G_END_DECLS
