/* test-summary-pdf.c: the summary as a PDF, read back with pdftotext as a
 * person would copy it: the Korean headings and the figures are there, a
 * long roll-up goes over pages with every day once and its header again,
 * figures read as people write them, and a failed write says so. */
#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <locale.h>
#include <string.h>

#include "fb-summary-csv.h"
#include "fb-summary-pdf.h"

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
}

static void
test_daily_korean (void)
{
  g_autoptr(JsonNode) summary = parse (daily_json);
  g_autofree char *text = pdf_text (summary, NULL);
  const char *headings[] = {
    _("Key Figures against Targets"),
    _("Calls Offered per Quarter Hour"),
    _("Shifts"),
    fb_summary_csv_label ("escalations"),
    fb_summary_csv_label ("qa"),
    _("Duty Reports"),
  };
  const char *figures[][2] = {
    { "service_level", "0.8524" }, { "asa_s", "13.6" }, { "abandon_rate", "0.04823" },
    { "callback_rate_72h", "0.75" }, { "offered", "1234" }, { "offered", "321" },
    { "month_average", "83.46" }, { "agents_not_monitored", "9" },
  };

  /* The catalogue is the build tree's Korean one: the headings are. */
  g_assert_cmpstr (_("Key Figures against Targets"), !=, "Key Figures against Targets");
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
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_pages = 0, laid_out;

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

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
  /* Every day once, none lost between pages. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *offered = g_strdup_printf (" %u ", 1000 + i);
      g_assert_cmpuint (count (text, offered), ==, 1);
    }
  /* The table's header again on the page it goes on to. */
  g_assert_cmpuint (count (text, _("Date")), >=, 2);
  /* pdftotext keeps or drops spaces as it sees the glyphs: compare without. */
  last_page = g_strdup_printf (_("Page %u of %u"), n_pages, n_pages);
  g_strdelimit (last_page, " ", '\x01');
  {
    g_autoptr(GString) squeezed = g_string_new (NULL);
    g_autoptr(GString) want = g_string_new (NULL);

    for (const char *p = text; *p; p++)
      if (*p != ' ')
        g_string_append_c (squeezed, *p);
    for (const char *p = last_page; *p; p++)
      if (*p != '\x01')
        g_string_append_c (want, *p);
    g_assert_nonnull (strstr (squeezed->str, want->str));
  }

  /* A smaller page takes more of them. */
  surface = cairo_pdf_surface_create (NULL, 420, 595);
  cr = cairo_create (surface);
  g_assert_cmpuint (fb_summary_document_paginate (doc, cr, 420, 595), >, laid_out);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
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
  g_autofree char *locale_dir = g_build_filename (g_getenv ("FB_BUILD_ROOT"), "po", NULL);

  /* Korean, from the catalogue built in the tree. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/summary-pdf/format", test_format);
  g_test_add_func ("/summary-pdf/daily-korean", test_daily_korean);
  g_test_add_func ("/summary-pdf/rollup-pages", test_rollup_pages);
  g_test_add_func ("/summary-pdf/write-error", test_write_error);
  return g_test_run ();
}
