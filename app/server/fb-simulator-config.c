/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator-config.c: the --sim-config file of the simulator. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <math.h>

#include "fb-simulator-private.h"

static void
sim_queue_config_free (gpointer data)
{
  SimQueueConfig *qc = data;

  g_free (qc->id);
  g_free (qc->name);
  g_free (qc);
}

void
fb_sim_config_free (FbSimConfig *config)
{
  if (config == NULL)
    return;
  g_clear_pointer (&config->queues, g_ptr_array_unref);
  g_free (config);
}

guint
fb_sim_config_get_n_queues (const FbSimConfig *config)
{
  g_return_val_if_fail (config != NULL, 0);
  return config->queues->len;
}

static gboolean G_GNUC_PRINTF (3, 4)
config_error (GError     **error,
              const char  *path,
              const char  *format,
              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: "Simulation config: queues[2].aht_s must be a number" */
  g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
               _("Simulation config: %s %s"), path, what);
  return FALSE;
}

gboolean
fb_sim_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* The member @name of @object, NULL when absent or null. */
JsonNode *
fb_sim_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/* Reads the member @name as a number into *@v, with its path for the
 * caller's own complaints in *@path; an absent member that is not
 * @required leaves *@path NULL. */
static gboolean
config_read_number (JsonObject  *object,
                    const char  *prefix,
                    const char  *name,
                    gboolean     required,
                    char       **path,
                    double      *v,
                    GError     **error)
{
  JsonNode *node = fb_sim_member (object, name);

  *path = g_strdup_printf ("%s.%s", prefix, name);
  if (node == NULL)
    {
      if (required)
        return config_error (error, *path, _("is missing"));
      g_clear_pointer (path, g_free);
      return TRUE;
    }
  if (!fb_sim_is_number (node))
    return config_error (error, *path, _("must be a number"));
  *v = json_node_get_double (node);
  return TRUE;
}

/* A number in [min, max] (above min when @open_min); @value keeps its
 * default when the member is absent and not @required. */
static gboolean
config_number (JsonObject  *object,
               const char  *prefix,
               const char  *name,
               gboolean     required,
               double       min,
               gboolean     open_min,
               double       max,
               double      *value,
               GError     **error)
{
  g_autofree char *path = NULL;
  double v;

  if (!config_read_number (object, prefix, name, required, &path, &v, error))
    return FALSE;
  if (path == NULL)
    return TRUE;
  if (open_min ? v <= min : v < min)
    return open_min ? config_error (error, path, _("must be greater than %g"), min)
                    : config_error (error, path, _("must be at least %g"), min);
  if (v > max)
    return config_error (error, path, _("must be at most %g"), max);
  *value = v;
  return TRUE;
}

static gboolean
config_whole (JsonObject  *object,
              const char  *prefix,
              const char  *name,
              gboolean     required,
              gint64       min,
              gint64       max,
              gint64      *value,
              GError     **error)
{
  g_autofree char *path = NULL;
  double v;

  if (!config_read_number (object, prefix, name, required, &path, &v, error))
    return FALSE;
  if (path == NULL)
    return TRUE;
  if (v != floor (v) || v < (double) min || v > (double) max)
    return config_error (error, path, _("must be a whole number from %d to %d"), (int) min, (int) max);
  *value = (gint64) v;
  return TRUE;
}

