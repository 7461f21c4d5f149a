/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-drive.h: driving the app's real widgets as a user does, under
 * the tests' Xvfb: finding what is on screen, clicking it, and real key
 * presses and pointer clicks through the X server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <string.h>

#include "fb-test-fixture.h"
#include "fb-test-gui.h"

/* Widgets as a user finds them ---------------------------------------- */

typedef gboolean (*FbTestMatch) (GtkWidget *widget, gconstpointer data);

/* The first mapped widget under @root (itself included), depth first, that
 * @match takes: what is on screen, as a user would find it. */
static inline GtkWidget *
fb_test_find_widget (GtkWidget     *root,
                     FbTestMatch    match,
                     gconstpointer  data)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fb_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
fb_test_match_label (GtkWidget     *widget,
                     gconstpointer  label)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    return g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static inline gboolean
fb_test_match_action (GtkWidget     *widget,
                      gconstpointer  action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static inline gboolean
fb_test_match_type (GtkWidget     *widget,
                    gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* Text a user reads under @widget: a drawn label reading @text, all of it
 * when @whole, else in part (a toast's title, a message). */
typedef struct
{
  GtkWidget  *widget;
  const char *text;
  gboolean    whole;
} FbTestText;

static inline gboolean
fb_test_match_text (GtkWidget     *widget,
                    gconstpointer  data)
{
  const FbTestText *t = data;
  const char *label;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;
  label = gtk_label_get_text (GTK_LABEL (widget));
  return t->whole ? g_str_equal (label, t->text) : strstr (label, t->text) != NULL;
}

/* For fb_test_wait_until(), an FbTestText. */
static inline gboolean
fb_test_text_shown (gpointer data)
{
  FbTestText *t = data;

  return fb_test_find_widget (t->widget, fb_test_match_text, t) != NULL;
}

static inline gboolean
fb_test_text_gone (gpointer data)
{
  return !fb_test_text_shown (data);
}

static inline GtkWidget *
fb_test_button_labelled (GtkWidget  *root,
                         const char *label)
{
  GtkWidget *button = fb_test_find_widget (root, fb_test_match_label, label);

  if (button == NULL)
    g_error ("no button “%s” on screen in %s", label, G_OBJECT_TYPE_NAME (root));
  return button;
}

static inline GtkWidget *
fb_test_button_for (GtkWidget  *root,
                    const char *action)
{
  GtkWidget *button = fb_test_find_widget (root, fb_test_match_action, action);

  if (button == NULL)
    g_error ("no button for %s on screen in %s", action, G_OBJECT_TYPE_NAME (root));
  return button;
}

static inline GtkWidget *
fb_test_widget_of_type (GtkWidget *root,
                        GType      type)
{
  GtkWidget *widget = fb_test_find_widget (root, fb_test_match_type, GSIZE_TO_POINTER (type));

  if (widget == NULL)
    g_error ("no %s on screen in %s", g_type_name (type), G_OBJECT_TYPE_NAME (root));
  return widget;
}

/* A click: only on what a pointer can reach, a visible and sensitive
 * button (an action's button is insensitive while the action is off). */
static inline void
fb_test_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Runs xdotool on the X window of @widget, given the keyboard focus first
 * as a window manager would: real input through the X server (XTEST), as
 * GTK 4.8 can make no key or pointer event itself. */
static inline void
fb_test_xdotool (GtkWidget *widget,
                 ...)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  /* A popover has no X window of its own to focus: its toplevel's. */
  if (!GDK_IS_TOPLEVEL (surface))
    surface = gtk_native_get_surface (GTK_NATIVE (gtk_widget_get_root (widget)));
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  g_ptr_array_add (argv, g_strdup ("xdotool"));
  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup ("--sync"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface)));
  va_start (args, widget);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xdotool: %s", err);
}

/* A real Escape key press to the window holding @widget. Calling the
 * handlers one thinks Escape reaches would not do: AdwPreferencesWindow,
 * for one, forwards the event itself to its search entry, and a hidden
 * popover holding the focus takes it (see the seat dialog). */
static inline void
fb_test_press_escape (GtkWidget *widget)
{
  fb_test_xdotool (widget, "key", "Escape", NULL);
}

/* A real click of the first button at @x, @y of @widget. */
static inline void
fb_test_click_at (GtkWidget *widget,
                  double     x,
                  double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t point;
  double sx, sy;
  g_autofree char *xid = NULL, *px = NULL, *py = NULL;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &sx, &sy);
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  px = g_strdup_printf ("%d", (int) (point.x + sx));
  py = g_strdup_printf ("%d", (int) (point.y + sy));
  fb_test_xdotool (widget, "mousemove", "--window", xid, px, py, "click", "1", NULL);
}

/* A window of ours (not the main one) that is on screen now; NULL when
 * there is none. */
static inline GtkWindow *
fb_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* The list holds it still. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

typedef struct
{
  GType      type;
  GtkWindow *window;
} FbTestToplevel;

static inline gboolean
fb_test_toplevel_shown (gpointer data)
{
  FbTestToplevel *t = data;

  t->window = fb_test_find_toplevel (t->type);
  return t->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (t->window));
}

static inline gboolean
fb_test_toplevel_gone (gpointer data)
{
  return fb_test_find_toplevel (((FbTestToplevel *) data)->type) == NULL;
}

/* Waits for the window of @type the last click opened. */
static inline GtkWidget *
fb_test_wait_for_window (GType type)
{
  FbTestToplevel t = { type, NULL };

  g_assert_true (fb_test_wait_until (fb_test_toplevel_shown, &t, 10000));
  return GTK_WIDGET (t.window);
}

static inline void
fb_test_wait_window_gone (GType type)
{
  FbTestToplevel t = { type, NULL };

  g_assert_true (fb_test_wait_until (fb_test_toplevel_gone, &t, 10000));
}

/* Shows the page @widget is on, as a click on its tab does. */
static inline void
fb_test_bring_forward (GtkWidget *widget)
{
  for (GtkWidget *child = widget, *parent = gtk_widget_get_parent (widget); parent != NULL;
       child = parent, parent = gtk_widget_get_parent (parent))
    if (GTK_IS_STACK (parent))
      gtk_stack_set_visible_child (GTK_STACK (parent), child);
    else if (ADW_IS_VIEW_STACK (parent))
      adw_view_stack_set_visible_child (ADW_VIEW_STACK (parent), child);
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, widget, 10000));
}

/* The popover a menu button shows, opened by a click on the button. */
static inline GtkWidget *
fb_test_open_menu (GtkWidget *menu_button)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));

  g_assert_true (gtk_widget_get_mapped (menu_button));
  fb_test_click (fb_test_widget_of_type (menu_button, GTK_TYPE_TOGGLE_BUTTON));
  g_assert_nonnull (popover);
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, popover, 5000));
  return popover;
}

static inline gboolean
fb_test_match_menu_item (GtkWidget     *widget,
                         gconstpointer  label)
{
  g_autofree char *text = NULL;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, g_type_from_name ("GtkModelButton")))
    return FALSE;
  g_object_get (widget, "text", &text, NULL);
  return g_strcmp0 (text, label) == 0;
}

/* A click on the item labelled @label (as shown, without its mnemonic's
 * underline) of a menu's popover. */
static inline void
fb_test_click_menu_item (GtkWidget  *popover,
                         const char *label)
{
  GtkWidget *item = fb_test_find_widget (popover, fb_test_match_menu_item, label);

  if (item == NULL)
    g_error ("no menu item “%s”", label);
  fb_test_click (item);
}
