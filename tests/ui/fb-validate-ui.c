/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-validate-ui.c: gtk4-builder-tool validate, able to see libadwaita's
 * and Floorboard's types.
 *
 * GTK 4.8's builder tool cannot resolve a template parent such as
 * AdwApplicationWindow (it knows only GTK's types), so it refuses every
 * template here. This does what it does (a fake subclass of the template's
 * parent, then gtk_builder_extend_with_template) after registering our
 * types, and fails on any builder error or warning. */
#include <adwaita.h>
#include <string.h>

#include "fb-agent-picker.h"
#include "fb-connect-page.h"
#include "fb-floor-page.h"
#include "fb-intraday-chart.h"
#include "fb-preferences-window.h"
#include "fb-queue-tile.h"
#include "fb-seat-map.h"
#include "fb-status-bar.h"
#include "fb-table-page.h"
#include "fb-window.h"

static void
noop (void)
{
}

/* Handlers are the real class's business: any name resolves to a no-op,
 * as in gtk4-builder-tool. */
static void
add_handlers (GtkBuilder *builder,
              const char *text)
{
  GtkBuilderScope *scope = gtk_builder_cscope_new ();
  g_autoptr(GRegex) regex = g_regex_new ("handler=\"([A-Za-z0-9_]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), name, noop);
      g_match_info_next (match, NULL);
    }
  gtk_builder_set_scope (builder, scope);
  g_object_unref (scope);
}

static GType
make_fake_type (const char *name,
                GType       parent)
{
  GTypeQuery query;

  g_type_query (parent, &query);
  return g_type_register_static_simple (parent, name, query.class_size, NULL,
                                        query.instance_size, NULL, 0);
}

static char *
attribute (const char *text,
           const char *tag_start,
           const char *name)
{
  g_autofree char *needle = g_strdup_printf ("%s=\"", name);
  const char *end_tag = strchr (tag_start, '>');
  const char *at = strstr (tag_start, needle);
  const char *end;

  if (at == NULL || (end_tag && at > end_tag))
    return NULL;
  at += strlen (needle);
  end = strchr (at, '"');
  return end ? g_strndup (at, end - at) : NULL;
}

int
main (int   argc,
      char *argv[])
{
  int failures = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE.ui...\n", argv[0]);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("no display\n");
      return 77;
    }
  adw_init ();
  g_type_ensure (FB_TYPE_WINDOW);
  g_type_ensure (FB_TYPE_CONNECT_PAGE);
  g_type_ensure (FB_TYPE_FLOOR_PAGE);
  g_type_ensure (FB_TYPE_QUEUE_TILE);
  g_type_ensure (FB_TYPE_INTRADAY_CHART);
  g_type_ensure (FB_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (FB_TYPE_SEAT_MAP);
  g_type_ensure (FB_TYPE_STATUS_BAR);
  g_type_ensure (FB_TYPE_AGENT_PICKER);
  g_type_ensure (FB_TYPE_TABLE_PAGE);
  /* Warnings from the builder are failures too. */
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtkBuilder) builder = gtk_builder_new ();
      g_autofree char *text = NULL;
      gsize len;
      const char *tmpl;

      if (!g_file_get_contents (argv[i], &text, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          failures++;
          continue;
        }

      add_handlers (builder, text);
      tmpl = strstr (text, "<template ");
      if (tmpl == NULL)
        gtk_builder_add_from_string (builder, text, len, &error);
      else
        {
          g_autofree char *klass = attribute (text, tmpl, "class");
          g_autofree char *parent = attribute (text, tmpl, "parent");
          g_autofree char *fake_name = g_strconcat (klass, "Validate", NULL);
          g_autofree char *quoted = g_strdup_printf ("class=\"%s\"", klass);
          g_autofree char *fake_quoted = g_strdup_printf ("class=\"%s\"", fake_name);
          g_auto(GStrv) parts = NULL;
          g_autofree char *rewritten = NULL;
          GType parent_type = parent ? g_type_from_name (parent) : G_TYPE_INVALID;
          GType fake_type;
          GObject *object;

          if (klass == NULL || parent_type == G_TYPE_INVALID)
            {
              g_printerr ("%s: template parent “%s” is not a known type\n", argv[i], parent ? parent : "");
              failures++;
              continue;
            }
          /* Our real class is registered already; validate as a fake twin. */
          parts = g_strsplit (text, quoted, 2);
          rewritten = g_strjoinv (fake_quoted, parts);
          fake_type = make_fake_type (fake_name, parent_type);
          object = g_object_new (fake_type, NULL);
          g_object_ref_sink (object);
          gtk_builder_extend_with_template (builder, object, fake_type, rewritten, -1, &error);
          if (GTK_IS_WINDOW (object))
            gtk_window_destroy (GTK_WINDOW (object));
          else if (GTK_IS_WIDGET (object))
            for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
              gtk_widget_unparent (child);
          g_object_unref (object);
        }

      if (error != NULL)
        {
          g_printerr ("%s: %s\n", argv[i], error->message);
          failures++;
        }
      else
        g_print ("%s: valid\n", argv[i]);
    }

  return failures ? 1 : 0;
}