static gboolean
config_string (JsonObject  *object,
               const char  *prefix,
               const char  *name,
               char       **value,
               GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
  JsonNode *node = fb_sim_member (object, name);

  if (node == NULL)
    return config_error (error, path, _("is missing"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    return config_error (error, path, _("must be a non-empty string"));
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static SimQueueConfig *
parse_queue_config (JsonNode  *node,
                    guint      index,
                    GError   **error)
{
  g_autofree char *prefix = g_strdup_printf ("queues[%u]", index);
  SimQueueConfig *qc;
  JsonObject *object;
  JsonNode *flat;
  gint64 agents = 0, threshold = 20;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      config_error (error, prefix, _("must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  qc = g_new0 (SimQueueConfig, 1);
  if (!config_string (object, prefix, "id", &qc->id, error) ||
      !config_string (object, prefix, "name", &qc->name, error) ||
      !config_number (object, prefix, "arrivals_per_hour", TRUE, 0, FALSE, MAX_ARRIVALS,
                      &qc->arrivals_per_hour, error) ||
      !config_number (object, prefix, "aht_s", TRUE, 0, TRUE, DAY, &qc->aht_s, error) ||
      !config_whole (object, prefix, "agents", TRUE, 0, MAX_AGENTS, &agents, error) ||
      !config_number (object, prefix, "patience_s", FALSE, 0, TRUE, DAY, &qc->patience_s, error) ||
      !config_number (object, prefix, "acw_s", FALSE, 0, FALSE, DAY, &qc->acw_s, error) ||
      !config_whole (object, prefix, "sl_threshold_s", FALSE, 1, 3600, &threshold, error))
    {
      sim_queue_config_free (qc);
      return NULL;
    }
  if (qc->acw_s >= qc->aht_s)
    {
      g_autofree char *path = g_strdup_printf ("%s.acw_s", prefix);

      config_error (error, path, _("must be less than aht_s (after-call work is part of the handle time)"));
      sim_queue_config_free (qc);
      return NULL;
    }
  if ((flat = fb_sim_member (object, "flat")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (flat) || json_node_get_value_type (flat) != G_TYPE_BOOLEAN)
        {
          g_autofree char *path = g_strdup_printf ("%s.flat", prefix);

          config_error (error, path, _("must be true or false"));
          sim_queue_config_free (qc);
          return NULL;
        }
      qc->flat = json_node_get_boolean (flat);
    }
  qc->agents = (guint) agents;
  qc->sl_threshold_s = threshold;
  return qc;
}

/* The queue row the config will write must pass the codec too (lengths
 * of id and name): refuse it now rather than at the first tick. */
static gboolean
check_queue_row (const SimQueueConfig  *qc,
                 guint                  index,
                 GError               **error)
{
  static const char * const counts[] = {
    "waiting", "longest_wait_s", "agents_available", "agents_busy",
    "offered", "answered", "abandoned",
  };
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *row = json_object_new ();

  json_node_take_object (node, row);
  json_object_set_string_member (row, "id", qc->id);
  json_object_set_string_member (row, "name", qc->name);
  json_object_set_int_member (row, "sl_threshold_s", qc->sl_threshold_s);
  /* Zero figures: only the strings can fail. */
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    json_object_set_int_member (row, counts[i], 0);
  json_object_set_double_member (row, "service_level", 0);
  json_object_set_double_member (row, "asa_s", 0);
  json_object_set_double_member (row, "aht_s", 0);
  normalized = fb_entity_normalize (&fb_queue_spec, node, &local_error);
  /* And its interval rows, whose id is longer. */
  if (normalized != NULL)
    {
      g_autoptr(JsonNode) interval = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) checked = NULL;
      g_autofree char *iso = fb_timestamp_to_iso (QUARTER);
      g_autofree char *id = g_strdup_printf ("%s@%s", qc->id, iso);
      JsonObject *irow = json_object_new ();

      json_node_take_object (interval, irow);
      json_object_set_string_member (irow, "id", id);
      json_object_set_string_member (irow, "queue_id", qc->id);
      json_object_set_string_member (irow, "start", iso);
      json_object_set_int_member (irow, "offered", 0);
      json_object_set_int_member (irow, "answered", 0);
      json_object_set_int_member (irow, "abandoned", 0);
      json_object_set_int_member (irow, "answered_in_sl", 0);
      json_object_set_double_member (irow, "handle_time_s", 0);
      json_object_set_double_member (irow, "wait_time_s", 0);
      if (!(checked = fb_entity_normalize (&fb_queue_interval_spec, interval, &local_error)))
        g_clear_pointer (&normalized, json_node_unref);
    }
  if (normalized == NULL)
    {
      g_autofree char *path = g_strdup_printf ("queues[%u]", index);

      return config_error (error, path, "(%s)", local_error->message);
    }
  return TRUE;
}

/* An optional top-level rate within [0, @max]. */
static gboolean
config_rate (JsonObject  *root,
             const char  *name,
             double       max,
             double      *out,
             GError     **error)
{
  JsonNode *rate = fb_sim_member (root, name);

  if (rate == NULL)
    return TRUE;
  if (!fb_sim_is_number (rate))
    return config_error (error, name, _("must be a number"));
  if (json_node_get_double (rate) < 0)
    return config_error (error, name, _("must be at least %g"), 0.0);
  if (json_node_get_double (rate) > max)
    return config_error (error, name, _("must be at most %g"), max);
  *out = json_node_get_double (rate);
  return TRUE;
}

static FbSimConfig *
config_from_node (JsonNode  *root,
                  GError   **error)
{
  g_autoptr(FbSimConfig) config = g_new0 (FbSimConfig, 1);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *queues;
  JsonArray *array;
  guint total_agents = 0;

  config->queues = g_ptr_array_new_with_free_func (sim_queue_config_free);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
                   _("Simulation config: must be a JSON object with a “queues” list"));
      return NULL;
    }
  queues = fb_sim_member (json_node_get_object (root), "queues");
  if (!config_rate (json_node_get_object (root), "escalations_per_hour", MAX_ESCALATIONS_PER_HOUR,
                    &config->escalations_per_hour, error) ||
      !config_rate (json_node_get_object (root), "requests_per_hour", MAX_REQUESTS_PER_HOUR,
                    &config->requests_per_hour, error))
    return NULL;
  if (queues == NULL || !JSON_NODE_HOLDS_ARRAY (queues) ||
      json_array_get_length (array = json_node_get_array (queues)) == 0)
    {
      config_error (error, "queues", _("must be a list of at least one queue"));
      return NULL;
    }
  if (json_array_get_length (array) > MAX_QUEUES)
    {
      config_error (error, "queues", _("must list at most %d queues"), MAX_QUEUES);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SimQueueConfig *qc = parse_queue_config (json_array_get_element (array, i), i, error);

      if (qc == NULL)
        return NULL;
      g_ptr_array_add (config->queues, qc);
      if (!check_queue_row (qc, i, error))
        return NULL;
      if (!g_hash_table_add (ids, qc->id))
        {
          g_autofree char *path = g_strdup_printf ("queues[%u].id", i);

          config_error (error, path, _("repeats the queue id “%s”"), qc->id);
          return NULL;
        }
      total_agents += qc->agents;
    }
  if (total_agents > MAX_TOTAL_AGENTS)
    {
      config_error (error, "queues", _("staff %u agents in all; at most %d are allowed"),
                    total_agents, MAX_TOTAL_AGENTS);
      return NULL;
    }
  return g_steal_pointer (&config);
}

FbSimConfig *
fb_sim_config_new_from_data (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
                   _("Simulation config: not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return config_from_node (json_parser_get_root (parser), error);
}

FbSimConfig *
fb_sim_config_new_from_file (const char  *path,
                             GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  FbSimConfig *config;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > 16 * 1024 * 1024)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
                   _("%s: the simulation config is larger than 16 MB"), path);
      return NULL;
    }
  if (!(config = fb_sim_config_new_from_data (contents, (gssize) length, error)))
    g_prefix_error (error, "%s: ", path);
  return config;
}
