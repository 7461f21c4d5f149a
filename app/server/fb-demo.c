/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo.c: seeds the demo center of `floorboard-server --demo`.
 *
 * The center is built from the JSON files of data/demo/ (compiled in as
 * resources) and a GRand with a fixed seed, dated relative to @now: the
 * same @now always gives the same rows (only the password salt differs).
 * Every row goes through fb_entity_normalize() before it is stored, so
 * the seed can never write a row the codec would refuse. The building is
 * cut over the fb-demo-*.c files (see fb-demo-private.h).
 */
#define G_LOG_DOMAIN "floorboard-server"

#include <math.h>

#include "fb-demo-private.h"

static void
demo_team_free (gpointer data)
{
  DemoTeam *team = data;

  g_free (team->id);
  g_free (team->name);
  g_free (team->start);
  g_free (team->end);
  g_free (team);
}

static void
demo_agent_free (gpointer data)
{
  DemoAgent *agent = data;

  g_free (agent->id);
  g_free (agent->user_id);
  g_free (agent->name);
  g_free (agent->employee_no);
  g_free (agent);
}

static void
demo_seat_free (gpointer data)
{
  DemoSeat *seat = data;

  g_free (seat->id);
  g_free (seat->label);
  g_free (seat->zone);
  g_free (seat->note);
  g_free (seat);
}

