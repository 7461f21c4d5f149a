/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-summary-pdf.c: the summary as a PDF, read back with pdftotext as a
 * person would copy it: the Korean headings and the figures are there, a
 * long roll-up goes over pages with every day once and its header again,
 * figures read as people write them, and a failed write says so. */
#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <locale.h>
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-paths.h"
#include "fb-store.h"
#include "fb-summary-csv.h"
#include "fb-summary-pdf.h"
#include "fb-test-cache.h"
#include "fb-test-i18n.h"

/* The document's margin is "about 40 pt": nothing is drawn nearer the edge. */
#define MIN_MARGIN 38.0

static const char daily_json[] =
  "{\"date\":\"2026-11-20\","
  " \"targets\":{\"service_level\":0.8,\"abandon_rate\":0.05,\"asa_s\":20,\"callback_rate_72h\":1.0},"
  " \"shifts\":{\"day\":{\"offered\":1234,\"answered\":1180,\"abandoned\":54,\"service_level\":0.87,\"asa_s\":14.2,"
  "                    \"escalations_opened\":3,\"escalations_closed\":2,\"escalations_overdue\":1,"
  "                    \"callbacks_done\":4,\"on_leave\":2,\"swaps\":1},"
  "             \"night\":{\"offered\":321,\"answered\":300,\"abandoned\":21}},"
  " \"day\":{\"offered\":1555,\"answered\":1480,\"abandoned\":75,\"service_level\":0.8524,\"asa_s\":13.6,"
  "        \"abandon_rate\":0.04823},"
  " \"intraday\":{\"offered\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
  "                            10,20,30,40,50,60,70,80,90,99,88,77,66,55,44,33,22,11,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
  "                            5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5],"
  "              \"last_week\":[]},"
  " \"escalations\":{\"new\":7,\"closed\":5,\"overdue\":2,\"resolved\":4,\"called_back\":3,\"callback_rate_72h\":0.75},"
  " \"qa\":{\"evaluations\":6,\"month_evaluations\":41,\"month_average\":83.46,\"agents_not_monitored\":9,"
  "       \"agents_over_limit\":1},"
  " \"reports\":{\"day\":{\"status\":\"reviewed\",\"author\":\"박 반장\",\"reviewed_by\":\"김 센터장\","
  "                     \"acknowledged_by\":\"이 반장\"}},"
  " \"monthly_report_due\":{\"date\":\"2026-11-22\",\"overdue\":false}}";

/* pdftotext reads the PDFs back; without it (poppler-utils) there is
 * nothing to read them with. */
static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  if (path == NULL)
    g_test_skip ("pdftotext (poppler-utils) is not installed");
  return path != NULL;
}

/* @text without spaces: pdftotext keeps or drops them as it sees the glyphs. */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != ' ')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static char *
figure (const char *key,
        const char *json)
{
  g_autoptr(JsonNode) node = json ? parse (json) : NULL;

  return fb_summary_format_figure (key, node);
}

/* Writes @summary as a PDF in a temporary file and returns its text, pages
 * apart by form feeds. */
static char *
pdf_text (JsonNode *summary,
          guint    *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) file = g_file_new_tmp ("fb-summary-XXXXXX.pdf", &io, &error);
  GOutputStream *out;
  g_autofree char *path = NULL;
  g_autofree char *bytes = NULL;
  char *text = NULL;
  const char *argv[] = { "pdftotext", "-layout", NULL, "-", NULL };
  int status = 0;

  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (io));
  g_assert_true (fb_summary_write_pdf (summary, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_io_stream_close (G_IO_STREAM (io), NULL, &error));
  path = g_file_get_path (file);
  g_assert_true (g_file_get_contents (path, &bytes, NULL, NULL));
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));

  argv[2] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_file_delete (file, NULL, NULL);
  if (n_pages != NULL)
    {
      /* pdftotext ends every page with a form feed. */
      *n_pages = 0;
      for (const char *p = text; *p; p++)
        *n_pages += *p == '\f';
    }
  return text;
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)); p += strlen (needle))
    n++;
  return n;
}

