/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-qa-stats.c: QA evaluations per calendar month, per agent, team and
 * floor; the 1–5 rule's flags, the training focus and the 6-month trend. */
#include <math.h>

#include "fb-qa-stats.h"

/* Evaluations built in place; strings are static. */
typedef struct
{
  GArray    *items;   /* FbQaEvaluation */
  GPtrArray *ptrs;
} Evals;

static Evals *
evals_new (void)
{
  Evals *e = g_new0 (Evals, 1);

  e->items = g_array_new (FALSE, TRUE, sizeof (FbQaEvaluation));
  e->ptrs = g_ptr_array_new ();
  return e;
}

static void
evals_free (Evals *e)
{
  g_array_unref (e->items);
  g_ptr_array_unref (e->ptrs);
  g_free (e);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Evals, evals_free)

static gint64
iso (const char *str)
{
  gint64 t = 0;

  g_assert_true (fb_timestamp_from_iso (str, &t));
  return t;
}

static void
add (Evals      *e,
     const char *agent,
     gint64      at,
     int         sl,
     int         att,
     int         tone,
     int         need,
     int         handling,
     double      total)
{
  FbQaEvaluation qa = { 0 };

  qa.agent_id = (char *) agent;
  qa.evaluated_at = at;
  qa.score_service_language = sl;
  qa.score_attitude = att;
  qa.score_tone = tone;
  qa.score_need_elicitation = need;
  qa.score_handling = handling;
  qa.total = total;
  g_array_append_val (e->items, qa);
}

static FbQaStats *
index_evals (Evals     *e,
             GTimeZone *tz)
{
  g_ptr_array_set_size (e->ptrs, 0);
  for (guint i = 0; i < e->items->len; i++)
    g_ptr_array_add (e->ptrs, &g_array_index (e->items, FbQaEvaluation, i));
  return fb_qa_stats_new ((const FbQaEvaluation * const *) e->ptrs->pdata, e->ptrs->len, tz);
}

static guint
count_in (FbQaStats *stats,
          int        year,
          int        month)
{
  static const FbQaAgentInfo agent = { "a", "A", NULL };
  g_autoptr(FbQaMonth) m = fb_qa_stats_compute_month (stats, &agent, 1, NULL, 0, year, month);

  g_assert_cmpuint (m->n_evaluations, ==, m->agents[0].count);
  return m->n_evaluations;
}

static void
test_month_boundaries (void)
{
  g_autoptr(Evals) e = evals_new ();
  g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier ("Asia/Seoul");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(FbQaStats) kst_stats = NULL;
  g_autoptr(FbQaStats) utc_stats = NULL;
  int y, m;

  g_assert_nonnull (seoul);
  /* 23:59:59 on 31 October in Seoul; midnight of 1 November in Seoul;
   * 23:30 UTC on 31 October (08:30 on 1 November in Seoul); 1 December
   * in Seoul but still 30 November in UTC. */
  add (e, "a", iso ("2026-10-31T14:59:59Z"), 80, 80, 80, 80, 80, 80);
  add (e, "a", iso ("2026-10-31T15:00:00Z"), 80, 80, 80, 80, 80, 80);
  add (e, "a", iso ("2026-10-31T23:30:00Z"), 80, 80, 80, 80, 80, 80);
  add (e, "a", iso ("2026-11-30T15:00:00Z"), 80, 80, 80, 80, 80, 80);

  kst_stats = index_evals (e, seoul);
  g_assert_cmpuint (count_in (kst_stats, 2026, 10), ==, 1);
  g_assert_cmpuint (count_in (kst_stats, 2026, 11), ==, 2);
  g_assert_cmpuint (count_in (kst_stats, 2026, 12), ==, 1);
  g_assert_cmpuint (count_in (kst_stats, 2026, 9), ==, 0);
  g_assert_cmpuint (count_in (kst_stats, 2027, 1), ==, 0);
  g_assert_true (fb_qa_stats_get_first_month (kst_stats, &y, &m));
  g_assert_cmpint (y * 100 + m, ==, 202610);

  utc_stats = index_evals (e, utc);
  g_assert_cmpuint (count_in (utc_stats, 2026, 10), ==, 3);
  g_assert_cmpuint (count_in (utc_stats, 2026, 11), ==, 1);
  g_assert_cmpuint (count_in (utc_stats, 2026, 12), ==, 0);

  fb_qa_month_of (iso ("2026-12-31T15:00:00Z"), seoul, &y, &m);
  g_assert_cmpint (y * 100 + m, ==, 202701);
  fb_qa_month_of (iso ("2026-12-31T15:00:00Z"), utc, &y, &m);
  g_assert_cmpint (y * 100 + m, ==, 202612);

  y = 2026, m = 2;
  fb_qa_month_add (&y, &m, -3);
  g_assert_cmpint (y * 100 + m, ==, 202511);
  fb_qa_month_add (&y, &m, 14);
  g_assert_cmpint (y * 100 + m, ==, 202701);
}

