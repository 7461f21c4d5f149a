/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-qa-stats.c
 *
 * The evaluations are copied into one array grouped by month (a counting
 * sort over the month starts of the time zone), so a month is a slice of
 * that array and each month's floor sum is kept ready for the trend.
 */
#define G_LOG_DOMAIN "floorboard-core"

#include <math.h>
#include <string.h>

#include "fb-qa-stats.h"

const char * const fb_qa_criterion_keys[FB_QA_N_CRITERIA] = {
  "service_language", "attitude", "tone", "need_elicitation", "handling",
};

typedef struct
{
  gint64 at;
  guint  agent;                       /* index into agent_ids */
  guint8 scores[FB_QA_N_CRITERIA];
  double total;
} Eval;

struct _FbQaStats
{
  GTimeZone  *tz;
  GPtrArray  *agent_ids;   /* char *, the evaluated agents */
  GHashTable *agent_index; /* borrowed id -> index + 1 */

  int         first_key;   /* year * 12 + month - 1 of bucket 0 */
  guint       n_months;
  Eval       *evals;       /* grouped by month, oldest month first */
  guint       n_evals;
  guint      *offsets;     /* n_months + 1: month b is evals[offsets[b] .. offsets[b + 1]) */
  double     *total_sums;  /* per month: the sum of the evaluations' totals */
};

FbQaCountFlag
fb_qa_count_flag (guint count)
{
  if (count < FB_QA_MIN_PER_MONTH)
    return FB_QA_COUNT_NONE;
  if (count > FB_QA_MAX_PER_MONTH)
    return FB_QA_COUNT_OVER;
  return FB_QA_COUNT_OK;
}

void
fb_qa_month_of (gint64     unix_s,
                GTimeZone *tz,
                int       *year,
                int       *month)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_s);
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (tz != NULL && year != NULL && month != NULL);

  /* Beyond what GDateTime holds: clamp rather than fail on bad input. */
  if (utc == NULL)
    {
      *year = unix_s < 0 ? 1 : 9999;
      *month = unix_s < 0 ? 1 : 12;
      return;
    }
  local = g_date_time_to_timezone (utc, tz);
  *year = g_date_time_get_year (local);
  *month = g_date_time_get_month (local);
}

void
fb_qa_month_add (int *year,
                 int *month,
                 int  delta)
{
  int key;

  g_return_if_fail (year != NULL && month != NULL);

  key = *year * 12 + (*month - 1) + delta;
  *year = key / 12;
  *month = key % 12 + 1;
}

/* The unix time month @key begins in @tz. */
static gint64
month_start (GTimeZone *tz,
             int        key)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, key / 12, key % 12 + 1, 1, 0, 0, 0);

  if (dt == NULL)
    return key < 12 * 1970 ? G_MININT64 : G_MAXINT64;
  return g_date_time_to_unix (dt);
}

static int
month_key (gint64     unix_s,
           GTimeZone *tz)
{
  int year, month;

  fb_qa_month_of (unix_s, tz, &year, &month);
  return year * 12 + month - 1;
}

