/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-context.c
 *
 * One object the window makes and every page holds: a page that needs
 * the cache, the engine, the settings, the clock or people's names takes
 * them from here, so a new shared part is one property, not a setter on
 * every page and a line for each in the window.
 */
#define G_LOG_DOMAIN "floorboard"

#include "fb-context.h"
#include "fb-labels.h"
#include "fb-store.h"
#include "fb-sync-engine.h"

struct _FbContext
{
  GObject       parent_instance;

  FbStore      *store;
  FbSyncEngine *engine;
  GSettings    *settings;
  GHashTable   *names;
};

G_DEFINE_FINAL_TYPE (FbContext, fb_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENGINE,
  PROP_SETTINGS,
  PROP_CLOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_context_constructed (GObject *object)
{
  FbContext *self = FB_CONTEXT (object);

  G_OBJECT_CLASS (fb_context_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (FB_APP_ID);
}

static void
fb_context_finalize (GObject *object)
{
  FbContext *self = FB_CONTEXT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (fb_context_parent_class)->finalize (object);
}

static void
fb_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FbContext *self = FB_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, fb_context_get_clock (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FbContext *self = FB_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_context_class_init (FbContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fb_context_constructed;
  object_class->finalize = fb_context_finalize;
  object_class->get_property = fb_context_get_property;
  object_class->set_property = fb_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, FB_TYPE_SYNC_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, FB_TYPE_CENTER_CLOCK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_context_init (FbContext *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GParamSpec *
fb_context_param_spec_new (void)
{
  return g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                              G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

typedef struct
{
  gsize            offset;
  FbContextSetFunc set;
  GParamSpec      *pspec;
  /* The class's own accessors, for its other properties. */
  void (*get_property) (GObject      *object,
                        guint         prop_id,
                        GValue       *value,
                        GParamSpec   *pspec);
  void (*set_property) (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec);
} FbContextProperty;

/* Past any enum of the class's own: accessors tell the context by its
 * spec, the id only has to differ from theirs. */
#define CONTEXT_PROP_ID 0x1000

static GQuark
context_property_quark (void)
{
  return g_quark_from_static_string ("fb-context-property");
}

static void
context_property_get (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  const FbContextProperty *prop = g_type_get_qdata (pspec->owner_type, context_property_quark ());

  g_assert (prop != NULL);
  if (pspec != prop->pspec)
    {
      if (prop->get_property != NULL)
        prop->get_property (object, prop_id, value, pspec);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_value_set_object (value, G_STRUCT_MEMBER (FbContext *, object, prop->offset));
}

static void
context_property_set (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  const FbContextProperty *prop = g_type_get_qdata (pspec->owner_type, context_property_quark ());
  FbContext *context;

  g_assert (prop != NULL);
  if (pspec != prop->pspec)
    {
      if (prop->set_property != NULL)
        prop->set_property (object, prop_id, value, pspec);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  context = g_value_get_object (value);
  if (G_STRUCT_MEMBER (FbContext *, object, prop->offset) == context)
    return;
  prop->set (object, context);
  g_object_notify_by_pspec (object, pspec);
}

void
fb_context_install_property (GObjectClass     *object_class,
                             gsize             context_offset,
                             FbContextSetFunc  set_context)
{
  FbContextProperty *prop;

  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));
  g_return_if_fail (set_context != NULL);

  /* Kept for the life of the type, like the class itself. */
  prop = g_new0 (FbContextProperty, 1);
  prop->offset = context_offset;
  prop->set = set_context;
  prop->pspec = fb_context_param_spec_new ();
  prop->get_property = object_class->get_property;
  prop->set_property = object_class->set_property;
  g_type_set_qdata (G_OBJECT_CLASS_TYPE (object_class), context_property_quark (), prop);

  object_class->get_property = context_property_get;
  object_class->set_property = context_property_set;
  g_object_class_install_property (object_class, CONTEXT_PROP_ID, prop->pspec);
}

FbContext *
fb_context_new (FbStore      *store,
                FbSyncEngine *engine,
                GSettings    *settings)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || FB_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FB_TYPE_CONTEXT,
                       "store", store,
                       "engine", engine,
                       "settings", settings,
                       NULL);
}

FbStore *
fb_context_get_store (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  return self->store;
}

FbSyncEngine *
fb_context_get_engine (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  return self->engine;
}

GSettings *
fb_context_get_settings (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  return self->settings;
}

FbCenterClock *
fb_context_get_clock (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  /* The store reads the zone the engine last wrote each time: asking it
   * rather than keeping a clock here follows a zone the server changes. */
  return fb_store_get_center_clock (self->store);
}

GHashTable *
fb_context_get_names (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  return self->names;
}

char *
fb_context_format_time (FbContext *self,
                        gint64     unix_s)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  return fb_labels_format_time_in (fb_center_clock_get_time_zone (fb_context_get_clock (self)), unix_s);
}