static const FbQaTeamInfo teams[] = {
  { "t1", "주간 1팀" },
  { "t2", "주간 2팀" },
};

static const FbQaAgentInfo agents[] = {
  { "a-none", "김하나", "t1" },
  { "a-two", "이두리", "t1" },
  { "a-over", "박여섯", "t2" },
  { "a-five", "최다섯", NULL },
};

static void
test_agents_teams_floor (void)
{
  g_autoptr(Evals) e = evals_new ();
  g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier ("Asia/Seoul");
  g_autoptr(FbQaStats) stats = NULL;
  g_autoptr(FbQaMonth) month = NULL;
  gint64 nov = iso ("2026-11-10T01:00:00Z");
  gint64 oct = iso ("2026-10-10T01:00:00Z");

  add (e, "a-two", nov, 90, 80, 70, 60, 50, 70);
  add (e, "a-two", nov + 3600, 70, 60, 50, 40, 30, 50);
  for (int i = 0; i < 6; i++)
    add (e, "a-over", nov + i * 86400, 100, 100, 100, 40 + i, 100, 88);
  for (int i = 0; i < 5; i++)
    add (e, "a-five", nov + i * 86400, 60, 60, 60, 60, 60, 60);
  /* Not this month: counts nowhere in November. */
  add (e, "a-none", oct, 10, 10, 10, 10, 10, 10);
  /* An agent the list does not hold (moved away): the floor's only. */
  add (e, "a-gone", nov, 20, 20, 20, 20, 20, 20);

  stats = index_evals (e, seoul);
  g_assert_cmpuint (fb_qa_stats_get_n_evaluations (stats), ==, 15);
  month = fb_qa_stats_compute_month (stats, agents, G_N_ELEMENTS (agents), teams, G_N_ELEMENTS (teams), 2026, 11);

  g_assert_cmpuint (month->n_evaluations, ==, 14);
  g_assert_cmpuint (month->n_agents, ==, 4);
  g_assert_cmpstr (month->agents[0].agent_id, ==, "a-none");
  g_assert_cmpstr (month->agents[0].name, ==, "김하나");

  /* The seeds' 1–5 a month. */
  g_assert_cmpuint (month->agents[0].count, ==, 0);
  g_assert_cmpint (month->agents[0].flag, ==, FB_QA_COUNT_NONE);
  g_assert_true (isnan (month->agents[0].total));
  g_assert_true (isnan (month->agents[0].criteria[FB_QA_TONE]));
  g_assert_cmpuint (month->agents[1].count, ==, 2);
  g_assert_cmpint (month->agents[1].flag, ==, FB_QA_COUNT_OK);
  g_assert_cmpuint (month->agents[2].count, ==, 6);
  g_assert_cmpint (month->agents[2].flag, ==, FB_QA_COUNT_OVER);
  g_assert_cmpuint (month->agents[3].count, ==, 5);
  g_assert_cmpint (month->agents[3].flag, ==, FB_QA_COUNT_OK);
  g_assert_cmpuint (month->n_agents_none, ==, 1);
  g_assert_cmpuint (month->n_agents_over, ==, 1);

  /* Per criterion and the server's totals, averaged. */
  g_assert_cmpfloat_with_epsilon (month->agents[1].criteria[FB_QA_SERVICE_LANGUAGE], 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->agents[1].criteria[FB_QA_ATTITUDE], 70, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->agents[1].criteria[FB_QA_HANDLING], 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->agents[1].total, 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->agents[2].criteria[FB_QA_NEED_ELICITATION], 42.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->agents[2].total, 88, 1e-9);

  /* Teams over their agents' evaluations; an agent without a team is in none. */
  g_assert_cmpstr (month->teams[0].name, ==, "주간 1팀");
  g_assert_cmpuint (month->teams[0].n_agents, ==, 2);
  g_assert_cmpuint (month->teams[0].n_evaluations, ==, 2);
  g_assert_cmpfloat_with_epsilon (month->teams[0].total, 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->teams[0].criteria[FB_QA_TONE], 60, 1e-9);
  g_assert_cmpuint (month->teams[1].n_agents, ==, 1);
  g_assert_cmpuint (month->teams[1].n_evaluations, ==, 6);
  g_assert_cmpfloat_with_epsilon (month->teams[1].total, 88, 1e-9);

  /* The floor: every evaluation of the month, the departed agent's too:
   * service language (90+70+600+300+20)/14, total (70+50+528+300+20)/14. */
  g_assert_cmpfloat_with_epsilon (month->criteria[FB_QA_SERVICE_LANGUAGE], 1080.0 / 14, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->criteria[FB_QA_NEED_ELICITATION], (60 + 40 + 255 + 300 + 20) / 14.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (month->total, 968.0 / 14, 1e-9);

  /* Training focus: need elicitation (675/14), then handling (1000/14),
   * tone (1040/14), attitude (1060/14), service language (1080/14). */
  g_assert_cmpint (month->lowest[0], ==, FB_QA_NEED_ELICITATION);
  g_assert_cmpint (month->lowest[1], ==, FB_QA_HANDLING);
  g_assert_cmpint (month->lowest[2], ==, FB_QA_TONE);
  g_assert_cmpint (month->lowest[3], ==, FB_QA_ATTITUDE);
  g_assert_cmpint (month->lowest[4], ==, FB_QA_SERVICE_LANGUAGE);
  for (guint c = 1; c < FB_QA_N_CRITERIA; c++)
    g_assert_cmpfloat (month->criteria[month->lowest[c - 1]], <=, month->criteria[month->lowest[c]]);
}

static void
test_lowest_ties_and_empty (void)
{
  g_autoptr(Evals) e = evals_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(FbQaStats) stats = NULL;
  g_autoptr(FbQaMonth) month = NULL;
  g_autoptr(FbQaMonth) empty = NULL;

  /* Tone and handling tie lowest: form order decides. */
  add (e, "a-two", iso ("2026-03-03T03:00:00Z"), 90, 70, 60, 95, 60, 75);
  stats = index_evals (e, utc);
  month = fb_qa_stats_compute_month (stats, agents, G_N_ELEMENTS (agents), NULL, 0, 2026, 3);
  g_assert_cmpint (month->lowest[0], ==, FB_QA_TONE);
  g_assert_cmpint (month->lowest[1], ==, FB_QA_HANDLING);
  g_assert_cmpint (month->lowest[2], ==, FB_QA_ATTITUDE);
  g_assert_cmpint (month->lowest[3], ==, FB_QA_SERVICE_LANGUAGE);
  g_assert_cmpint (month->lowest[4], ==, FB_QA_NEED_ELICITATION);

  /* A month without evaluations: no averages (not 0), everyone flagged. */
  empty = fb_qa_stats_compute_month (stats, agents, G_N_ELEMENTS (agents), teams, G_N_ELEMENTS (teams), 2026, 4);
  g_assert_cmpuint (empty->n_evaluations, ==, 0);
  g_assert_true (isnan (empty->total));
  g_assert_true (isnan (empty->criteria[FB_QA_ATTITUDE]));
  g_assert_true (isnan (empty->teams[0].total));
  g_assert_cmpuint (empty->n_agents_none, ==, G_N_ELEMENTS (agents));
  g_assert_cmpuint (empty->n_agents_over, ==, 0);

  /* No evaluations at all. */
  {
    g_autoptr(FbQaStats) none = fb_qa_stats_new (NULL, 0, utc);
    g_autoptr(FbQaMonth) m = fb_qa_stats_compute_month (none, agents, 2, NULL, 0, 2026, 4);
    FbQaTrend trend;

    g_assert_false (fb_qa_stats_get_first_month (none, NULL, NULL));
    g_assert_cmpuint (m->n_agents_none, ==, 2);
    fb_qa_stats_compute_trend (none, 2026, 4, "a-two", &trend);
    for (guint i = 0; i < FB_QA_TREND_MONTHS; i++)
      g_assert_true (isnan (trend.floor[i]) && isnan (trend.agent[i]));
  }
}

static void
test_trend (void)
{
  g_autoptr(Evals) e = evals_new ();
  g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier ("Asia/Seoul");
  g_autoptr(FbQaStats) stats = NULL;
  FbQaTrend trend;

  /* Ending at February 2027: September 2026 .. February 2027. August is
   * outside; October has nothing; the agent has nothing in December and
   * January (the floor does). 31 Dec 23:30 UTC is January in Seoul. */
  add (e, "a-two", iso ("2026-08-20T03:00:00Z"), 0, 0, 0, 0, 0, 10);
  add (e, "a-two", iso ("2026-09-20T03:00:00Z"), 0, 0, 0, 0, 0, 70);
  add (e, "a-over", iso ("2026-09-21T03:00:00Z"), 0, 0, 0, 0, 0, 90);
  add (e, "a-two", iso ("2026-11-02T03:00:00Z"), 0, 0, 0, 0, 0, 60);
  add (e, "a-two", iso ("2026-11-03T03:00:00Z"), 0, 0, 0, 0, 0, 80);
  add (e, "a-over", iso ("2026-12-05T03:00:00Z"), 0, 0, 0, 0, 0, 50);
  add (e, "a-two", iso ("2027-02-01T03:00:00Z"), 0, 0, 0, 0, 0, 95);
  add (e, "a-over", iso ("2026-12-31T23:30:00Z"), 0, 0, 0, 0, 0, 40);

  stats = index_evals (e, seoul);
  fb_qa_stats_compute_trend (stats, 2027, 2, "a-two", &trend);

  g_assert_cmpint (trend.year[0] * 100 + trend.month[0], ==, 202609);
  g_assert_cmpint (trend.year[3] * 100 + trend.month[3], ==, 202612);
  g_assert_cmpint (trend.year[5] * 100 + trend.month[5], ==, 202702);

  g_assert_cmpfloat_with_epsilon (trend.floor[0], 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend.agent[0], 70, 1e-9);
  g_assert_true (isnan (trend.floor[1]));
  g_assert_true (isnan (trend.agent[1]));
  g_assert_cmpfloat_with_epsilon (trend.floor[2], 70, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend.agent[2], 70, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend.floor[3], 50, 1e-9);
  g_assert_true (isnan (trend.agent[3]));
  g_assert_cmpfloat_with_epsilon (trend.floor[4], 40, 1e-9);
  g_assert_true (isnan (trend.agent[4]));
  g_assert_cmpfloat_with_epsilon (trend.floor[5], 95, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend.agent[5], 95, 1e-9);

  /* No agent chosen, or one never evaluated: floor only. */
  fb_qa_stats_compute_trend (stats, 2027, 2, NULL, &trend);
  g_assert_cmpfloat_with_epsilon (trend.floor[0], 80, 1e-9);
  for (guint i = 0; i < FB_QA_TREND_MONTHS; i++)
    g_assert_true (isnan (trend.agent[i]));
  fb_qa_stats_compute_trend (stats, 2027, 2, "a-none", &trend);
  for (guint i = 0; i < FB_QA_TREND_MONTHS; i++)
    g_assert_true (isnan (trend.agent[i]));

  /* Months before the first evaluation and after the last. */
  fb_qa_stats_compute_trend (stats, 2026, 9, "a-two", &trend);
  g_assert_cmpint (trend.year[0] * 100 + trend.month[0], ==, 202604);
  g_assert_true (isnan (trend.floor[3]));
  g_assert_cmpfloat_with_epsilon (trend.floor[4], 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend.floor[5], 80, 1e-9);
  fb_qa_stats_compute_trend (stats, 2027, 9, "a-two", &trend);
  for (guint i = 0; i < FB_QA_TREND_MONTHS; i++)
    g_assert_true (isnan (trend.floor[i]));
}

static void
test_weights (void)
{
  static const struct { const char *json; gboolean ok; double first; } cases[] = {
    { "{\"service_language\":0.3,\"attitude\":0.2,\"tone\":0.2,\"need_elicitation\":0.15,\"handling\":0.15}", TRUE, 0.3 },
    { "{\"service_language\":30,\"attitude\":20,\"tone\":20,\"need_elicitation\":15,\"handling\":15}", TRUE, 0.3 },
    { "{\"service_language\":1,\"attitude\":1,\"tone\":1,\"need_elicitation\":1}", FALSE, 0.2 },
    { "{\"service_language\":-1,\"attitude\":1,\"tone\":1,\"need_elicitation\":1,\"handling\":1}", FALSE, 0.2 },
    { "{\"service_language\":0,\"attitude\":0,\"tone\":0,\"need_elicitation\":0,\"handling\":0}", FALSE, 0.2 },
    { "{\"service_language\":\"1\",\"attitude\":1,\"tone\":1,\"need_elicitation\":1,\"handling\":1}", FALSE, 0.2 },
    { "[0.2,0.2,0.2,0.2,0.2]", FALSE, 0.2 },
  };
  double scores[FB_QA_N_CRITERIA] = { 100, 50, 50, 80, 80 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      double w[FB_QA_N_CRITERIA], sum = 0;

      g_assert_nonnull (node);
      g_assert_cmpint (fb_qa_weights_parse (node, w), ==, cases[i].ok);
      g_assert_cmpfloat_with_epsilon (w[0], cases[i].first, 1e-9);
      for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
        sum += w[c];
      g_assert_cmpfloat_with_epsilon (sum, 1, 1e-9);
    }

  {
    g_autoptr(JsonNode) node = json_from_string (cases[0].json, NULL);
    double w[FB_QA_N_CRITERIA];

    g_assert_true (fb_qa_weights_parse (node, w));
    /* 0.3·100 + 0.2·50 + 0.2·50 + 0.15·80 + 0.15·80 = 74 */
    g_assert_cmpfloat_with_epsilon (fb_qa_weighted_total (scores, w), 74, 1e-9);
    g_assert_false (fb_qa_weights_parse (NULL, w));
    g_assert_cmpfloat_with_epsilon (fb_qa_weighted_total (scores, w), 72, 1e-9);
  }
}

/* Years of history at a 2,000-seat center: indexed once, then each month
 * is its own slice. Prints timings; asserts only results. */
static void
test_scale (void)
{
  g_autoptr(Evals) e = evals_new ();
  g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier ("Asia/Seoul");
  g_autoptr(FbQaStats) stats = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree FbQaAgentInfo *infos = NULL;
  guint n_agents = 2000, n_months = 36;
  gint64 t0;
  FbQaTrend trend;

  infos = g_new0 (FbQaAgentInfo, n_agents);
  for (guint a = 0; a < n_agents; a++)
    {
      g_ptr_array_add (ids, g_strdup_printf ("agent-%04u", a));
      infos[a].id = g_ptr_array_index (ids, a);
      infos[a].name = infos[a].id;
      infos[a].team_id = "t1";
    }
  for (guint m = 0; m < n_months; m++)
    for (guint a = 0; a < n_agents; a++)
      for (guint k = 0; k < 3; k++)
        {
          int y = 2024, mo = 1;
          g_autoptr(GDateTime) dt = NULL;

          fb_qa_month_add (&y, &mo, m);
          dt = g_date_time_new (seoul, y, mo, 1 + k * 9, 9 + a % 8, 0, 0);
          add (e, ids->pdata[a], g_date_time_to_unix (dt), 70 + k, 80, 75, 60 + a % 10, 85, 74);
        }

  t0 = g_get_monotonic_time ();
  stats = index_evals (e, seoul);
  g_test_message ("indexed %u evaluations in %.1f ms", e->items->len, (g_get_monotonic_time () - t0) / 1000.0);

  t0 = g_get_monotonic_time ();
  for (guint m = 0; m < n_months; m++)
    {
      int y = 2024, mo = 1;
      g_autoptr(FbQaMonth) month = NULL;

      fb_qa_month_add (&y, &mo, m);
      month = fb_qa_stats_compute_month (stats, infos, n_agents, teams, 1, y, mo);
      g_assert_cmpuint (month->n_evaluations, ==, n_agents * 3);
      g_assert_cmpuint (month->n_agents_none, ==, 0);
      g_assert_cmpuint (month->agents[n_agents - 1].count, ==, 3);
      g_assert_cmpfloat_with_epsilon (month->criteria[FB_QA_SERVICE_LANGUAGE], 71, 1e-9);
      g_assert_cmpint (month->lowest[0], ==, FB_QA_NEED_ELICITATION);
    }
  g_test_message ("36 months computed in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);

  t0 = g_get_monotonic_time ();
  fb_qa_stats_compute_trend (stats, 2026, 12, "agent-0007", &trend);
  g_test_message ("trend in %.2f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpfloat_with_epsilon (trend.floor[0], 74, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend.agent[5], 74, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/qa-stats/month-boundaries", test_month_boundaries);
  g_test_add_func ("/qa-stats/agents-teams-floor", test_agents_teams_floor);
  g_test_add_func ("/qa-stats/lowest-ties-and-empty", test_lowest_ties_and_empty);
  g_test_add_func ("/qa-stats/trend", test_trend);
  g_test_add_func ("/qa-stats/weights", test_weights);
  g_test_add_func ("/qa-stats/scale", test_scale);

  return g_test_run ();
}