/* The bucket of @at among the month starts @bounds (n + 1 of them). */
static guint
find_bucket (const gint64 *bounds,
             guint         n,
             gint64        at)
{
  guint lo = 0, hi = n;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (bounds[mid] <= at)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

FbQaStats *
fb_qa_stats_new (const FbQaEvaluation * const *evaluations,
                 guint                         n_evaluations,
                 GTimeZone                    *tz)
{
  FbQaStats *self;
  g_autofree gint64 *bounds = NULL;
  g_autofree guint *bucket_of = NULL;
  g_autofree guint *fill = NULL;
  gint64 min_at = G_MAXINT64, max_at = G_MININT64;
  int last_key;

  g_return_val_if_fail (evaluations != NULL || n_evaluations == 0, NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  self = g_new0 (FbQaStats, 1);
  self->tz = g_time_zone_ref (tz);
  self->agent_ids = g_ptr_array_new_with_free_func (g_free);
  self->agent_index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_evaluations; i++)
    {
      min_at = MIN (min_at, evaluations[i]->evaluated_at);
      max_at = MAX (max_at, evaluations[i]->evaluated_at);
    }
  if (n_evaluations == 0)
    {
      self->offsets = g_new0 (guint, 1);
      return self;
    }

  /* Month starts from the first month to the last: the time zone is
   * asked once per month, not once per evaluation. */
  self->first_key = month_key (min_at, tz);
  last_key = month_key (max_at, tz);
  self->n_months = last_key - self->first_key + 1;
  bounds = g_new (gint64, self->n_months + 1);
  for (guint b = 0; b <= self->n_months; b++)
    bounds[b] = month_start (tz, self->first_key + b);

  self->offsets = g_new0 (guint, self->n_months + 1);
  self->total_sums = g_new0 (double, self->n_months);
  bucket_of = g_new (guint, n_evaluations);
  for (guint i = 0; i < n_evaluations; i++)
    {
      bucket_of[i] = find_bucket (bounds, self->n_months, evaluations[i]->evaluated_at);
      self->offsets[bucket_of[i] + 1]++;
    }
  for (guint b = 0; b < self->n_months; b++)
    self->offsets[b + 1] += self->offsets[b];

  self->n_evals = n_evaluations;
  self->evals = g_new (Eval, n_evaluations);
  fill = g_memdup2 (self->offsets, sizeof (guint) * self->n_months);
  for (guint i = 0; i < n_evaluations; i++)
    {
      const FbQaEvaluation *qa = evaluations[i];
      Eval *e = &self->evals[fill[bucket_of[i]]++];
      gpointer index;

      if (!(index = g_hash_table_lookup (self->agent_index, qa->agent_id)))
        {
          g_ptr_array_add (self->agent_ids, g_strdup (qa->agent_id));
          index = GUINT_TO_POINTER (self->agent_ids->len);
          g_hash_table_insert (self->agent_index, g_ptr_array_index (self->agent_ids, self->agent_ids->len - 1), index);
        }
      e->at = qa->evaluated_at;
      e->agent = GPOINTER_TO_UINT (index) - 1;
      /* The codec keeps scores within 0..100. */
      e->scores[FB_QA_SERVICE_LANGUAGE] = CLAMP (qa->score_service_language, 0, 100);
      e->scores[FB_QA_ATTITUDE] = CLAMP (qa->score_attitude, 0, 100);
      e->scores[FB_QA_TONE] = CLAMP (qa->score_tone, 0, 100);
      e->scores[FB_QA_NEED_ELICITATION] = CLAMP (qa->score_need_elicitation, 0, 100);
      e->scores[FB_QA_HANDLING] = CLAMP (qa->score_handling, 0, 100);
      e->total = qa->total;
      self->total_sums[bucket_of[i]] += qa->total;
    }
  return self;
}

void
fb_qa_stats_free (FbQaStats *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->agent_index, g_hash_table_unref);
  g_clear_pointer (&self->agent_ids, g_ptr_array_unref);
  g_free (self->evals);
  g_free (self->offsets);
  g_free (self->total_sums);
  g_free (self);
}

guint
fb_qa_stats_get_n_evaluations (FbQaStats *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_evals;
}

gboolean
fb_qa_stats_get_first_month (FbQaStats *self,
                             int       *year,
                             int       *month)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->n_evals == 0)
    return FALSE;
  if (year)
    *year = self->first_key / 12;
  if (month)
    *month = self->first_key % 12 + 1;
  return TRUE;
}

/* The bucket of @year/@month, or FALSE when no evaluation falls in it. */
static gboolean
lookup_bucket (FbQaStats *self,
               int        year,
               int        month,
               guint     *bucket)
{
  int b = year * 12 + month - 1 - self->first_key;

  if (self->n_evals == 0 || b < 0 || (guint) b >= self->n_months)
    return FALSE;
  *bucket = b;
  return TRUE;
}

static double
mean (double sum,
      guint  n)
{
  return n > 0 ? sum / n : NAN;
}