static void
test_format (void)
{
  g_autofree char *rate = figure ("service_level", "0.8524");
  g_autofree char *expected_rate = g_strdup_printf (_("%.1f%%"), 85.24);
  g_autofree char *asa = figure ("asa_s", "13.6");
  g_autofree char *expected_asa = g_strdup_printf (_("%.0f s"), 13.6);
  g_autofree char *count_text = figure ("offered", "1555");
  g_autofree char *average = figure ("month_average", "83.46");
  g_autofree char *missing = figure ("service_level", NULL);
  g_autofree char *status = figure ("status", "\"reviewed\"");
  g_autofree char *overdue = figure ("overdue", "true");
  g_autofree char *not_overdue = figure ("overdue", "false");
  g_autofree char *whole_rate = figure ("callback_rate_72h", "1");
  g_autofree char *expected_whole_rate = g_strdup_printf (_("%.1f%%"), 100.0);
  g_autofree char *abandon = figure ("abandon_rate", "0.04823");
  g_autofree char *expected_abandon = g_strdup_printf (_("%.1f%%"), 4.823);
  g_autofree char *target_asa = figure ("asa_s", "20");
  g_autofree char *expected_target_asa = g_strdup_printf (_("%.0f s"), 20.0);
  g_autofree char *draft = figure ("status", "\"draft\"");
  g_autofree char *name = figure ("author", "\"김반장\"");
  g_autofree char *other_double = figure ("ratio", "2.26");
  g_autofree char *null_value = figure ("asa_s", "null");

  g_assert_cmpstr (rate, ==, expected_rate);
  g_assert_nonnull (strstr (rate, "85.2"));
  g_assert_cmpstr (asa, ==, expected_asa);
  g_assert_nonnull (strstr (asa, "14"));
  g_assert_cmpstr (count_text, ==, "1555");
  g_assert_cmpstr (average, ==, "83.5");
  /* What the data cannot give is a dash, never a zero. */
  g_assert_cmpstr (missing, ==, "–");
  g_assert_cmpstr (status, ==, _("Reviewed"));
  g_assert_cmpstr (overdue, ==, _("Yes"));
  g_assert_cmpstr (not_overdue, ==, _("No"));
  /* A rate that is an integer in the JSON is a rate still. */
  g_assert_cmpstr (whole_rate, ==, expected_whole_rate);
  g_assert_cmpstr (abandon, ==, expected_abandon);
  g_assert_nonnull (strstr (abandon, "4.8"));
  g_assert_cmpstr (target_asa, ==, expected_target_asa);
  g_assert_cmpstr (draft, ==, _("Draft"));
  g_assert_cmpstr (name, ==, "김반장");
  /* Other numbers with one decimal, a dot in this locale. */
  g_assert_cmpstr (other_double, ==, "2.3");
  g_assert_cmpstr (null_value, ==, "–");
}

