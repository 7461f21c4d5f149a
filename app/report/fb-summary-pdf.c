/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-pdf.c
 *
 * The summary becomes a list of blocks (title, headings, tables, a chart,
 * lines of text) once; paginating measures them with Pango for the page
 * it is given and places them, splitting long tables between rows with
 * their header repeated; drawing only replays the placements. The same
 * document prints to paper and to a PDF.
 */
#define G_LOG_DOMAIN "floorboard-report"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-entity.h"
#include "fb-format.h"
#include "fb-summary-format.h"
#include "fb-summary-pdf.h"

#define MARGIN        42.0
#define BLOCK_SPACING 12.0
#define CELL_PAD_X    5.0
#define CELL_PAD_Y    3.0
#define CHART_HEIGHT  130.0
#define FOOTER_HEIGHT 18.0
#define N_SLOTS       96
/* Korean needs a Korean face; Pango falls back if it is not there. */
#define FONT_FAMILY   "NanumGothic, Noto Sans CJK KR, Sans"

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_TEXT,
  BLOCK_TABLE,
  BLOCK_CHART,
} BlockKind;

/* A cell's text colour, so the met/missed words stand out in print too. */
typedef enum
{
  TONE_NORMAL,
  TONE_GOOD,
  TONE_BAD,
} Tone;

typedef struct
{
  char *text;
  Tone  tone;
} Cell;

typedef struct
{
  BlockKind  kind;
  char      *text;
  Tone       tone;          /* of a text block */
  guint      n_columns;
  double     widths[10];    /* fractions of the text width */
  guint      text_columns;  /* bit c: column c holds words, aligned left */
  GArray    *cells;         /* Cell, row by row; row 0 is the header */
  GArray    *heights;       /* double per row, as last measured */
  double     height;        /* of a block that is not a table */
  double     slots[2][N_SLOTS];
} Block;

typedef struct
{
  guint  page;
  guint  block;
  guint  first_row;   /* tables: the data rows [first_row, end_row) */
  guint  end_row;
  double y;
} Placement;

struct _FbSummaryDocument
{
  JsonNode  *summary;
  GPtrArray *blocks;
  GArray    *placements;
  guint      n_pages;
  double     width, height;
};

static char *
figure (JsonNode   *summary,
        const char *path)
{
  return fb_summary_format_path (summary, path);
}

static void
block_free (gpointer data)
{
  Block *block = data;

  if (block->cells != NULL)
    {
      for (guint i = 0; i < block->cells->len; i++)
        g_free (g_array_index (block->cells, Cell, i).text);
      g_array_unref (block->cells);
    }
  g_clear_pointer (&block->heights, g_array_unref);
  g_free (block->text);
  g_free (block);
}

static Block *
add_block (FbSummaryDocument *doc,
           BlockKind          kind,
           const char        *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (doc->blocks, block);
  return block;
}

static Block *
add_table (FbSummaryDocument  *doc,
           const double       *widths,
           guint               n_columns)
{
  Block *block = add_block (doc, BLOCK_TABLE, NULL);

  g_assert (n_columns <= G_N_ELEMENTS (block->widths));
  block->n_columns = n_columns;
  block->text_columns = 1;
  memcpy (block->widths, widths, n_columns * sizeof (double));
  block->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  block->heights = g_array_new (FALSE, TRUE, sizeof (double));
  return block;
}

/* Appends a cell; the text is taken. */
static void
take_cell (Block *table,
           char  *text,
           Tone   tone)
{
  Cell cell = { text, tone };

  g_array_append_val (table->cells, cell);
}

static void
add_cell (Block      *table,
          const char *text)
{
  take_cell (table, g_strdup (text), TONE_NORMAL);
}

static guint
n_rows (const Block *table)
{
  return table->cells->len / table->n_columns;
}

