/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The summary's CSV, as a spreadsheet reads it (RFC 4180): the screen's
 * and the PDF's names, numbers and words for the summary's figures, in a
 * defined order, in English and in Korean. */
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-summary-csv.h"
#include "fb-summary-format.h"
#include "fb-test-i18n.h"

/* Figures a double holds only nearly (0.8, 0.05), a rate with many
 * digits, fields that need quoting and Korean text. */
static const char summary_json[] =
  "{\"date\":\"2026-11-20\","
  " \"targets\":{\"service_level\":0.80000000000000004,\"abandon_rate\":0.050000000000000003,"
  "              \"asa_s\":20,\"callback_rate_72h\":1},"
  " \"shifts\":{\"day\":{\"offered\":120,\"answered\":100,\"abandoned\":20,\"service_level\":0.8,"
  "                     \"asa_s\":12.345678901234,\"escalations_opened\":1,\"escalations_closed\":0,"
  "                     \"escalations_overdue\":1,\"callbacks_done\":1,\"on_leave\":1,\"swaps\":1},"
  "             \"night\":{\"offered\":780,\"answered\":760,\"abandoned\":20,\"escalations_opened\":1,"
  "                       \"escalations_closed\":2,\"escalations_overdue\":2,\"callbacks_done\":0,"
  "                       \"on_leave\":0,\"swaps\":0}},"
  " \"day\":{\"offered\":900,\"answered\":860,\"abandoned\":40,\"service_level\":0.94186046511627908,"
  "          \"asa_s\":2.0930232558139537,\"abandon_rate\":0.044444444444444446},"
  " \"intraday\":{\"offered\":[0,7,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,42],"
  "              \"last_week\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,3]},"
  " \"escalations\":{\"new\":2,\"closed\":2,\"overdue\":2,\"resolved\":2,\"called_back\":1,\"callback_rate_72h\":0.5},"
  " \"qa\":{\"evaluations\":1,\"month_evaluations\":8,\"month_average\":73.75000000000001,"
  "         \"agents_not_monitored\":1,\"agents_over_limit\":1},"
  " \"reports\":{\"day\":{\"status\":\"submitted\",\"author\":\"김, \\\"팀장\\\"\\r\\n둘째 줄\","
  "                      \"acknowledged_by\":\"이반장\"}},"
  " \"monthly_report_due\":{\"date\":\"2026-11-22\",\"overdue\":false}}";

/* A week: days out of order in nothing but their dates. */
static const char rollup_json[] =
  "{\"period\":\"week\",\"from\":\"2026-11-16\",\"to\":\"2026-11-17\","
  " \"targets\":{\"service_level\":0.8,\"abandon_rate\":0.05,\"asa_s\":20,\"callback_rate_72h\":1},"
  " \"days\":[{\"date\":\"2026-11-16\",\"offered\":5,\"answered\":4,\"abandoned\":1,\"service_level\":0.75,"
  "            \"asa_s\":3.3333333333333335,\"escalations_new\":1,\"escalations_closed\":0,"
  "            \"reports_submitted\":2,\"reports_reviewed\":1},"
  "           {\"date\":\"2026-11-17\",\"offered\":0,\"answered\":0,\"abandoned\":0,"
  "            \"escalations_new\":0,\"escalations_closed\":1,\"reports_submitted\":0,\"reports_reviewed\":0}],"
  " \"day\":{\"offered\":5,\"answered\":4,\"abandoned\":1,\"service_level\":0.75,\"asa_s\":3.3333333333333335,"
  "          \"abandon_rate\":0.2},"
  " \"escalations\":{\"new\":1,\"closed\":1,\"overdue\":0,\"resolved\":0,\"called_back\":0},"
  " \"qa\":{\"evaluations\":2,\"average\":75.05},"
  " \"reports\":{\"expected\":4,\"submitted\":2,\"reviewed\":1,\"acknowledged\":1},"
  " \"monthly_report_due\":{\"date\":\"2026-11-22\",\"overdue\":false}}";

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

