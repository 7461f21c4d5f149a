/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-labels.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-escalation-labels.h"
#include "fb-mask.h"

const char *
fb_escalation_labels_deadline (FbEscalationDeadline kind)
{
  switch (kind)
    {
    case FB_DEADLINE_DISPATCH: return _("Dispatch");
    case FB_DEADLINE_RESPONSE: return _("Response");
    case FB_DEADLINE_CALLBACK: return _("Callback");
    case FB_DEADLINE_NONE:
    default: return "";
    }
}

char *
fb_escalation_labels_duration (gint64 minutes)
{
  gint64 h, d;

  minutes = MAX (minutes, 0);
  if (minutes < 60)
    /* Translators: a duration in minutes, abbreviated */
    return g_strdup_printf (_("%d min"), (int) minutes);
  h = minutes / 60;
  if (h < 24)
    {
      if (minutes % 60 == 0)
        /* Translators: a duration in hours, abbreviated */
        return g_strdup_printf (_("%d h"), (int) h);
      /* Translators: a duration in hours and minutes, abbreviated */
      return g_strdup_printf (_("%d h %d min"), (int) h, (int) (minutes % 60));
    }
  d = h / 24;
  if (h % 24 == 0)
    /* Translators: a duration in days, abbreviated */
    return g_strdup_printf (_("%d d"), (int) d);
  /* Translators: a duration in days and hours, abbreviated */
  return g_strdup_printf (_("%d d %d h"), (int) d, (int) (h % 24));
}

char *
fb_escalation_labels_countdown (FbEscalationDeadline  kind,
                                gint64                due,
                                gint64                now,
                                gboolean             *overdue)
{
  g_autofree char *span = NULL;
  gboolean late = kind != FB_DEADLINE_NONE && now >= due;

  if (overdue)
    *overdue = late;
  if (kind == FB_DEADLINE_NONE)
    return g_strdup (_("No deadline left"));

  if (!late)
    {
      /* Rounded up: 30 s left reads "in 1 min", never "in 0 min". */
      span = fb_escalation_labels_duration ((due - now + 59) / 60);
      switch (kind)
        {
        /* Translators: %s is a duration ("12 min") */
        case FB_DEADLINE_DISPATCH: return g_strdup_printf (_("Dispatch in %s"), span);
        /* Translators: %s is a duration ("2 h 5 min") */
        case FB_DEADLINE_RESPONSE: return g_strdup_printf (_("Response in %s"), span);
        /* Translators: %s is a duration ("1 d 3 h") */
        case FB_DEADLINE_CALLBACK: return g_strdup_printf (_("Callback in %s"), span);
        case FB_DEADLINE_NONE:
        default: g_assert_not_reached ();
        }
    }

  if (now - due < 60)
    switch (kind)
      {
      case FB_DEADLINE_DISPATCH: return g_strdup (_("Dispatch overdue"));
      case FB_DEADLINE_RESPONSE: return g_strdup (_("Response overdue"));
      case FB_DEADLINE_CALLBACK: return g_strdup (_("Callback overdue"));
      case FB_DEADLINE_NONE:
      default: g_assert_not_reached ();
      }
  span = fb_escalation_labels_duration ((now - due) / 60);
  switch (kind)
    {
    /* Translators: %s is a duration ("12 min") */
    case FB_DEADLINE_DISPATCH: return g_strdup_printf (_("Dispatch overdue by %s"), span);
    /* Translators: %s is a duration ("2 h 5 min") */
    case FB_DEADLINE_RESPONSE: return g_strdup_printf (_("Response overdue by %s"), span);
    /* Translators: %s is a duration ("1 d 3 h") */
    case FB_DEADLINE_CALLBACK: return g_strdup_printf (_("Callback overdue by %s"), span);
    case FB_DEADLINE_NONE:
    default: g_assert_not_reached ();
    }
}

typedef struct { const char *value; const char *label; } Label;

static const Label actions[] = {
  { "raised", N_("Raised") },
  { "escalated", N_("Escalated") },
  { "dispatched", N_("Dispatched") },
  { "started", N_("Taken over") },
  { "responded", N_("Responded") },
  { "callback", N_("Callback attempt") },
  { "resolved", N_("Customer reached") },
  { "closed", N_("Closed") },
};

static const Label outcomes[] = {
  { "reached", N_("Reached") },
  { "no_answer", N_("No answer") },
  { "busy", N_("Line busy") },
  { "wrong_number", N_("Wrong number") },
};

static const char *
lookup (const Label *labels,
        guint        n_labels,
        const char  *value)
{
  if (value == NULL)
    return "";
  for (guint i = 0; i < n_labels; i++)
    if (strcmp (labels[i].value, value) == 0)
      return _(labels[i].label);
  return value;
}

const char *
fb_escalation_labels_action (const char *action)
{
  return lookup (actions, G_N_ELEMENTS (actions), action);
}

const char *
fb_escalation_labels_outcome (const char *outcome)
{
  return lookup (outcomes, G_N_ELEMENTS (outcomes), outcome);
}

char *
fb_escalation_labels_customer (const char *customer_ref,
                               const char *customer_name)
{
  /* Masked here again whatever the server sent (DESIGN.md: privacy). */
  g_autofree char *ref = fb_mask_phone (customer_ref);
  g_autofree char *name = fb_mask_name (customer_name);

  if (name[0] == '\0')
    return g_steal_pointer (&ref);
  return g_strdup_printf ("%s %s", name, ref);
}

const char *
fb_escalation_labels_person (GHashTable *names,
                             const char *id)
{
  const char *name;

  if (id == NULL || id[0] == '\0')
    return _("Unassigned");
  name = names != NULL ? g_hash_table_lookup (names, id) : NULL;
  return name != NULL ? name : id;
}

guint
fb_escalation_labels_tick_delay (gint64 now_us,
                                 gint64 next_due)
{
  gint64 minute_us = 60 * G_USEC_PER_SEC;
  gint64 delay_us = minute_us - now_us % minute_us;

  if (next_due > 0)
    {
      gint64 due_us = next_due * G_USEC_PER_SEC - now_us;

      if (due_us >= 0 && due_us < delay_us)
        delay_us = due_us;
    }
  /* Just past the boundary, so the clock reads the new minute. */
  return (guint) (delay_us / 1000) + 5;
}

gint64
fb_escalation_labels_reached_at (const FbEscalation *escalation)
{
  guint n;

  g_return_val_if_fail (escalation != NULL, 0);

  n = escalation->callback_attempts ? json_array_get_length (escalation->callback_attempts) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (escalation->callback_attempts, i);
      JsonObject *attempt = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 at;

      if (attempt != NULL && g_strcmp0 (fb_json_member_string (attempt, "outcome"), "reached") == 0 &&
          fb_timestamp_from_iso (fb_json_member_string (attempt, "at"), &at))
        return at;
    }
  return escalation->resolved_at;
}
