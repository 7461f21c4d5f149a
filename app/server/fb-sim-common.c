/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-common.c: the random draws, calendar and data files the demo
 * seed and the simulator share. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-sim-common.h"

#define RESOURCE_DIR "/org/floorboard/Floorboard/demo/"

/* Random numbers: every draw goes through the caller's GRand, in a fixed
 * order, so a seed always gives the same center. */

gint64
fb_sim_rand_between (GRand  *rand,
                     gint64  lo,
                     gint64  hi)
{
  g_assert (lo <= hi);
  g_assert (hi - lo < G_MAXINT32);
  return lo + g_rand_int_range (rand, 0, (gint32) (hi - lo + 1));
}

void
fb_sim_rand_shuffle (GRand *rand,
                     guint *items,
                     guint  n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) fb_sim_rand_between (rand, 0, i - 1);
      guint tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

double
fb_sim_rand_normal (GRand *r)
{
  /* Box-Muller; 1 - u keeps the logarithm finite. */
  double u = 1 - g_rand_double (r);

  return sqrt (-2 * log (u)) * cos (2 * G_PI * g_rand_double (r));
}

gint64
fb_sim_rand_poisson (GRand  *r,
                     double  mean)
{
  double limit, p = 1;
  gint64 k = -1;

  if (mean <= 0)
    return 0;
  /* Knuth's product of uniforms, until exp (-mean) gets too small. */
  if (mean > 60)
    return MAX (0, (gint64) round (mean + sqrt (mean) * fb_sim_rand_normal (r)));
  limit = exp (-mean);
  do
    {
      k++;
      p *= g_rand_double (r);
    }
  while (p > limit);
  return k;
}

gint64
fb_sim_rand_binomial (GRand  *r,
                      gint64  n,
                      double  p)
{
  gint64 k = 0;

  if (n > 200)
    return CLAMP ((gint64) round (n * p + sqrt (n * p * (1 - p)) * fb_sim_rand_normal (r)), 0, n);
  for (gint64 i = 0; i < n; i++)
    if (g_rand_double (r) < p)
      k++;
  return k;
}

/* The demo center's calendar and traffic curve. */

guint
fb_demo_weekday_index (gint64 day)
{
  /* Day 0, 1970-01-01, was a Thursday. */
  return (guint) (((day + 3) % 7 + 7) % 7);
}

double
fb_demo_profile_at (const double hourly[24],
                    double       hour_of_day)
{
  double x = hour_of_day - 0.5;
  double i = floor (x);
  double f = x - i;
  int h0 = (((int) i) % 24 + 24) % 24;
  int h1 = (h0 + 1) % 24;

  g_return_val_if_fail (hourly != NULL, 0);
  return hourly[h0] * (1 - f) + hourly[h1] * f;
}

/* Data files. */

JsonNode *
fb_sim_load_demo_json (const char  *name,
                       GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *root;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Demo data file %s is not a JSON object"), path);
      return NULL;
    }
  return json_node_copy (root);
}

/* Rows. */

void
fb_sim_set_timestamp (JsonObject *row,
                      const char *name,
                      gint64      unix_s)
{
  g_autofree char *iso = fb_timestamp_to_iso (unix_s);

  json_object_set_string_member (row, name, iso);
}

char *
fb_sim_interval_id (const char *queue_id,
                    gint64      start)
{
  g_autofree char *iso = fb_timestamp_to_iso (start);

  return g_strdup_printf ("%s@%s", queue_id, iso);
}

JsonObject *
fb_sim_interval_row (const char *queue_id,
                     gint64      start,
                     gint64      offered,
                     gint64      answered,
                     gint64      abandoned,
                     gint64      answered_in_sl,
                     double      handle_time_s,
                     double      wait_time_s)
{
  JsonObject *row = json_object_new ();
  g_autofree char *iso = fb_timestamp_to_iso (start);
  g_autofree char *id = fb_sim_interval_id (queue_id, start);

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "queue_id", queue_id);
  json_object_set_string_member (row, "start", iso);
  json_object_set_int_member (row, "offered", offered);
  json_object_set_int_member (row, "answered", answered);
  json_object_set_int_member (row, "abandoned", abandoned);
  json_object_set_int_member (row, "answered_in_sl", answered_in_sl);
  json_object_set_double_member (row, "handle_time_s", handle_time_s);
  json_object_set_double_member (row, "wait_time_s", wait_time_s);
  return row;
}

char *
fb_sim_masked_name (const char *surname,
                    const char *given)
{
  const char *last;

  g_return_val_if_fail (surname != NULL && given != NULL, NULL);
  last = given[0] != '\0' ? g_utf8_find_prev_char (given, given + strlen (given)) : NULL;
  return g_strconcat (surname, "*", last != NULL ? last : "", NULL);
}
