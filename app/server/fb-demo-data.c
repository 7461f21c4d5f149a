/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo-data.c: the demo seed's tools — center time, its data files,
 * writing rows and making up names. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>

#include "fb-demo-private.h"

/* Center time. Dates are counted as day numbers (days since 1970-01-01,
 * whatever the zone); the center clock says where each day and shift
 * begins, so a day of 23 or 25 hours keeps its shifts at 08:00 and 20:00. */

char *
fb_demo_day_string (Demo   *d,
                    gint64  day)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (day * DAY);

  return g_date_time_format (date, "%Y-%m-%d");
}

/* The day number of the center date holding @t. */
gint64
fb_demo_day_of (Demo   *d,
                gint64  t)
{
  g_autoptr(GDateTime) local = fb_center_clock_local (d->clock, t);

  return (t + g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND) / DAY;
}

gint64
fb_demo_day_start (Demo   *d,
                   gint64  day)
{
  g_autofree char *date = fb_demo_day_string (d, day);

  return fb_center_clock_at (d->clock, date, 0, 0);
}

/* The center time @hour:@minute on @day. */
gint64
fb_demo_at (Demo   *d,
            gint64  day,
            int     hour,
            int     minute)
{
  g_autofree char *date = fb_demo_day_string (d, day);

  return fb_center_clock_at (d->clock, date, hour, minute);
}

gint64
fb_demo_seconds_into_day (Demo   *d,
                          gint64  t)
{
  return t - fb_demo_day_start (d, fb_demo_day_of (d, t));
}

char *
fb_demo_format_center (Demo       *d,
                       gint64      t,
                       const char *format)
{
  return fb_center_clock_format (d->clock, t, format);
}

gint64
fb_demo_shift_start_of (Demo    *d,
                        gint64   day,
                        FbShift  shift)
{
  g_autofree char *date = fb_demo_day_string (d, day);
  gint64 start = 0;

  fb_center_clock_shift_bounds (d->clock, date, shift, &start, NULL);
  return start;
}

gint64
fb_demo_shift_end_of (Demo    *d,
                      gint64   day,
                      FbShift  shift)
{
  g_autofree char *date = fb_demo_day_string (d, day);
  gint64 end = 0;

  fb_center_clock_shift_bounds (d->clock, date, shift, NULL, &end);
  return end;
}

/* The shift running at @t, the day it is named after and its start time. */
FbShift
fb_demo_shift_at (Demo   *d,
                  gint64  t,
                  gint64 *out_day,
                  gint64 *out_start)
{
  gint64 start;
  FbShift shift = fb_center_clock_shift_at (d->clock, t, NULL, &start, NULL);

  if (out_day != NULL)
    *out_day = fb_demo_day_of (d, start);
  if (out_start != NULL)
    *out_start = start;
  return shift;
}

/* Data files. */