FbQaMonth *
fb_qa_stats_compute_month (FbQaStats           *self,
                           const FbQaAgentInfo *agents,
                           guint                n_agents,
                           const FbQaTeamInfo  *teams,
                           guint                n_teams,
                           int                  year,
                           int                  month)
{
  g_autoptr(FbQaMonth) result = NULL;
  g_autoptr(GHashTable) team_index = NULL;
  g_autofree int *slot_of = NULL;     /* internal agent -> position in @agents, -1 */
  g_autofree int *team_of = NULL;     /* position in @agents -> team, -1 */
  g_autofree double *agent_sums = NULL;  /* per agent: criteria then total */
  g_autofree double *team_sums = NULL;
  double floor_sums[FB_QA_N_CRITERIA] = { 0 };
  guint bucket = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (agents != NULL || n_agents == 0, NULL);
  g_return_val_if_fail (teams != NULL || n_teams == 0, NULL);
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

#define N_SUMS (FB_QA_N_CRITERIA + 1)

  result = g_new0 (FbQaMonth, 1);
  result->year = year;
  result->month = month;
  result->n_agents = n_agents;
  result->agents = g_new0 (FbQaAgentStats, n_agents);
  result->n_teams = n_teams;
  result->teams = g_new0 (FbQaTeamStats, n_teams);
  agent_sums = g_new0 (double, (gsize) n_agents * N_SUMS);
  team_sums = g_new0 (double, (gsize) n_teams * N_SUMS);

  team_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint t = 0; t < n_teams; t++)
    {
      result->teams[t].team_id = g_strdup (teams[t].id);
      result->teams[t].name = g_strdup (teams[t].name);
      if (teams[t].id != NULL && !g_hash_table_contains (team_index, teams[t].id))
        g_hash_table_insert (team_index, (gpointer) teams[t].id, GUINT_TO_POINTER (t + 1));
    }

  slot_of = g_new (int, self->agent_ids->len + 1);
  for (guint i = 0; i < self->agent_ids->len; i++)
    slot_of[i] = -1;
  team_of = g_new (int, n_agents + 1);
  for (guint a = 0; a < n_agents; a++)
    {
      gpointer index;

      result->agents[a].agent_id = g_strdup (agents[a].id);
      result->agents[a].name = g_strdup (agents[a].name);
      result->agents[a].team_id = g_strdup (agents[a].team_id);
      /* An agent listed twice counts once, at its first place. */
      if (agents[a].id != NULL && (index = g_hash_table_lookup (self->agent_index, agents[a].id)) &&
          slot_of[GPOINTER_TO_UINT (index) - 1] < 0)
        slot_of[GPOINTER_TO_UINT (index) - 1] = a;
      index = agents[a].team_id ? g_hash_table_lookup (team_index, agents[a].team_id) : NULL;
      team_of[a] = index ? (int) GPOINTER_TO_UINT (index) - 1 : -1;
      if (team_of[a] >= 0)
        result->teams[team_of[a]].n_agents++;
    }

  if (lookup_bucket (self, year, month, &bucket))
    {
      for (guint i = self->offsets[bucket]; i < self->offsets[bucket + 1]; i++)
        {
          const Eval *e = &self->evals[i];
          int slot = slot_of[e->agent];

          for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
            floor_sums[c] += e->scores[c];
          result->n_evaluations++;
          if (slot < 0)
            continue;
          result->agents[slot].count++;
          for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
            agent_sums[slot * N_SUMS + c] += e->scores[c];
          agent_sums[slot * N_SUMS + FB_QA_N_CRITERIA] += e->total;
        }
    }

  for (guint a = 0; a < n_agents; a++)
    {
      FbQaAgentStats *as = &result->agents[a];

      as->flag = fb_qa_count_flag (as->count);
      if (as->flag == FB_QA_COUNT_NONE)
        result->n_agents_none++;
      else if (as->flag == FB_QA_COUNT_OVER)
        result->n_agents_over++;
      for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
        as->criteria[c] = mean (agent_sums[a * N_SUMS + c], as->count);
      as->total = mean (agent_sums[a * N_SUMS + FB_QA_N_CRITERIA], as->count);
      if (team_of[a] >= 0)
        {
          result->teams[team_of[a]].n_evaluations += as->count;
          for (guint s = 0; s < N_SUMS; s++)
            team_sums[team_of[a] * N_SUMS + s] += agent_sums[a * N_SUMS + s];
        }
    }

  for (guint t = 0; t < n_teams; t++)
    {
      FbQaTeamStats *ts = &result->teams[t];

      for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
        ts->criteria[c] = mean (team_sums[t * N_SUMS + c], ts->n_evaluations);
      ts->total = mean (team_sums[t * N_SUMS + FB_QA_N_CRITERIA], ts->n_evaluations);
    }

  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    result->criteria[c] = mean (floor_sums[c], result->n_evaluations);
  result->total = NAN;
  if (result->n_evaluations > 0)
    result->total = self->total_sums[bucket] / result->n_evaluations;

  /* Insertion sort, stable: ties keep the form's order. */
  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    {
      guint k = c;

      result->lowest[c] = c;
      if (result->n_evaluations == 0)
        continue;
      while (k > 0 && result->criteria[result->lowest[k - 1]] > result->criteria[c])
        {
          result->lowest[k] = result->lowest[k - 1];
          k--;
        }
      result->lowest[k] = c;
    }