/* A two-column table of @keys under @section ("escalations"). */
static void
add_figures (FbSummaryDocument  *doc,
             const char         *heading,
             const char         *section,
             const char * const *keys)
{
  static const double widths[] = { 0.7, 0.3 };
  Block *table;

  add_block (doc, BLOCK_HEADING, heading);
  table = add_table (doc, widths, 2);
  add_cell (table, _("Figure"));
  add_cell (table, _("Value"));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (section, ".", keys[i], NULL);

      add_cell (table, fb_summary_figure_label (doc->summary, path));
      take_cell (table, figure (doc->summary, path), TONE_NORMAL);
    }
}

static void
build_kpis (FbSummaryDocument *doc)
{
  static const double widths[] = { 0.43, 0.19, 0.19, 0.19 };
  const char * const *keys = fb_summary_kpi_figures;
  FbSummaryTargets targets;
  gboolean has_targets = fb_summary_get_targets (doc->summary, &targets);
  Block *table;

  add_block (doc, BLOCK_HEADING, fb_summary_label ("kpi"));
  table = add_table (doc, widths, 4);
  add_cell (table, _("Figure"));
  add_cell (table, _("Value"));
  add_cell (table, _("Target"));
  add_cell (table, _("Result"));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *path = fb_summary_kpi_path (keys[i]);
      g_autofree char *target_path = g_strconcat ("targets.", keys[i], NULL);
      JsonNode *value = fb_summary_lookup (doc->summary, path);

      add_cell (table, fb_summary_label (keys[i]));
      take_cell (table, figure (doc->summary, path), TONE_NORMAL);
      take_cell (table, figure (doc->summary, target_path), TONE_NORMAL);
      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || !has_targets)
        add_cell (table, "–");
      else if (fb_summary_targets_met (&targets, keys[i], json_node_get_double (value)))
        take_cell (table, g_strdup (_("Met")), TONE_GOOD);
      else
        take_cell (table, g_strdup (_("Missed")), TONE_BAD);
    }
}

static void
build_chart (FbSummaryDocument *doc)
{
  JsonNode *offered = fb_summary_lookup (doc->summary, "intraday.offered");
  JsonNode *last_week = fb_summary_lookup (doc->summary, "intraday.last_week");
  Block *chart;

  if (offered == NULL || !JSON_NODE_HOLDS_ARRAY (offered))
    return;
  add_block (doc, BLOCK_HEADING, fb_summary_label ("intraday.offered"));
  add_block (doc, BLOCK_TEXT, _("Bars: the day. Line: the same weekday a week before."));
  chart = add_block (doc, BLOCK_CHART, NULL);
  for (guint s = 0; s < 2; s++)
    {
      JsonNode *node = s == 0 ? offered : last_week;
      JsonArray *a = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; a != NULL && i < N_SLOTS && i < json_array_get_length (a); i++)
        chart->slots[s][i] = json_node_get_double (json_array_get_element (a, i));
    }
}

static void
build_shifts (FbSummaryDocument *doc)
{
  static const double widths[] = { 0.52, 0.24, 0.24 };
  const char * const *keys = fb_summary_shift_figures;
  Block *table;

  if (fb_summary_lookup (doc->summary, "shifts") == NULL)
    return;
  add_block (doc, BLOCK_HEADING, fb_summary_label ("shifts"));
  table = add_table (doc, widths, 3);
  add_cell (table, _("Figure"));
  add_cell (table, fb_summary_label ("shifts.day"));
  add_cell (table, fb_summary_label ("shifts.night"));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *day = g_strconcat ("shifts.day.", keys[i], NULL);
      g_autofree char *night = g_strconcat ("shifts.night.", keys[i], NULL);

      add_cell (table, fb_summary_label (keys[i]));
      take_cell (table, figure (doc->summary, day), TONE_NORMAL);
      take_cell (table, figure (doc->summary, night), TONE_NORMAL);
    }
}