JsonNode *
fb_demo_lookup (JsonObject *root,
                const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = root;
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

JsonArray *
fb_demo_lookup_array (JsonObject *root,
                      const char *path)
{
  JsonNode *node = fb_demo_lookup (root, path);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
fb_demo_lookup_string (JsonObject *root,
                       const char *path)
{
  JsonNode *node = fb_demo_lookup (root, path);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* A random string of the array at @path; "" when there is none (rows
 * that need text then fail normalization with a clear error). */
const char *
fb_demo_pick (Demo       *d,
              const char *path)
{
  JsonArray *array = fb_demo_lookup_array (d->texts, path);
  JsonNode *node;

  if (array == NULL || json_array_get_length (array) == 0)
    return "";
  node = json_array_get_element (array, (guint) rnd (d, 0, json_array_get_length (array) - 1));
  return json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";
}

static gboolean
require_array (JsonObject    *root,
               const char    *file,
               const char    *path,
               guint          min_len,
               JsonNodeType   item_type,
               GError       **error)
{
  JsonArray *array = fb_demo_lookup_array (root, path);

  if (array != NULL && json_array_get_length (array) >= min_len)
    {
      guint i;

      for (i = 0; i < json_array_get_length (array); i++)
        if (JSON_NODE_TYPE (json_array_get_element (array, i)) != item_type)
          break;
      if (i == json_array_get_length (array))
        return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Demo data file %s: “%s” must be a list of at least %u items"),
               file, path, min_len);
  return FALSE;
}

/* The shape the code relies on; the values are checked by the codec. */
gboolean
fb_demo_check_data (Demo    *d,
                    GError **error)
{
  return require_array (d->center, "center.json", "zones", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "queues", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "teams", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "roster", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "staff", 0, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "faulty_seats", 0, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "hourly_profile", 24, JSON_NODE_VALUE, error) &&
         require_array (d->center, "center.json", "weekday_profile", 7, JSON_NODE_VALUE, error) &&
         require_array (d->names, "names.json", "surnames", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->names, "names.json", "given_names", 1, JSON_NODE_VALUE, error) &&
         require_array (d->texts, "texts.json", "escalations", 1, JSON_NODE_OBJECT, error);
}

JsonObject *
fb_demo_center_item (Demo       *d,
                     const char *list,
                     guint       i)
{
  return json_array_get_object_element (fb_demo_lookup_array (d->center, list), i);
}

guint
fb_demo_center_len (Demo       *d,
                    const char *list)
{
  return json_array_get_length (fb_demo_lookup_array (d->center, list));
}

/* Rows. */

void
fb_demo_set_day (Demo       *d,
                 JsonObject *row,
                 const char *name,
                 gint64      day)
{
  g_autofree char *date = fb_demo_day_string (d, day);

  json_object_set_string_member (row, name, date);
}

/* Normalizes @row (consumed) with @spec and stores it. */
gboolean
fb_demo_put_row (Demo                *d,
                 const FbEntitySpec  *spec,
                 JsonObject          *row,
                 GError             **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *id = g_strdup (str_member (row, "id"));

  json_node_take_object (node, row);
  normalized = fb_entity_normalize (spec, node, error);
  if (normalized == NULL)
    {
      g_prefix_error (error, _("Demo %s “%s”: "), spec->type, id);
      return FALSE;
    }
  return fb_server_store_put_node (d->store, spec->type, id, normalized, error) != 0;
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const DemoPending *pa = *(DemoPending * const *) a;
  const DemoPending *pb = *(DemoPending * const *) b;

  return (pa->sort_key > pb->sort_key) - (pa->sort_key < pb->sort_key);
}

/* Sorts by time, names the rows "<prefix><nnnn>" and stores them. */
gboolean
fb_demo_put_sorted (Demo                *d,
                    const FbEntitySpec  *spec,
                    GPtrArray           *rows,
                    const char          *id_prefix,
                    int                  id_digits,
                    GError             **error)
{
  g_ptr_array_sort (rows, compare_pending);
  for (guint i = 0; i < rows->len; i++)
    {
      DemoPending *p = g_ptr_array_index (rows, i);
      g_autofree char *id = g_strdup_printf ("%s%0*u", id_prefix, id_digits, i + 1);

      json_object_set_string_member (p->row, "id", id);
      if (!fb_demo_put_row (d, spec, json_object_ref (p->row), error))
        return FALSE;
    }
  return TRUE;
}

/* Replaces "{key}" by value for each key, value pair; NULL ends them. */
char *
fb_demo_fill (const char *template,
              ...)
{
  GString *s = g_string_new (template);
  const char *key;
  va_list args;

  va_start (args, template);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *braced = g_strdup_printf ("{%s}", key);

      g_string_replace (s, braced, value, 0);
    }
  va_end (args);
  return g_string_free (s, FALSE);
}

/* People. */

static const char *
pick_surname (Demo *d)
{
  JsonArray *surnames = fb_demo_lookup_array (d->names, "surnames");
  gint64 total = 0, r;
  guint n = json_array_get_length (surnames);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *s = json_array_get_object_element (surnames, i);

      total += MAX (1, json_object_get_int_member_with_default (s, "weight", 1));
    }
  r = rnd (d, 0, total - 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *s = json_array_get_object_element (surnames, i);

      r -= MAX (1, json_object_get_int_member_with_default (s, "weight", 1));
      if (r < 0)
        return str_member (s, "name");
    }
  return "";
}

static const char *
pick_given_name (Demo *d)
{
  JsonArray *given = fb_demo_lookup_array (d->names, "given_names");
  JsonNode *node = json_array_get_element (given, (guint) rnd (d, 0, json_array_get_length (given) - 1));

  return json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";
}

/* A full name nobody on the staff has yet. */
char *
fb_demo_new_person_name (Demo *d)
{
  char *name = NULL;

  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      g_free (name);
      name = g_strconcat (pick_surname (d), pick_given_name (d), NULL);
      if (!g_hash_table_contains (d->used_names, name))
        break;
    }
  g_hash_table_add (d->used_names, g_strdup (name));
  return name;
}

/* A customer as the screen may show them: "김*수". */
char *
fb_demo_masked_customer_name (Demo *d)
{
  const char *surname = pick_surname (d);
  const char *given = pick_given_name (d);

  return fb_sim_masked_name (surname, given);
}