/* @json as CSV, parsed back: rows of fields, the header first. */
static GPtrArray *
write_rows (const char  *json,
            char       **text_out)
{
  g_autoptr(JsonNode) summary = json_from_string (json, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GPtrArray *rows;

  g_assert_nonnull (summary);
  g_assert_true (fb_summary_write_csv (summary, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  /* Excel takes the file for UTF-8 only with the mark. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  rows = parse_csv (text + 3);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==, 3);
  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);
  return rows;
}

static const char *
field (GPtrArray *rows,
       guint      row,
       guint      column)
{
  g_assert_cmpuint (row, <, rows->len);
  return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, row), column);
}

/* Checks rows from @first against the figures @keys at @base of @summary: names by the
 * screen's labels, values as the screen formats them. Returns the next
 * row. */
static guint
check_part (GPtrArray          *rows,
            guint               first,
            JsonNode           *summary,
            const char         *part,
            const char         *base,
            const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (base, ".", keys[i], NULL);
      g_autofree char *want = fb_summary_format_figure (keys[i], fb_summary_lookup (summary, path));

      g_test_message ("row %u: %s", first + i, path);
      g_assert_cmpstr (field (rows, first + i, 0), ==, fb_summary_label (part));
      g_assert_cmpstr (field (rows, first + i, 1), ==, fb_summary_figure_label (summary, path));
      g_assert_cmpstr (field (rows, first + i, 2), ==, want);
    }
  return first + g_strv_length ((char **) keys);
}

/* No value has more digits than the screen shows: at most one decimal. */
static void
assert_rounded (GPtrArray *rows)
{
  g_autoptr(GRegex) long_fraction = g_regex_new ("[0-9]\\.[0-9]{2,}", 0, 0, NULL);

  for (guint i = 1; i < rows->len; i++)
    if (g_regex_match (long_fraction, field (rows, i, 2), 0, NULL))
      g_error ("row %u (%s, %s) is not rounded: %s", i, field (rows, i, 0), field (rows, i, 1), field (rows, i, 2));
}

static void
test_daily_order (void)
{
  static const char * const kpi[] = { "service_level", "asa_s", "abandon_rate", "callback_rate_72h", NULL };
  static const char * const report[] = { "status", "author", "acknowledged_by", "reviewed_by", NULL };
  g_autoptr(JsonNode) summary = json_from_string (summary_json, NULL);
  g_autoptr(GPtrArray) rows = write_rows (summary_json, NULL);
  guint r = 1;

  g_assert_cmpstr (field (rows, 0, 0), ==, _("Section"));
  g_assert_cmpstr (field (rows, 0, 1), ==, _("Figure"));
  g_assert_cmpstr (field (rows, 0, 2), ==, _("Value"));
  /* What it is, then the key figures and their targets, as the PDF. */
  g_assert_cmpstr (field (rows, r, 1), ==, fb_summary_label ("date"));
  g_assert_cmpstr (field (rows, r++, 2), ==, "2026-11-20");
  for (guint i = 0; kpi[i] != NULL; i++, r++)
    {
      g_autofree char *path = fb_summary_kpi_path (kpi[i]);
      g_autofree char *want = fb_summary_format_path (summary, path);

      g_assert_cmpstr (field (rows, r, 0), ==, fb_summary_label ("kpi"));
      g_assert_cmpstr (field (rows, r, 1), ==, fb_summary_label (kpi[i]));
      g_assert_cmpstr (field (rows, r, 2), ==, want);
    }
  r = check_part (rows, r, summary, "targets", "targets", kpi);
  r = check_part (rows, r, summary, "shifts.day", "shifts.day", fb_summary_shift_figures);
  r = check_part (rows, r, summary, "shifts.night", "shifts.night", fb_summary_shift_figures);
  r = check_part (rows, r, summary, "day", "day", fb_summary_call_figures);
  r = check_part (rows, r, summary, "escalations", "escalations", fb_summary_escalation_figures);
  r = check_part (rows, r, summary, "qa", "qa", fb_summary_qa_day_figures);
  r = check_part (rows, r, summary, "reports.day", "reports.day", report);
  /* No night report: said once, not four dashes. */
  g_assert_cmpstr (field (rows, r, 0), ==, fb_summary_label ("reports.night"));
  g_assert_cmpstr (field (rows, r, 1), ==, fb_summary_label ("status"));
  g_assert_cmpstr (field (rows, r++, 2), ==, _("No report"));
  g_assert_cmpstr (field (rows, r, 0), ==, fb_summary_label ("monthly_report_due"));
  g_assert_cmpstr (field (rows, r++, 2), ==, "2026-11-22");
  g_assert_cmpstr (field (rows, r++, 2), ==, _("No"));
  /* Last, the quarter hours, from 00:00 to 23:45, and the week before. */
  for (guint s = 0; s < 2; s++)
    for (guint i = 0; i < 96; i++, r++)
      {
        g_autofree char *slot = g_strdup_printf ("%02u:%02u", i / 4, (i % 4) * 15);

        g_assert_cmpstr (field (rows, r, 0), ==, fb_summary_label (s == 0 ? "intraday.offered" : "intraday.last_week"));
        g_assert_cmpstr (field (rows, r, 1), ==, slot);
      }
  g_assert_cmpuint (r, ==, rows->len);
  assert_rounded (rows);
}

/* The value of the one row of figure @key under part @part (keys). */
static const char *
value_of (GPtrArray  *rows,
          const char *part,
          const char *key)
{
  const char *found = NULL;

  for (guint i = 1; i < rows->len; i++)
    if (g_str_equal (field (rows, i, 0), fb_summary_label (part)) &&
        g_str_equal (field (rows, i, 1), fb_summary_label (key)))
      {
        g_assert_null (found);
        found = field (rows, i, 2);
      }
  g_assert_nonnull (found);
  return found;
}

/* The figures a director reads, as the screen shows them. */
static void
test_daily_values (void)
{
  g_autoptr(GPtrArray) rows = write_rows (summary_json, NULL);
  g_autofree char *sl = g_strdup_printf (_("%.1f%%"), 80.0);
  g_autofree char *abandon = g_strdup_printf (_("%.1f%%"), 5.0);
  g_autofree char *asa = g_strdup_printf (_("%.0f s"), 20.0);
  g_autofree char *day_sl = g_strdup_printf (_("%.1f%%"), 94.2);
  g_autofree char *day_asa = g_strdup_printf (_("%.0f s"), 2.0);

#define VALUE(part, key) value_of (rows, part, key)
  /* 0.80000000000000004 is 80.0 %, 0.050000000000000003 is 5.0 %. */
  g_assert_cmpstr (VALUE ("targets", "service_level"), ==, sl);
  g_assert_cmpstr (VALUE ("targets", "abandon_rate"), ==, abandon);
  g_assert_cmpstr (VALUE ("targets", "asa_s"), ==, asa);
  g_assert_cmpstr (VALUE ("kpi", "service_level"), ==, day_sl);
  g_assert_cmpstr (VALUE ("kpi", "asa_s"), ==, day_asa);
  g_assert_cmpstr (VALUE ("day", "offered"), ==, "900");
  g_assert_cmpstr (VALUE ("qa", "month_average"), ==, "73.8");
  /* A shift's figure the data cannot give: the screen's dash. */
  g_assert_cmpstr (VALUE ("shifts.night", "service_level"), ==, "–");
  /* Statuses and yes/no in words, never the codes. */
  g_assert_cmpstr (VALUE ("reports.day", "status"), ==, _("Submitted"));
  g_assert_cmpstr (VALUE ("monthly_report_due", "overdue"), ==, _("No"));
  /* Quoted as RFC 4180 says, and read back whole. */
  g_assert_cmpstr (VALUE ("reports.day", "author"), ==, "김, \"팀장\"\r\n둘째 줄");
  g_assert_cmpstr (VALUE ("reports.day", "reviewed_by"), ==, "–");
#undef VALUE
}

static void
test_rollup_order (void)
{
  g_autoptr(JsonNode) summary = json_from_string (rollup_json, NULL);
  g_autoptr(GPtrArray) rows = write_rows (rollup_json, NULL);
  static const char * const day_keys[] = {
    "offered", "answered", "abandoned", "service_level", "asa_s",
    "escalations_new", "escalations_closed", "reports_submitted", "reports_reviewed", NULL,
  };
  guint r = 1;

  g_assert_cmpstr (field (rows, r, 1), ==, fb_summary_label ("period"));
  g_assert_cmpstr (field (rows, r++, 2), ==, fb_summary_label ("week"));
  g_assert_cmpstr (field (rows, r++, 2), ==, "2026-11-16");
  g_assert_cmpstr (field (rows, r++, 2), ==, "2026-11-17");
  r += 8;  /* the key figures and their targets, as a day's */
  /* Day by day, in date order, each by its date. */
  for (guint d = 0; d < 2; d++)
    for (guint k = 0; day_keys[k] != NULL; k++, r++)
      {
        g_assert_cmpstr (field (rows, r, 0), ==, d == 0 ? "2026-11-16" : "2026-11-17");
        g_assert_cmpstr (field (rows, r, 1), ==, fb_summary_label (day_keys[k]));
      }
  g_assert_cmpstr (field (rows, 1 + 3 + 8 + 3, 2), ==, "75.0%");
  r = check_part (rows, r, summary, "day", "day", fb_summary_call_figures);
  r = check_part (rows, r, summary, "escalations", "escalations", fb_summary_escalation_figures);
  /* The period's evaluations, not "that day"'s. */
  g_assert_cmpstr (field (rows, r, 1), ==, _("Evaluations"));
  r = check_part (rows, r, summary, "qa", "qa", fb_summary_qa_period_figures);
  r = check_part (rows, r, summary, "reports", "reports", fb_summary_report_period_figures);
  r += 2;  /* the monthly report */
  g_assert_cmpuint (r, ==, rows->len);
  assert_rounded (rows);
}

/* Text a spreadsheet would run as a formula stays text. */
static void
test_no_formulas (void)
{
  g_autoptr(GPtrArray) rows = write_rows ("{\"date\":\"2026-11-20\",\"reports\":{\"day\":"
                                          "{\"status\":\"submitted\",\"author\":\"=HYPERLINK(1)\"}}}", NULL);
  gboolean found = FALSE;

  for (guint i = 1; i < rows->len; i++)
    if (g_str_equal (field (rows, i, 1), fb_summary_label ("author")))
      {
        g_assert_cmpstr (field (rows, i, 2), ==, "'=HYPERLINK(1)");
        found = TRUE;
      }
  g_assert_true (found);
}

/* In Korean the whole file is Korean: the screen's words ("인입 콜", not
 * "인입 호"), statuses and yes/no translated, not one English word. */
static void
test_korean (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GRegex) latin = g_regex_new ("[A-Za-z]", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_str_equal (_("Submitted"), "제출"))
    {
      g_test_skip ("the Korean catalogue is not built");
      return;
    }
  rows = write_rows (summary_json, &text);
  if (g_regex_match (latin, text, 0, &match))
    {
      g_autofree char *word = g_match_info_fetch (match, 0);
      const char *at = strstr (text, word);

      g_error ("English in the Korean file: …%.40s…", at);
    }
  /* The words of the page. */
  g_assert_nonnull (strstr (text, "\r\n통화,인입 콜,900\r\n"));
  g_assert_nonnull (strstr (text, ",응답 콜,860\r\n"));
  g_assert_nonnull (strstr (text, "주간 당직 일지,상태,제출\r\n"));
  g_assert_nonnull (strstr (text, ",아니요\r\n"));
  g_assert_nonnull (strstr (text, "목표,평균 응답 속도,20초\r\n"));
  g_assert_null (strstr (text, "인입 호"));
  g_assert_null (strstr (text, "submitted"));
  g_assert_null (strstr (text, "false"));
  assert_rounded (rows);
}

int
main (int   argc,
      char *argv[])
{
  gboolean korean = g_strcmp0 (g_getenv ("LANGUAGE"), "ko") == 0;

  /* As the environment says: meson runs this once in English and once
   * with LANGUAGE=ko, from the catalogue built in the tree. */
  fb_test_use_built_catalogue ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/summary-csv/daily-order", test_daily_order);
  g_test_add_func ("/summary-csv/daily-values", test_daily_values);
  g_test_add_func ("/summary-csv/rollup-order", test_rollup_order);
  g_test_add_func ("/summary-csv/no-formulas", test_no_formulas);
  if (korean)
    g_test_add_func ("/summary-csv/korean", test_korean);
  return g_test_run ();
}