static void
build_reports (FbSummaryDocument *doc)
{
  static const double widths[] = { 0.2, 0.17, 0.21, 0.21, 0.21 };
  static const char * const shifts[] = { "day", "night" };
  Block *table;

  add_block (doc, BLOCK_HEADING, fb_summary_label ("reports"));
  table = add_table (doc, widths, 5);
  /* States and names read as words. */
  table->text_columns = 0x1f;
  add_cell (table, _("Shift"));
  add_cell (table, fb_summary_label ("status"));
  add_cell (table, fb_summary_label ("author"));
  add_cell (table, fb_summary_label ("acknowledged_by"));
  add_cell (table, fb_summary_label ("reviewed_by"));
  for (guint i = 0; i < G_N_ELEMENTS (shifts); i++)
    {
      g_autofree char *base = g_strconcat ("reports.", shifts[i], NULL);
      g_autofree char *status = g_strconcat (base, ".status", NULL);
      g_autofree char *author = g_strconcat (base, ".author", NULL);
      g_autofree char *acknowledged = g_strconcat (base, ".acknowledged_by", NULL);
      g_autofree char *reviewed = g_strconcat (base, ".reviewed_by", NULL);
      g_autofree char *shift = g_strconcat ("shifts.", shifts[i], NULL);

      add_cell (table, fb_summary_label (shift));
      if (fb_summary_lookup (doc->summary, base) == NULL)
        {
          take_cell (table, g_strdup (_("No report")), TONE_BAD);
          for (guint j = 0; j < 3; j++)
            add_cell (table, "–");
          continue;
        }
      take_cell (table, figure (doc->summary, status), TONE_NORMAL);
      take_cell (table, figure (doc->summary, author), TONE_NORMAL);
      take_cell (table, figure (doc->summary, acknowledged), TONE_NORMAL);
      take_cell (table, figure (doc->summary, reviewed), TONE_NORMAL);
    }
}

static char *
format_date (const char *date,
             const char *format)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = date ? fb_date_to_datetime (utc, date) : NULL;

  return dt ? fb_date_time_format (dt, format) : g_strdup (date ? date : "");
}

static void
build_days (FbSummaryDocument *doc)
{
  /* On A4 the dates and figures never wrap ("10월 12일 (Mon)", "86.9%"
   * in NanumGothic) and headings wrap only between words ("에스컬레이션"
   * in bold is 66 pt). */
  static const double widths[] = { 0.2, 0.085, 0.085, 0.095, 0.08, 0.15, 0.15, 0.155 };
  static const char * const keys[] = { "offered", "answered", "service_level", "asa_s",
                                       "escalations_new", "escalations_closed" };
  JsonNode *days = fb_summary_lookup (doc->summary, "days");
  Block *table;

  if (days == NULL || !JSON_NODE_HOLDS_ARRAY (days))
    return;
  add_block (doc, BLOCK_HEADING, fb_summary_label ("days"));
  table = add_table (doc, widths, 8);
  add_cell (table, _("Date"));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    add_cell (table, fb_summary_label (keys[i]));
  add_cell (table, _("Duty reports submitted / reviewed"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (days)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (days), i);
      JsonObject *day = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (day == NULL)
        continue;
      /* Translators: a date in a table, as g_date_time_format() takes it. */
      take_cell (table, format_date (json_object_get_string_member_with_default (day, "date", NULL),
                                     _("%-m/%-d (%a)")), TONE_NORMAL);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        take_cell (table, fb_summary_format_figure (keys[k], json_object_get_member (day, keys[k])), TONE_NORMAL);
      take_cell (table, g_strdup_printf ("%d / %d",
                                         (int) json_object_get_int_member_with_default (day, "reports_submitted", 0),
                                         (int) json_object_get_int_member_with_default (day, "reports_reviewed", 0)),
                 TONE_NORMAL);
    }
}