static void
test_daily_korean (void)
{
  g_autoptr(JsonNode) summary = parse (daily_json);
  g_autofree char *text = NULL;
  const char *headings[] = {
    _("Key Figures against Targets"),
    _("Calls Offered per Quarter Hour"),
    _("Shifts"),
    fb_summary_label ("escalations"),
    fb_summary_label ("qa"),
    _("Duty Reports"),
  };
  const char *figures[][2] = {
    { "service_level", "0.8524" }, { "asa_s", "13.6" }, { "abandon_rate", "0.04823" },
    { "callback_rate_72h", "0.75" }, { "offered", "1234" }, { "offered", "321" },
    { "month_average", "83.46" }, { "agents_not_monitored", "9" },
  };

  if (!have_pdftotext ())
    return;
  /* The catalogue is the build tree's Korean one: the headings are. */
  g_assert_cmpstr (_("Key Figures against Targets"), !=, "Key Figures against Targets");
  text = pdf_text (summary, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      g_test_message ("heading %s", headings[i]);
      g_assert_nonnull (strstr (text, headings[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *want = figure (figures[i][0], figures[i][1]);

      g_test_message ("figure %s %s", figures[i][0], want);
      g_assert_nonnull (strstr (text, want));
    }
  /* Met and missed in words: 85 % ≥ 80 %; 75 % of callbacks < 100 %. */
  g_assert_nonnull (strstr (text, _("Met")));
  g_assert_nonnull (strstr (text, _("Missed")));
  /* People by name, Korean intact; the night wrote no report. */
  g_assert_nonnull (strstr (text, "박 반장"));
  g_assert_nonnull (strstr (text, "김 센터장"));
  g_assert_nonnull (strstr (text, _("No report")));
}

/* The summary as the app computes it from a cache, not as written by hand:
 * its figures, its people and its missing report reach the paper. */
static void
test_daily_from_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-summary-pdf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(JsonNode) summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;
  FbSummaryTargets targets;
  const char *figures[] = {
    "day.offered", "day.answered", "day.abandoned", "day.service_level", "day.asa_s", "day.abandon_rate",
    "shifts.day.offered", "shifts.night.offered", "shifts.day.service_level", "escalations.new",
    "targets.service_level", "targets.asa_s",
  };

  if (!have_pdftotext ())
    return;
  g_assert_no_error (error);
  store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  fb_test_cache_put (store, "team", "t-day", "{\"id\":\"t-day\",\"name\":\"주간\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  fb_test_cache_put (store, "team", "t-night", "{\"id\":\"t-night\",\"name\":\"야간\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  /* 09:00 and 19:45 KST in the day shift; 20:00 in the night. */
  fb_test_cache_put_interval (store, "q-01", "2026-11-20T00:00:00Z", 100, 90, 72, 900);
  fb_test_cache_put_interval (store, "q-01", "2026-11-20T10:45:00Z", 20, 10, 8, 300);
  fb_test_cache_put_interval (store, "q-01", "2026-11-20T11:00:00Z", 613, 600, 590, 1200);
  fb_test_cache_put (store, "escalation", "e-1",
                     "{\"id\":\"e-1\",\"customer_ref\":\"010-****-5678\",\"category\":\"billing\",\"severity\":\"high\","
                     "\"summary\":\"요금\",\"raised_by\":\"u-sup\",\"raised_at\":\"2026-11-20T01:00:00Z\",\"level\":\"shift_leader\","
                     "\"status\":\"raised\",\"dispatch_due\":\"2026-11-20T02:00:00Z\",\"response_due\":\"2026-11-30T00:00:00Z\","
                     "\"callback_due\":\"2026-12-30T00:00:00Z\"}");
  fb_test_cache_put (store, "user", "u-lead1", "{\"id\":\"u-lead1\",\"username\":\"lead1\",\"name\":\"김반장\",\"role\":\"shift_leader\"}");
  fb_test_cache_put (store, "duty_report", "duty-2026-11-20-day",
                     "{\"id\":\"duty-2026-11-20-day\",\"date\":\"2026-11-20\",\"shift\":\"day\",\"author\":\"u-lead1\","
                     "\"status\":\"submitted\",\"submitted_at\":\"2026-11-20T10:50:00Z\",\"issue_summary\":\"없음\"}");

  fb_summary_targets_init_default (&targets);
  summary = fb_daily_summary_compute (store, kst, "2026-11-20", &targets, 1900000000, &error);
  g_assert_no_error (error);
  /* The rows say 733 calls: the PDF must show the summary of these rows. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (summary), "day"),
                                               "offered"), ==, 733);

  text = pdf_text (summary, NULL);
  squeezed = squeeze (text);
  g_test_message ("%s", text);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      JsonNode *node = summary;
      g_auto(GStrv) parts = g_strsplit (figures[i], ".", -1);
      g_autofree char *want = NULL;
      g_autofree char *want_squeezed = NULL;

      for (guint k = 0; parts[k] != NULL; k++)
        {
          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
          node = json_object_get_member (json_node_get_object (node), parts[k]);
          g_assert_nonnull (node);
        }
      want = fb_summary_format_figure (parts[g_strv_length (parts) - 1], node);
      want_squeezed = squeeze (want);
      g_test_message ("figure %s: %s", figures[i], want);
      g_assert_nonnull (strstr (squeezed, want_squeezed));
    }
  g_assert_nonnull (strstr (text, _("Key Figures against Targets")));
  g_assert_nonnull (strstr (text, fb_summary_label ("qa")));
  g_assert_nonnull (strstr (text, "김반장"));
  g_assert_nonnull (strstr (text, _("Submitted")));
  g_assert_nonnull (strstr (text, _("No report")));

  g_clear_object (&store);
  fb_paths_remove_dir (dir);
}

static void
test_rollup_pages (void)
{
  g_autoptr(GString) json = g_string_new ("{\"period\":\"month\",\"from\":\"2026-08-01\",\"to\":\"2026-09-29\","
                                          "\"day\":{\"offered\":6000},\"days\":[");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) day = g_date_time_new (utc, 2026, 8, 1, 0, 0, 0);
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(FbSummaryDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last_page = NULL;
  g_autofree char *squeezed = NULL;
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_pages = 0, laid_out;

  if (!have_pdftotext ())
    return;
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

      /* The day as its row shows it, weekday in Korean too. */
      static const char * const weekdays[] = { "월", "화", "수", "목", "금", "토", "일" };

      g_ptr_array_add (dates, g_strdup_printf ("%d월 %d일 (%s)", g_date_time_get_month (day),
                                               g_date_time_get_day_of_month (day),
                                               weekdays[g_date_time_get_day_of_week (day) - 1]));

      g_string_append_printf (json, "%s{\"date\":\"%s\",\"offered\":%u,\"answered\":%u,"
                              "\"escalations_new\":1,\"escalations_closed\":1,"
                              "\"reports_submitted\":2,\"reports_reviewed\":1}",
                              i ? "," : "", date, 1000 + i, 900 + i);
      g_date_time_unref (day);
      day = g_steal_pointer (&next);
    }
  g_string_append (json, "],\"escalations\":{\"new\":60},\"qa\":{\"evaluations\":12},"
                         "\"reports\":{\"expected\":120,\"submitted\":120,\"reviewed\":60,\"acknowledged\":100}}");
  summary = parse (json->str);

  /* The layout says how many pages; the PDF has that many. */
  doc = fb_summary_document_new (summary);
  surface = cairo_pdf_surface_create (NULL, FB_SUMMARY_A4_WIDTH, FB_SUMMARY_A4_HEIGHT);
  cr = cairo_create (surface);
  laid_out = fb_summary_document_paginate (doc, cr, FB_SUMMARY_A4_WIDTH, FB_SUMMARY_A4_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (laid_out, >=, 2);

  text = pdf_text (summary, &n_pages);
  g_test_message ("%s", text);
  g_assert_cmpuint (n_pages, ==, laid_out);
  /* Every day once, none lost or repeated between pages. */
  squeezed = squeeze (text);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *offered = g_strdup_printf (" %u ", 1000 + i);
      g_autofree char *date = squeeze (g_ptr_array_index (dates, i));

      g_test_message ("day %s", date);
      g_assert_cmpuint (count (text, offered), ==, 1);
      g_assert_cmpuint (count (squeezed, date), ==, 1);
    }
  /* The table's header again on the page it goes on to. */
  g_assert_cmpuint (count (text, _("Date")), >=, 2);
  /* The last page says it is the last. */
  {
    g_autofree char *page_text = g_strdup_printf (_("Page %u of %u"), n_pages, n_pages);

    last_page = squeeze (page_text);
    g_assert_nonnull (strstr (squeezed, last_page));
  }

  /* A smaller page takes more of them. */
  surface = cairo_pdf_surface_create (NULL, 420, 595);
  cr = cairo_create (surface);
  g_assert_cmpuint (fb_summary_document_paginate (doc, cr, 420, 595), >, laid_out);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* Nothing is drawn into the margins, on any page of either size. */
  for (guint size = 0; size < 2; size++)
    {
      double width = size == 0 ? FB_SUMMARY_A4_WIDTH : 420, height = size == 0 ? FB_SUMMARY_A4_HEIGHT : 595;
      cairo_rectangle_t page = { 0, 0, width, height };
      guint pages;

      surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &page);
      cr = cairo_create (surface);
      pages = fb_summary_document_paginate (doc, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      for (guint i = 0; i < pages; i++)
        {
          double x, y, w, h;

          surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &page);
          cr = cairo_create (surface);
          fb_summary_document_draw_page (doc, cr, i);
          cairo_destroy (cr);
          cairo_recording_surface_ink_extents (surface, &x, &y, &w, &h);
          cairo_surface_destroy (surface);
          g_test_message ("%gx%g page %u: ink %g,%g %gx%g", width, height, i + 1, x, y, w, h);
          g_assert_cmpfloat (w, >, 0);
          g_assert_cmpfloat (x, >=, MIN_MARGIN);
          g_assert_cmpfloat (y, >=, MIN_MARGIN);
          g_assert_cmpfloat (x + w, <=, width - MIN_MARGIN);
          g_assert_cmpfloat (y + h, <=, height - MIN_MARGIN);
        }
    }
}

/* A stream that fills up: the error comes back, not a broken file. */
static void
test_write_error (void)
{
  g_autoptr(JsonNode) summary = parse (daily_json);
  static char buffer[512];
  g_autoptr(GOutputStream) out = g_memory_output_stream_new (buffer, sizeof buffer, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (fb_summary_write_pdf (summary, out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

int
main (int   argc,
      char *argv[])
{
  /* Korean, from the catalogue built in the tree. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  fb_test_use_built_catalogue ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/summary-pdf/format", test_format);
  g_test_add_func ("/summary-pdf/daily-korean", test_daily_korean);
  g_test_add_func ("/summary-pdf/daily-from-store", test_daily_from_store);
  g_test_add_func ("/summary-pdf/rollup-pages", test_rollup_pages);
  g_test_add_func ("/summary-pdf/write-error", test_write_error);
  return g_test_run ();
}
