/* The summary's CSV parses back (RFC 4180, as a spreadsheet reads it) into
 * exactly the summary's figures. */
#include <math.h>
#include <string.h>

#include "fb-summary-csv.h"

/* Fields that need quoting, Korean text, a double that needs all its digits. */
static const char summary_json[] =
  "{\"date\":\"2026-11-20\","
  " \"shifts\":{\"day\":{\"offered\":120,\"service_level\":0.8,\"asa_s\":12.345678901234},"
  "             \"night\":{\"offered\":780}},"
  " \"day\":{\"offered\":900,\"abandon_rate\":0.044444444444444446},"
  " \"escalations\":{\"new\":2,\"callback_rate_72h\":0.5},"
  " \"intraday\":{\"offered\":[0,7,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,42]},"
  " \"days\":[{\"date\":\"2026-11-19\",\"offered\":5,\"service_level\":0.75},"
  "           {\"date\":\"2026-11-20\",\"offered\":6}],"
  " \"reports\":{\"day\":{\"status\":\"submitted\",\"author\":\"김, \\\"팀장\\\"\\r\\n둘째 줄\"}},"
  " \"monthly_report_due\":{\"date\":\"2026-11-22\",\"overdue\":true}}";

/* RFC 4180: rows of fields; quoted fields may hold commas, "" and CRLF. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (*p == '"' && field->len == 0)
        {
          for (p++; *p; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          g_assert_cmpint (*p, ==, '"');
          p++;
          g_assert_true (*p == ',' || *p == '\r');
          continue;
        }
      if (*p == ',')
        {
          g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          p++;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        {
          /* A bare quote or line break outside quotes breaks the format. */
          g_assert_true (*p != '"' && *p != '\n' && *p != '\r');
          g_string_append_c (field, *p++);
        }
    }
  /* Every row ends with CRLF. */
  g_assert_cmpuint (field->len, ==, 0);
  g_assert_cmpuint (row->len, ==, 0);
  g_string_free (field, TRUE);
  g_ptr_array_unref (row);
  return rows;
}

static const char *
find_value (GPtrArray  *rows,
            const char *section,
            const char *metric)
{
  const char *found = NULL;

  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (row->len, ==, 3);
      if (g_str_equal (g_ptr_array_index (row, 0), section) && g_str_equal (g_ptr_array_index (row, 1), metric))
        {
          g_assert_null (found);  /* one row per figure */
          found = g_ptr_array_index (row, 2);
        }
    }
  return found;
}

/* Each scalar of @object is a row of @rows; returns how many. */
static guint
check_object (GPtrArray  *rows,
              const char *section,
              JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  const char *value;
  guint n = 0;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *nested = section ? g_strconcat (section, ".", name, NULL) : g_strdup (name);
          n += check_object (rows, nested, json_node_get_object (node));
          continue;
        }
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          g_autofree char *nested = section ? g_strconcat (section, ".", name, NULL) : g_strdup (name);
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_OBJECT (element))
                {
                  /* A day of a roll-up: its own section, named by its date. */
                  JsonObject *day = json_node_get_object (element);
                  JsonObjectIter day_iter;
                  const char *day_name;
                  JsonNode *day_node;

                  json_object_iter_init (&day_iter, day);
                  while (json_object_iter_next (&day_iter, &day_name, &day_node))
                    if (!g_str_equal (day_name, "date"))
                      {
                        value = find_value (rows, json_object_get_string_member (day, "date"),
                                            fb_summary_csv_label (day_name));
                        g_assert_nonnull (value);
                        g_assert_cmpfloat (g_ascii_strtod (value, NULL), ==, json_node_get_double (day_node));
                        n++;
                      }
                }
              else
                {
                  /* A quarter hour of the day, by its start. */
                  g_autofree char *slot = g_strdup_printf ("%02u:%02u", i / 4, (i % 4) * 15);

                  value = find_value (rows, fb_summary_csv_label (nested), slot);
                  g_assert_nonnull (value);
                  g_assert_cmpint (g_ascii_strtoll (value, NULL, 10), ==, json_node_get_int (element));
                  n++;
                }
            }
          continue;
        }
      value = find_value (rows, fb_summary_csv_label (section ? section : "summary"),
                                      fb_summary_csv_label (name));
      g_assert_nonnull (value);
      n++;
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_assert_cmpint (g_ascii_strtoll (value, NULL, 10), ==, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          g_assert_cmpfloat (g_ascii_strtod (value, NULL), ==, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_assert_cmpstr (value, ==, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          g_assert_cmpstr (value, ==, json_node_get_string (node));
        }
    }
  return n;
}

static void
test_round_trip (void)
{
  g_autoptr(JsonNode) summary = json_from_string (summary_json, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  GPtrArray *header;
  gsize len;

  g_assert_nonnull (summary);
  g_assert_true (fb_summary_write_csv (summary, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), len);

  /* Excel takes the file for UTF-8 only with the mark. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  rows = parse_csv (text + 3);

  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (header->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (header, 2), ==, "Value");
  /* Every figure once, and nothing else. */
  g_assert_cmpuint (check_object (rows, NULL, json_node_get_object (summary)), ==, rows->len - 1);
  g_assert_cmpstr (find_value (rows, fb_summary_csv_label ("reports.day"), fb_summary_csv_label ("author")),
                   ==, "김, \"팀장\"\r\n둘째 줄");
  g_assert_cmpstr (find_value (rows, fb_summary_csv_label ("intraday.offered"), "23:45"), ==, "42");
  g_assert_cmpstr (find_value (rows, "2026-11-19", fb_summary_csv_label ("service_level")), ==, "0.75");
}

/* Text a spreadsheet would run as a formula stays text. */
static void
test_no_formulas (void)
{
  g_autoptr(JsonNode) summary = json_from_string ("{\"date\":\"2026-11-20\",\"reports\":{\"day\":"
                                                  "{\"status\":\"submitted\",\"author\":\"=HYPERLINK(1)\"}}}", NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (fb_summary_write_csv (summary, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  g_assert_nonnull (strstr (text, "'=HYPERLINK(1)"));
  g_assert_null (strstr (text, ",=HYPERLINK"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/summary-csv/round-trip", test_round_trip);
  g_test_add_func ("/summary-csv/no-formulas", test_no_formulas);
  return g_test_run ();
}