static void
build (FbSummaryDocument *doc)
{
  JsonObject *o = json_node_get_object (doc->summary);
  const char *period = json_object_get_string_member_with_default (o, "period", NULL);
  JsonNode *due = fb_summary_lookup (doc->summary, "monthly_report_due.date");
  JsonNode *overdue = fb_summary_lookup (doc->summary, "monthly_report_due.overdue");
  g_autofree char *title = NULL;

  if (period == NULL)
    {
      /* Translators: the daily summary's date, as g_date_time_format() takes it. */
      g_autofree char *date = format_date (json_object_get_string_member_with_default (o, "date", NULL),
                                           _("%A, %B %-d, %Y"));
      title = g_strdup_printf (_("Daily Summary — %s"), date);
    }
  else
    {
      g_autofree char *from = format_date (json_object_get_string_member_with_default (o, "from", NULL), _("%B %-d, %Y"));
      g_autofree char *to = format_date (json_object_get_string_member_with_default (o, "to", NULL), _("%B %-d, %Y"));

      /* Translators: a week's or a month's summary, from the first day to the last. */
      title = g_strdup_printf (g_str_equal (period, "week") ? _("Weekly Summary — %s to %s")
                                                            : _("Monthly Summary — %s to %s"), from, to);
    }
  add_block (doc, BLOCK_TITLE, title);
  if (due != NULL && JSON_NODE_HOLDS_VALUE (due))
    {
      g_autofree char *day = format_date (json_node_get_string (due), _("%B %-d"));
      g_autofree char *line = NULL;

      gboolean late = overdue != NULL && JSON_NODE_HOLDS_VALUE (overdue) && json_node_get_boolean (overdue);

      if (late)
        line = g_strdup_printf (_("The monthly service-quality report was due by %s"), day);
      else
        line = g_strdup_printf (_("The monthly service-quality report is due by %s"), day);
      /* Overdue is what the director must not miss on paper. */
      add_block (doc, BLOCK_TEXT, line)->tone = late ? TONE_BAD : TONE_NORMAL;
    }

  build_kpis (doc);
  if (period == NULL)
    build_chart (doc);
  build_days (doc);
  build_shifts (doc);
  add_figures (doc, fb_summary_label ("day"), "day", fb_summary_call_figures);
  add_figures (doc, fb_summary_label ("escalations"), "escalations", fb_summary_escalation_figures);
  add_figures (doc, fb_summary_label ("qa"), "qa", period == NULL ? fb_summary_qa_day_figures : fb_summary_qa_period_figures);
  if (period == NULL)
    build_reports (doc);
  else
    add_figures (doc, fb_summary_label ("reports"), "reports", fb_summary_report_period_figures);
}

FbSummaryDocument *
fb_summary_document_new (JsonNode *summary)
{
  FbSummaryDocument *doc;

  g_return_val_if_fail (summary != NULL && JSON_NODE_HOLDS_OBJECT (summary), NULL);

  doc = g_new0 (FbSummaryDocument, 1);
  doc->summary = json_node_ref (summary);
  doc->blocks = g_ptr_array_new_with_free_func (block_free);
  doc->placements = g_array_new (FALSE, TRUE, sizeof (Placement));
  build (doc);
  return doc;
}

void
fb_summary_document_free (FbSummaryDocument *doc)
{
  if (doc == NULL)
    return;
  json_node_unref (doc->summary);
  g_ptr_array_unref (doc->blocks);
  g_array_unref (doc->placements);
  g_free (doc);
}

/* Lines break between words only, as Korean is set in print: Pango would
 * break between any two Hangul syllables ("에스 / 컬레이션"). */
