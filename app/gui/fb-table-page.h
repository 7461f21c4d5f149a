/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-table-page.h: a sortable table of the cached rows of one type. */
#pragma once

#include <gtk/gtk.h>

#include "fb-types.h"

G_BEGIN_DECLS

typedef enum
{
  FB_COLUMN_TEXT,      /* a string member as it is */
  FB_COLUMN_NUMBER,    /* an integer or number */
  FB_COLUMN_PERCENT,   /* a fraction 0..1 shown as % */
  FB_COLUMN_DURATION,  /* seconds shown as m:ss */
  FB_COLUMN_TIME,      /* an ISO 8601 timestamp, shown in center time */
  FB_COLUMN_LABEL,     /* an enum value, shown translated */
  FB_COLUMN_NAME,      /* an id, shown as the name it refers to */
  FB_COLUMN_BOOL,      /* true / false shown as a check mark */
} FbColumnKind;

typedef struct
{
  const char   *title;  /* untranslated (N_()), translated when shown */
  const char   *path;   /* member path in the row's JSON: "scores.tone" */
  FbColumnKind  kind;
} FbColumn;

#define FB_TYPE_TABLE_PAGE (fb_table_page_get_type ())
G_DECLARE_FINAL_TYPE (FbTablePage, fb_table_page, FB, TABLE_PAGE, GtkWidget)

GtkWidget  *fb_table_page_new           (void);
/* @columns must stay valid (a static table). Sorted by @sort_column. */
void        fb_table_page_set_rows      (FbTablePage    *self,
                                         GListModel     *rows,
                                         const FbColumn *columns,
                                         guint           n_columns,
                                         guint           sort_column,
                                         GtkSortType     sort_type);
GtkColumnView *fb_table_page_get_view   (FbTablePage    *self);
/* What a cell of the model's row @position shows (for tests). */
char       *fb_table_page_dup_cell_text (FbTablePage    *self,
                                         guint           position,
                                         guint           column);

G_END_DECLS
