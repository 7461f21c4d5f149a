/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-row.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-row.h"
#include "fb-store.h"

struct _FbRow
{
  GObject             parent_instance;
  char               *id;
  gint64              version;
  const FbEntitySpec *spec;
  JsonNode           *root;
  gpointer            entity;
};

G_DEFINE_FINAL_TYPE (FbRow, fb_row, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_VERSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
fb_row_finalize (GObject *object)
{
  FbRow *self = (FbRow *)object;

  if (self->entity != NULL)
    fb_entity_free (self->spec, self->entity);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (fb_row_parent_class)->finalize (object);
}

static void
fb_row_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  FbRow *self = FB_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_row_class_init (FbRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_row_finalize;
  object_class->get_property = fb_row_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_row_init (FbRow *self)
{
}

FbRow *
fb_row_new (const FbChange  *change,
            GError         **error)
{
  g_autoptr(FbRow) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const FbEntitySpec *spec;

  g_return_val_if_fail (change != NULL, NULL);
  g_return_val_if_fail (change->data != NULL, NULL);

  spec = fb_entity_spec_lookup (change->type);
  if (spec == NULL)
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_UNKNOWN_TYPE,
                   _("Unknown row type “%s”"), change->type);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, change->data, -1, error))
    return NULL;

  self = g_object_new (FB_TYPE_ROW, NULL);
  self->id = g_strdup (change->id);
  self->version = change->version;
  self->spec = spec;
  self->root = json_parser_steal_root (parser);
  self->entity = fb_entity_decode (spec, self->root, error);
  if (self->entity == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fb_row_get_id (FbRow *self)
{
  g_return_val_if_fail (FB_IS_ROW (self), NULL);
  return self->id;
}

const char *
fb_row_get_kind (FbRow *self)
{
  g_return_val_if_fail (FB_IS_ROW (self), NULL);
  return self->spec->type;
}

gint64
fb_row_get_version (FbRow *self)
{
  g_return_val_if_fail (FB_IS_ROW (self), 0);
  return self->version;
}

JsonObject *
fb_row_get_object (FbRow *self)
{
  g_return_val_if_fail (FB_IS_ROW (self), NULL);
  return json_node_get_object (self->root);
}

gconstpointer
fb_row_get_entity (FbRow *self)
{
  g_return_val_if_fail (FB_IS_ROW (self), NULL);
  return self->entity;
}

JsonNode *
fb_row_lookup (FbRow      *self,
               const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node;

  g_return_val_if_fail (FB_IS_ROW (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  parts = g_strsplit (path, ".", 0);
  node = self->root;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}