static void
keep_words (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;
      PangoAttribute *attr;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && *p != ' ')
        p++;
      attr = pango_attr_allow_breaks_new (FALSE);
      attr->start_index = start - text;
      attr->end_index = p - text;
      pango_attr_list_insert (attrs, attr);
    }
  pango_layout_set_attributes (layout, attrs);
}

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *text,
            double      size,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text ? text : "", -1);
  keep_words (layout);
  if (width > 0)
    {
      PangoRectangle extents;

      /* A word wider than its column is broken after all, rather than
       * drawn over the next one. */
      pango_layout_get_extents (layout, NULL, &extents);
      if (extents.width > pango_layout_get_width (layout))
        pango_layout_set_attributes (layout, NULL);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
block_style (BlockKind  kind,
             double    *size,
             gboolean  *bold)
{
  *bold = kind == BLOCK_TITLE || kind == BLOCK_HEADING;
  *size = kind == BLOCK_TITLE ? 17 : kind == BLOCK_HEADING ? 12 : 9.5;
}

static double
measure (Block   *block,
         cairo_t *cr,
         double   text_width)
{
  double size;
  gboolean bold;

  if (block->kind == BLOCK_CHART)
    return CHART_HEIGHT;
  if (block->kind == BLOCK_TABLE)
    {
      double total = 0;

      g_array_set_size (block->heights, n_rows (block));
      for (guint r = 0; r < n_rows (block); r++)
        {
          double row = 0;

          for (guint c = 0; c < block->n_columns; c++)
            {
              Cell *cell = &g_array_index (block->cells, Cell, r * block->n_columns + c);
              g_autoptr(PangoLayout) layout = new_layout (cr, cell->text, 9, r == 0,
                                                         block->widths[c] * text_width - 2 * CELL_PAD_X);

              row = MAX (row, layout_height (layout) + 2 * CELL_PAD_Y);
            }
          g_array_index (block->heights, double, r) = row;
          total += row;
        }
      return total;
    }
  block_style (block->kind, &size, &bold);
  {
    g_autoptr(PangoLayout) layout = new_layout (cr, block->text, size, bold, text_width);

    /* A heading keeps its rule below it. */
    return layout_height (layout) + (block->kind == BLOCK_HEADING ? 4 : 0);
  }
}

static void
place (FbSummaryDocument *doc,
       guint              page,
       guint              block,
       guint              first_row,
       guint              end_row,
       double             y)
{
  Placement p = { page, block, first_row, end_row, y };

  g_array_append_val (doc->placements, p);
}

guint
fb_summary_document_paginate (FbSummaryDocument *doc,
                              cairo_t           *cr,
                              double             width,
                              double             height)
{
  double text_width = width - 2 * MARGIN;
  double bottom = height - MARGIN - FOOTER_HEIGHT;
  double y = MARGIN;
  guint page = 0;

  g_return_val_if_fail (doc != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);

  doc->width = width;
  doc->height = height;
  g_array_set_size (doc->placements, 0);
  for (guint i = 0; i < doc->blocks->len; i++)
    ((Block *) g_ptr_array_index (doc->blocks, i))->height =
      measure (g_ptr_array_index (doc->blocks, i), cr, text_width);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      if (block->kind != BLOCK_TABLE)
        {
          double need = block->height;

          /* A heading goes with what it heads: with the next block, or a
           * whole table up to a third of a page (a row or two left alone
           * on the next page reads as lost), else the table's header and
           * first rows. */
          if (block->kind == BLOCK_HEADING && i + 1 < doc->blocks->len)
            {
              Block *next = g_ptr_array_index (doc->blocks, i + 1);
              double with_next = need + BLOCK_SPACING / 2 + next->height;

              if (next->kind == BLOCK_TABLE && next->heights->len > 1 && next->height > (bottom - MARGIN) / 3)
                {
                  need += BLOCK_SPACING / 2;
                  for (guint r = 0; r < MIN (next->heights->len, 4); r++)
                    need += g_array_index (next->heights, double, r);
                }
              else
                need = with_next;
            }
          if (y + need > bottom && y > MARGIN)
            {
              page++;
              y = MARGIN;
            }
          place (doc, page, i, 0, 0, y);
          y += block->height + (block->kind == BLOCK_HEADING ? BLOCK_SPACING / 2 : BLOCK_SPACING);
          continue;
        }

      for (guint row = 1; row < n_rows (block) || row == 1;)
        {
          double header = g_array_index (block->heights, double, 0);
          guint first = row;
          double start = y;

          /* Header and one row at least, or the rest goes over. */
          if (row < n_rows (block) && y + header + g_array_index (block->heights, double, row) > bottom && y > MARGIN)
            {
              page++;
              y = MARGIN;
              start = y;
            }
          y += header;
          /* A row taller than a page is drawn clipped rather than lost. */
          do
            {
              if (row >= n_rows (block))
                break;
              y += g_array_index (block->heights, double, row);
              row++;
            }
          while (row < n_rows (block) && y + g_array_index (block->heights, double, row) <= bottom);
          place (doc, page, i, first, row, start);
          if (row < n_rows (block))
            {
              page++;
              y = MARGIN;
            }
          else
            break;
        }
      y += BLOCK_SPACING;
    }
  doc->n_pages = page + 1;
  return doc->n_pages;
}