#undef N_SUMS

  return g_steal_pointer (&result);
}

void
fb_qa_month_free (FbQaMonth *month)
{
  if (month == NULL)
    return;
  for (guint a = 0; a < month->n_agents; a++)
    {
      g_free (month->agents[a].agent_id);
      g_free (month->agents[a].name);
      g_free (month->agents[a].team_id);
    }
  for (guint t = 0; t < month->n_teams; t++)
    {
      g_free (month->teams[t].team_id);
      g_free (month->teams[t].name);
    }
  g_free (month->agents);
  g_free (month->teams);
  g_free (month);
}

void
fb_qa_stats_compute_trend (FbQaStats  *self,
                           int         year,
                           int         month,
                           const char *agent_id,
                           FbQaTrend  *trend)
{
  gpointer index = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (trend != NULL);

  if (agent_id != NULL)
    index = g_hash_table_lookup (self->agent_index, agent_id);

  for (guint i = 0; i < FB_QA_TREND_MONTHS; i++)
    {
      int y = year, m = month;
      guint bucket, n_agent = 0;
      double agent_sum = 0;

      fb_qa_month_add (&y, &m, (int) i - (FB_QA_TREND_MONTHS - 1));
      trend->year[i] = y;
      trend->month[i] = m;
      trend->floor[i] = NAN;
      trend->agent[i] = NAN;
      if (!lookup_bucket (self, y, m, &bucket))
        continue;
      trend->floor[i] = mean (self->total_sums[bucket], self->offsets[bucket + 1] - self->offsets[bucket]);
      if (index == NULL)
        continue;
      for (guint e = self->offsets[bucket]; e < self->offsets[bucket + 1]; e++)
        if (self->evals[e].agent == GPOINTER_TO_UINT (index) - 1)
          {
            agent_sum += self->evals[e].total;
            n_agent++;
          }
      trend->agent[i] = mean (agent_sum, n_agent);
    }
}

gboolean
fb_qa_weights_parse (JsonNode *weights,
                     double    out[FB_QA_N_CRITERIA])
{
  double parsed[FB_QA_N_CRITERIA];
  double sum = 0;
  JsonObject *object;

  g_return_val_if_fail (out != NULL, FALSE);

  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    out[c] = 1.0 / FB_QA_N_CRITERIA;
  if (weights == NULL || !JSON_NODE_HOLDS_OBJECT (weights))
    return FALSE;
  object = json_node_get_object (weights);
  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    {
      JsonNode *node = json_object_get_member (object, fb_qa_criterion_keys[c]);
      GType type;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        return FALSE;
      type = json_node_get_value_type (node);
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return FALSE;
      parsed[c] = json_node_get_double (node);
      if (!isfinite (parsed[c]) || parsed[c] < 0)
        return FALSE;
      sum += parsed[c];
    }
  if (!(sum > 0) || !isfinite (sum))
    return FALSE;
  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    out[c] = parsed[c] / sum;
  return TRUE;
}

double
fb_qa_weighted_total (const double scores[FB_QA_N_CRITERIA],
                      const double weights[FB_QA_N_CRITERIA])
{
  double total = 0;

  g_return_val_if_fail (scores != NULL && weights != NULL, NAN);

  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    total += scores[c] * weights[c];
  return total;
}
