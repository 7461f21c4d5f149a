/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-watch.c
 *
 * Watches the cached escalations. Each alert is told once per case and
 * deadline (the seeds' dispatch, response and callback deadlines), so a
 * case that moves on to its next deadline can alert again. Cases already
 * in the cache when the watch starts are taken as known: opening the app
 * must not replay a day of alerts. One timeout, set to the next moment an
 * alert falls due, runs only while such a moment lies ahead.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-escalation-watch.h"
#include "fb-row.h"

struct _FbEscalationWatch
{
  GObject     parent_instance;

  GListModel *escalations;
  GHashTable *known;     /* case ids seen */
  GHashTable *told;      /* "id/kind/alert" already told */
  guint       lead_time;
  guint       timer_id;
  gint64      next_wakeup;
};

G_DEFINE_FINAL_TYPE (FbEscalationWatch, fb_escalation_watch, G_TYPE_OBJECT)

enum { PROP_0, PROP_LEAD_TIME, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ALERT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void check (FbEscalationWatch *self);

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
tell_once (FbEscalationWatch    *self,
           const FbEscalation   *escalation,
           FbEscalationDeadline  kind,
           FbEscalationAlert     alert)
{
  g_autofree char *key = g_strdup_printf ("%s/%d/%d", escalation->id, kind, alert);

  if (g_hash_table_contains (self->told, key))
    return FALSE;
  g_hash_table_add (self->told, g_steal_pointer (&key));
  return TRUE;
}

static gboolean
timer_cb (gpointer data)
{
  FbEscalationWatch *self = data;

  self->timer_id = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

/* Tells what is due now and sets the timer for what comes next. */
static void
check (FbEscalationWatch *self)
{
  guint n = g_list_model_get_n_items (self->escalations);
  gint64 now = now_s ();
  gint64 next = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->escalations, i);
      const FbEscalation *escalation = fb_row_get_entity (row);
      FbEscalationDeadline kind;
      gint64 due, soon;

      if (escalation == NULL)
        continue;
      if (!g_hash_table_contains (self->known, escalation->id))
        {
          g_hash_table_add (self->known, g_strdup (escalation->id));
          if (escalation->severity == FB_SEVERITY_CRITICAL &&
              escalation->status != FB_ESC_RESOLVED && escalation->status != FB_ESC_CLOSED)
            g_signal_emit (self, signals[ALERT], 0, escalation->id, FB_ESCALATION_ALERT_NEW_CRITICAL,
                           escalation->summary);
        }

      kind = fb_escalation_next_deadline (escalation, &due);
      if (kind == FB_DEADLINE_NONE)
        continue;
      soon = due - self->lead_time;
      if (now >= due)
        {
          /* Passed: "due soon" would only be noise now. */
          tell_once (self, escalation, kind, FB_ESCALATION_ALERT_DUE_SOON);
          if (tell_once (self, escalation, kind, FB_ESCALATION_ALERT_BREACHED))
            g_signal_emit (self, signals[ALERT], 0, escalation->id, FB_ESCALATION_ALERT_BREACHED,
                           escalation->summary);
          continue;
        }
      if (now >= soon)
        {
          if (tell_once (self, escalation, kind, FB_ESCALATION_ALERT_DUE_SOON))
            g_signal_emit (self, signals[ALERT], 0, escalation->id, FB_ESCALATION_ALERT_DUE_SOON,
                           escalation->summary);
          next = next == 0 ? due : MIN (next, due);
        }
      else
        next = next == 0 ? soon : MIN (next, soon);
    }

  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->next_wakeup = next;
  if (next > 0)
    self->timer_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, (guint) CLAMP (next - now, 1, 24 * 3600),
                                                 timer_cb, self, NULL);
}

static void
items_changed_cb (FbEscalationWatch *self)
{
  check (self);
}

/* The cache as it is at start is known: only what changes after is news. */
static void
learn_all (FbEscalationWatch *self)
{
  guint n = g_list_model_get_n_items (self->escalations);
  gint64 now = now_s ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->escalations, i);
      const FbEscalation *escalation = fb_row_get_entity (row);
      FbEscalationDeadline kind;
      gint64 due;

      if (escalation == NULL)
        continue;
      g_hash_table_add (self->known, g_strdup (escalation->id));
      kind = fb_escalation_next_deadline (escalation, &due);
      if (kind == FB_DEADLINE_NONE)
        continue;
      if (now >= due - (gint64) self->lead_time)
        tell_once (self, escalation, kind, FB_ESCALATION_ALERT_DUE_SOON);
      if (now >= due)
        tell_once (self, escalation, kind, FB_ESCALATION_ALERT_BREACHED);
    }
}

FbEscalationWatch *
fb_escalation_watch_new (GListModel *escalations)
{
  FbEscalationWatch *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (escalations), NULL);

  self = g_object_new (FB_TYPE_ESCALATION_WATCH, NULL);
  self->escalations = g_object_ref (escalations);
  learn_all (self);
  g_signal_connect_object (escalations, "items-changed", G_CALLBACK (items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  check (self);
  return self;
}

void
fb_escalation_watch_set_lead_time (FbEscalationWatch *self,
                                   guint              seconds)
{
  g_return_if_fail (FB_IS_ESCALATION_WATCH (self));

  if (self->lead_time == seconds)
    return;
  self->lead_time = seconds;
  if (self->escalations != NULL)
    check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEAD_TIME]);
}

guint
fb_escalation_watch_get_lead_time (FbEscalationWatch *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_WATCH (self), 0);
  return self->lead_time;
}

gint64
fb_escalation_watch_get_next_wakeup (FbEscalationWatch *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_WATCH (self), 0);
  return self->next_wakeup;
}

static void
fb_escalation_watch_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FbEscalationWatch *self = FB_ESCALATION_WATCH (object);

  switch (prop_id)
    {
    case PROP_LEAD_TIME:
      g_value_set_uint (value, self->lead_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_escalation_watch_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FbEscalationWatch *self = FB_ESCALATION_WATCH (object);

  switch (prop_id)
    {
    case PROP_LEAD_TIME:
      fb_escalation_watch_set_lead_time (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_escalation_watch_dispose (GObject *object)
{
  FbEscalationWatch *self = FB_ESCALATION_WATCH (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->escalations != NULL)
    g_signal_handlers_disconnect_by_data (self->escalations, self);
  g_clear_object (&self->escalations);

  G_OBJECT_CLASS (fb_escalation_watch_parent_class)->dispose (object);
}

static void
fb_escalation_watch_finalize (GObject *object)
{
  FbEscalationWatch *self = FB_ESCALATION_WATCH (object);

  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->told, g_hash_table_unref);

  G_OBJECT_CLASS (fb_escalation_watch_parent_class)->finalize (object);
}

static void
fb_escalation_watch_class_init (FbEscalationWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_escalation_watch_dispose;
  object_class->finalize = fb_escalation_watch_finalize;
  object_class->get_property = fb_escalation_watch_get_property;
  object_class->set_property = fb_escalation_watch_set_property;

  properties[PROP_LEAD_TIME] =
    g_param_spec_uint ("lead-time", NULL, NULL, 0, 7 * 24 * 3600, 15 * 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbEscalationWatch::alert:
   * @id: the case
   * @alert: an #FbEscalationAlert
   * @summary: the case's summary
   */
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);
}

static void
fb_escalation_watch_init (FbEscalationWatch *self)
{
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->lead_time = 15 * 60;
}