static void
set_tone (cairo_t *cr,
          Tone     tone)
{
  switch (tone)
    {
    case TONE_GOOD:
      cairo_set_source_rgb (cr, 0.10, 0.45, 0.20);
      break;
    case TONE_BAD:
      cairo_set_source_rgb (cr, 0.72, 0.10, 0.10);
      break;
    case TONE_NORMAL:
    default:
      cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
      break;
    }
}

static double
draw_row (cairo_t     *cr,
          const Block *table,
          guint        row,
          double       x0,
          double       y,
          double       text_width,
          gboolean     shaded)
{
  double h = g_array_index (table->heights, double, row);
  double x = x0;

  if (shaded)
    {
      cairo_set_source_rgb (cr, row == 0 ? 0.88 : 0.955, row == 0 ? 0.90 : 0.96, row == 0 ? 0.93 : 0.97);
      cairo_rectangle (cr, x0, y, text_width, h);
      cairo_fill (cr);
    }
  for (guint c = 0; c < table->n_columns; c++)
    {
      Cell *cell = &g_array_index (table->cells, Cell, row * table->n_columns + c);
      double w = table->widths[c] * text_width;
      g_autoptr(PangoLayout) layout = new_layout (cr, cell->text, 9, row == 0, w - 2 * CELL_PAD_X);

      /* Figures line up on the right, names on the left. */
      pango_layout_set_alignment (layout, table->text_columns & (1u << c) ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      set_tone (cr, row == 0 ? TONE_NORMAL : cell->tone);
      cairo_move_to (cr, x + CELL_PAD_X, y + CELL_PAD_Y);
      pango_cairo_show_layout (cr, layout);
      x += w;
    }
  cairo_set_source_rgb (cr, 0.78, 0.78, 0.80);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, x0, y + h);
  cairo_line_to (cr, x0 + text_width, y + h);
  cairo_stroke (cr);
  return h;
}

static void
draw_chart (cairo_t     *cr,
            const Block *chart,
            double       x0,
            double       y0,
            double       width)
{
  double label_h = 12, plot_h = CHART_HEIGHT - label_h - 4, max = 0, bar;
  char text[16];

  for (guint s = 0; s < 2; s++)
    for (guint i = 0; i < N_SLOTS; i++)
      max = MAX (max, chart->slots[s][i]);
  if (max <= 0)
    max = 1;
  bar = width / N_SLOTS;

  cairo_set_source_rgb (cr, 0.35, 0.52, 0.78);
  for (guint i = 0; i < N_SLOTS; i++)
    {
      double h = chart->slots[0][i] / max * plot_h;

      cairo_rectangle (cr, x0 + i * bar + bar * 0.1, y0 + plot_h - h, bar * 0.8, h);
    }
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.85, 0.45, 0.10);
  cairo_set_line_width (cr, 1.2);
  for (guint i = 0; i < N_SLOTS; i++)
    {
      double x = x0 + i * bar + bar / 2, y = y0 + plot_h - chart->slots[1][i] / max * plot_h;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, x0, y0 + plot_h);
  cairo_line_to (cr, x0 + width, y0 + plot_h);
  cairo_stroke (cr);
  for (guint hour = 0; hour <= 24; hour += 6)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double x = x0 + hour * 4 * bar;

      g_snprintf (text, sizeof text, "%02u:00", hour);
      layout = new_layout (cr, text, 7.5, FALSE, -1);
      cairo_move_to (cr, x, y0 + plot_h);
      cairo_line_to (cr, x, y0 + plot_h + 3);
      cairo_stroke (cr);
      cairo_move_to (cr, MIN (x, x0 + width - 22), y0 + plot_h + 4);
      pango_cairo_show_layout (cr, layout);
    }
  {
    g_autoptr(PangoLayout) layout = NULL;

    g_snprintf (text, sizeof text, "%.0f", max);
    layout = new_layout (cr, text, 7.5, FALSE, -1);
    cairo_move_to (cr, x0 + 2, y0);
    pango_cairo_show_layout (cr, layout);
  }
}