void
fb_demo_pending_free (gpointer data)
{
  DemoPending *pending = data;

  g_clear_pointer (&pending->row, json_object_unref);
  g_free (pending);
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_object (&d->clock);
  g_clear_pointer (&d->center_root, json_node_unref);
  g_clear_pointer (&d->names_root, json_node_unref);
  g_clear_pointer (&d->texts_root, json_node_unref);
  g_clear_pointer (&d->queue_ids, g_ptr_array_unref);
  g_clear_pointer (&d->queue_zone, g_array_unref);
  g_clear_pointer (&d->teams, g_ptr_array_unref);
  g_clear_pointer (&d->agents, g_ptr_array_unref);
  g_clear_pointer (&d->seats, g_ptr_array_unref);
  g_clear_pointer (&d->leaves, g_ptr_array_unref);
  g_clear_pointer (&d->swaps, g_ptr_array_unref);
  g_clear_pointer (&d->duty, g_array_unref);
  g_clear_pointer (&d->used_names, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

/* Duty reports. */

static char *
staffing_changes (Demo    *d,
                  gint64   day,
                  FbShift  shift)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < d->leaves->len; i++)
    {
      DemoPending *leave = g_ptr_array_index (d->leaves, i);
      DemoAgent *agent = AGENT (d, leave->agent);
      g_autofree char *type_path = g_strdup_printf ("leave_type_names.%s", fb_leave_type_values[leave->type]);
      g_autofree char *line = NULL;

      if (leave->status != FB_REQUEST_APPROVED || TEAM (d, agent->team)->shift != shift ||
          day < leave->start_day || day > leave->end_day)
        continue;
      line = fb_demo_fill (fb_demo_lookup_string (d->texts, "duty.staffing_leave"),
                           "agent", agent->name, "team", TEAM (d, agent->team)->name,
                           "type", fb_demo_lookup_string (d->texts, type_path), NULL);
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }
  if (chance (d, 0.25))
    {
      const char *template = fb_demo_pick (d, "duty.staffing_late");
      DemoAgent *late = fb_demo_agent_on_shift_at (d, fb_demo_shift_start_of (d, day, shift) + HOUR, NULL);
      g_autofree char *line = fb_demo_fill (template, "agent", late->name, NULL);

      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }
  if (shift == FB_SHIFT_DAY && chance (d, 0.2))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", fb_demo_pick (d, "duty.staffing_support"));
  if (text->len == 0)
    g_string_append (text, fb_demo_lookup_string (d->texts, "duty.staffing_none"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
equipment_status (Demo   *d,
                  gint64  shift_end)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint s = 0; s < d->seats->len; s++)
    {
      DemoSeat *seat = SEAT (d, s);
      g_autofree char *line = NULL;

      if (!seat->faulty || seat->faulty_since > shift_end)
        continue;
      line = fb_demo_fill (fb_demo_lookup_string (d->texts, "duty.equipment_fault"),
                           "seat", seat->label, "note", seat->note, NULL);
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }
  if (text->len == 0)
    g_string_append (text, fb_demo_pick (d, "duty.equipment_ok"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
put_duty_reports (Demo    *d,
                  GError **error)
{
  /* The last 28 shifts that have ended, oldest first: counted in
   * shifts, two a day, since shifts are 11 to 13 hours where the zone
   * changes its clocks. */
  for (int k = N_DUTY_SHIFTS; k >= 1; k--)
    {
      gint64 n = 2 * d->shift_day + (d->shift == FB_SHIFT_NIGHT ? 1 : 0) - k;
      gint64 day = n / 2;
      FbShift shift = n % 2 == 1 ? FB_SHIFT_NIGHT : FB_SHIFT_DAY;
      gint64 start = fb_demo_shift_start_of (d, day, shift);
      gint64 end = fb_demo_shift_end_of (d, day, shift);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (day * DAY);
      int weekday = g_date_time_get_day_of_week (utc);
      double weekend = weekday == 6 ? 0.65 : weekday == 7 ? 0.5 : 1.0;
      gboolean night = shift == FB_SHIFT_NIGHT;
      gint64 consultations = (gint64) round ((night ? rnd (d, 330, 520) : rnd (d, 2100, 2600)) * weekend);
      gint64 inquiries = (gint64) round (consultations * rndf (d, 0.28, 0.38));
      gint64 complaints = (gint64) round ((night ? rnd (d, 3, 11) : rnd (d, 14, 42)) * weekend);
      gint64 answered = consultations + inquiries + complaints;
      gint64 offered = (gint64) round (answered * rndf (d, 1.03, 1.07));
      gint64 submitted = end - rnd (d, 0, 25 * MINUTE);
      gint64 reviewed = fb_demo_next_office_time (d, submitted + rnd (d, 1 * HOUR, 10 * HOUR));
      gint64 aht = rnd (d, 250, 320);
      JsonObject *row = json_object_new ();
      g_autofree char *date = fb_demo_day_string (d, day);
      g_autofree char *id = g_strdup_printf ("duty-%s-%s", date, fb_shift_values[shift]);
      g_autofree char *problem_time = fb_demo_format_center (d, start + rnd (d, 30 * MINUTE, 11 * HOUR), "%H:%M");
      g_autofree char *s_offered = g_strdup_printf ("%" G_GINT64_FORMAT, offered);
      g_autofree char *s_answered = g_strdup_printf ("%" G_GINT64_FORMAT, answered);
      g_autofree char *s_abandoned = g_strdup_printf ("%" G_GINT64_FORMAT, offered - answered);
      g_autofree char *s_rate = g_strdup_printf ("%.1f", 100.0 * answered / offered);
      g_autofree char *s_sl = g_strdup_printf ("%.1f", night ? rndf (d, 82, 93) : rndf (d, 74, 90));
      g_autofree char *s_asa = g_strdup_printf ("%" G_GINT64_FORMAT, rnd (d, 9, 28));
      g_autofree char *s_aht_m = g_strdup_printf ("%" G_GINT64_FORMAT, aht / 60);
      g_autofree char *s_aht_s = g_strdup_printf ("%02" G_GINT64_FORMAT, aht % 60);
      g_autofree char *s_aht = fb_demo_fill (fb_demo_lookup_string (d->texts, "duty.duration"),
                                             "m", s_aht_m, "s", s_aht_s, NULL);
      const char *peak = night ? (chance (d, 0.5) ? "20:00–21:00" : "00:00–01:00")
                               : (chance (d, 0.5) ? "10:00–11:00" : "14:00–15:00");
      g_autofree char *workload = fb_demo_fill (fb_demo_lookup_string (d->texts, "duty.workload"),
                                                "offered", s_offered, "answered", s_answered,
                                                "answer_rate", s_rate, "abandoned", s_abandoned,
                                                "sl", s_sl, "asa", s_asa, "aht", s_aht, "peak", peak, NULL);
      g_autofree char *problems = chance (d, 0.65)
        ? g_strdup (fb_demo_pick (d, "duty.system_problems_ok"))
        : fb_demo_fill (fb_demo_pick (d, "duty.system_problems"), "time", problem_time, NULL);
      g_autofree char *n_open = g_strdup_printf ("%" G_GINT64_FORMAT, rnd (d, 1, 6));
      g_autofree char *handover = fb_demo_fill (fb_demo_pick (d, "duty.handover_notes"), "n", n_open, NULL);
      g_autofree char *equipment = equipment_status (d, end);
      g_autofree char *staffing = staffing_changes (d, day, shift);
      const char *author = !night && chance (d, 0.6) ? "u-leader" : "u-supervisor";

      set_str (row, "id", id);
      set_str (row, "date", date);
      set_str (row, "shift", fb_shift_values[shift]);
      set_str (row, "author", author);
      set_str (row, "system_problems", problems);
      set_str (row, "issue_summary", fb_demo_pick (d, night ? "duty.issue_summary.night" : "duty.issue_summary.day"));
      json_object_set_int_member (row, "consultations", consultations);
      json_object_set_int_member (row, "inquiries", inquiries);
      json_object_set_int_member (row, "complaints", complaints);
      set_str (row, "workload", workload);
      set_str (row, "equipment_status", equipment);
      set_str (row, "difficult_cases", fb_demo_pick (d, "duty.difficult_cases"));
      set_str (row, "staffing_changes", staffing);
      set_str (row, "handover_notes", handover);
      fb_sim_set_timestamp (row, "submitted_at", submitted);
      /* The newest reports still wait for the director's or manager's eye. */
      if (k > 2 && reviewed < d->now)
        {
          set_str (row, "status", "reviewed");
          set_str (row, "reviewed_by", chance (d, 0.7) ? "u-manager" : "u-director");
          fb_sim_set_timestamp (row, "reviewed_at", reviewed);
        }
      else
        set_str (row, "status", "submitted");
      if (!fb_demo_put_row (d, &fb_duty_report_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_leaves (Demo    *d,
            GError **error)
{
  return fb_demo_put_sorted (d, &fb_leave_request_spec, d->leaves, "leave-", 4, error);
}

gboolean
fb_demo_seed (FbServerStore  *store,
              gint64          now,
              GError        **error)
{
  return fb_demo_seed_for_clock (store, NULL, now, error);
}

gboolean
fb_demo_seed_for_clock (FbServerStore  *store,
                        FbCenterClock  *clock,
                        gint64          now,
                        GError        **error)
{
  g_auto(Demo) d = { 0 };
  g_autofree char *password_hash = NULL;
  gboolean ok;

  g_return_val_if_fail (FB_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (clock == NULL || FB_IS_CENTER_CLOCK (clock), FALSE);
  g_return_val_if_fail (now > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  d.store = store;
  d.now = now;
  d.rand = g_rand_new_with_seed (DEMO_SEED);
  d.clock = clock != NULL ? g_object_ref (clock) : fb_center_clock_new ();
  d.zone = fb_center_clock_get_time_zone (d.clock);
  d.queue_ids = g_ptr_array_new_with_free_func (g_free);
  d.queue_zone = g_array_new (FALSE, FALSE, sizeof (guint));
  d.teams = g_ptr_array_new_with_free_func (demo_team_free);
  d.agents = g_ptr_array_new_with_free_func (demo_agent_free);
  d.seats = g_ptr_array_new_with_free_func (demo_seat_free);
  d.leaves = g_ptr_array_new_with_free_func (fb_demo_pending_free);
  d.swaps = g_ptr_array_new_with_free_func (fb_demo_pending_free);
  d.duty = g_array_new (FALSE, FALSE, sizeof (guint));
  d.used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!(d.center_root = fb_sim_load_demo_json ("center.json", error)) ||
      !(d.names_root = fb_sim_load_demo_json ("names.json", error)) ||
      !(d.texts_root = fb_sim_load_demo_json ("texts.json", error)))
    return FALSE;
  d.center = json_node_get_object (d.center_root);
  d.names = json_node_get_object (d.names_root);
  d.texts = json_node_get_object (d.texts_root);
  if (!fb_demo_check_data (&d, error))
    return FALSE;

  /* Demo mode only: one argon2id hash (~0.1 s) shared by every account
   * instead of 105 of them. Real accounts each get their own. */
  password_hash = fb_auth_hash_password ("demo", error);
  if (password_hash == NULL)
    return FALSE;

  d.shift = fb_demo_shift_at (&d, now, &d.shift_day, &d.shift_start);
  for (guint i = 0; i < fb_demo_center_len (&d, "staff"); i++)
    g_hash_table_add (d.used_names, g_strdup (str_member (fb_demo_center_item (&d, "staff", i), "name")));

  fb_demo_build_queues_and_teams (&d);
  fb_demo_build_agents (&d);
  fb_demo_build_seats (&d);
  fb_demo_build_holiday_duty (&d);
  fb_demo_build_leaves (&d);
  fb_demo_set_agent_states (&d);
  fb_demo_seat_agents (&d);
  fb_demo_build_pending_leaves (&d);
  fb_demo_build_swaps (&d);
  fb_demo_build_pending_swaps (&d);

  if (!fb_server_store_begin (store, error))
    return FALSE;
  ok = fb_demo_put_teams (&d, error) &&
       fb_demo_put_users (&d, password_hash, error) &&
       fb_demo_put_queues (&d, error) &&
       fb_demo_put_agents (&d, error) &&
       fb_demo_put_seats (&d, error) &&
       fb_demo_put_seat_assignments (&d, error) &&
       fb_demo_put_escalations (&d, error) &&
       fb_demo_put_qa_evaluations (&d, error) &&
       put_leaves (&d, error) &&
       fb_demo_put_swaps (&d, error) &&
       put_duty_reports (&d, error) &&
       fb_demo_put_holiday_duty (&d, error) &&
       fb_server_store_commit (store, error);
  if (!ok)
    fb_server_store_rollback (store);
  return ok;
}