void
fb_summary_document_draw_page (FbSummaryDocument *doc,
                               cairo_t           *cr,
                               guint              page)
{
  double text_width;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < doc->n_pages);

  text_width = doc->width - 2 * MARGIN;
  for (guint i = 0; i < doc->placements->len; i++)
    {
      Placement *p = &g_array_index (doc->placements, Placement, i);
      Block *block = g_ptr_array_index (doc->blocks, p->block);
      double size;
      gboolean bold;

      if (p->page != page)
        continue;
      switch (block->kind)
        {
        case BLOCK_TABLE:
          {
            double y = p->y;

            y += draw_row (cr, block, 0, MARGIN, y, text_width, TRUE);
            for (guint r = p->first_row; r < p->end_row; r++)
              y += draw_row (cr, block, r, MARGIN, y, text_width, (r % 2) == 0);
          }
          break;
        case BLOCK_CHART:
          draw_chart (cr, block, MARGIN, p->y, text_width);
          break;
        case BLOCK_TITLE:
        case BLOCK_HEADING:
        case BLOCK_TEXT:
        default:
          {
            g_autoptr(PangoLayout) layout = NULL;

            block_style (block->kind, &size, &bold);
            layout = new_layout (cr, block->text, size, bold, text_width);
            if (block->tone != TONE_NORMAL)
              set_tone (cr, block->tone);
            else
              cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
            cairo_move_to (cr, MARGIN, p->y);
            pango_cairo_show_layout (cr, layout);
            if (block->kind == BLOCK_HEADING)
              {
                cairo_set_source_rgb (cr, 0.55, 0.58, 0.65);
                cairo_set_line_width (cr, 0.8);
                cairo_move_to (cr, MARGIN, p->y + block->height - 1);
                cairo_line_to (cr, MARGIN + text_width, p->y + block->height - 1);
                cairo_stroke (cr);
              }
          }
          break;
        }
    }

  /* Page numbers: a printed report is read loose. */
  {
    g_autofree char *footer = g_strdup_printf (_("Page %u of %u"), page + 1, doc->n_pages);
    g_autoptr(PangoLayout) layout = new_layout (cr, footer, 8, FALSE, doc->width - 2 * MARGIN);

    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
    cairo_move_to (cr, MARGIN, doc->height - MARGIN - FOOTER_HEIGHT / 2);
    pango_cairo_show_layout (cr, layout);
  }
}

typedef struct
{
  GOutputStream *out;
  GError        *error;
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
fb_summary_write_pdf (JsonNode       *summary,
                      GOutputStream  *out,
                      GError        **error)
{
  g_autoptr(FbSummaryDocument) doc = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  Sink sink = { out, NULL };
  guint n;

  g_return_val_if_fail (summary != NULL && JSON_NODE_HOLDS_OBJECT (summary), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = fb_summary_document_new (summary);
  surface = cairo_pdf_surface_create_for_stream (write_cb, &sink, FB_SUMMARY_A4_WIDTH, FB_SUMMARY_A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Floorboard");
  cr = cairo_create (surface);
  n = fb_summary_document_paginate (doc, cr, FB_SUMMARY_A4_WIDTH, FB_SUMMARY_A4_HEIGHT);
  for (guint page = 0; page < n; page++)
    {
      fb_summary_document_draw_page (doc, cr, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot draw the summary: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
