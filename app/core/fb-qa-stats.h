/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-qa-stats.h: QA evaluations summed per calendar month (the seeds:
 * every agent is monitored 1–5 times a month on five criteria; the
 * floor's weakest criteria are what the next training works on).
 *
 * FbQaStats indexes the evaluations once by month (in a time zone); a
 * month's figures then cost the evaluations of that month plus the
 * agents, not the whole history.
 */
#pragma once

#include "fb-entity.h"

G_BEGIN_DECLS

/* The seeds' criteria, in the order of the evaluation form. */
typedef enum
{
  FB_QA_SERVICE_LANGUAGE,
  FB_QA_ATTITUDE,
  FB_QA_TONE,
  FB_QA_NEED_ELICITATION,
  FB_QA_HANDLING,
  FB_QA_N_CRITERIA,
} FbQaCriterion;

/* Member names under "scores" (and "weights") of a qa_evaluation row. */
extern const char * const fb_qa_criterion_keys[FB_QA_N_CRITERIA];

/* The server's limits on an evaluation's text, in characters; the form
 * says the same before Save. */
#define FB_QA_MAX_CALL_REF_CHARS 64
#define FB_QA_MAX_COMMENT_CHARS  1000

/* How often an agent is monitored in a month, by the seeds' 1–5 rule. */
#define FB_QA_MIN_PER_MONTH 1
#define FB_QA_MAX_PER_MONTH 5

typedef enum
{
  FB_QA_COUNT_OK,
  FB_QA_COUNT_NONE,   /* not monitored this month */
  FB_QA_COUNT_OVER,   /* monitored more than FB_QA_MAX_PER_MONTH times */
} FbQaCountFlag;

FbQaCountFlag fb_qa_count_flag (guint count);

/* What the stats need of an agent and a team; strings are borrowed. */
typedef struct
{
  const char *id;
  const char *name;
  const char *team_id;   /* may be NULL */
} FbQaAgentInfo;

typedef struct
{
  const char *id;
  const char *name;
} FbQaTeamInfo;

/* Averages are NAN where there is nothing to average. */
typedef struct
{
  char          *agent_id;
  char          *name;
  char          *team_id;
  guint          count;
  FbQaCountFlag  flag;
  double         criteria[FB_QA_N_CRITERIA];
  double         total;
} FbQaAgentStats;

typedef struct
{
  char   *team_id;
  char   *name;
  guint   n_agents;
  guint   n_evaluations;
  double  criteria[FB_QA_N_CRITERIA];
  double  total;
} FbQaTeamStats;

typedef struct
{
  int             year;
  int             month;          /* 1..12 */
  guint           n_evaluations;  /* every evaluation of the month */
  guint           n_agents_none;
  guint           n_agents_over;
  /* The floor: means over the month's evaluations. */
  double          criteria[FB_QA_N_CRITERIA];
  double          total;
  /* The criteria by their floor average, lowest first (ties in form
   * order); the training focus. */
  FbQaCriterion   lowest[FB_QA_N_CRITERIA];
  FbQaAgentStats *agents;         /* in the order given */
  guint           n_agents;
  FbQaTeamStats  *teams;          /* in the order given */
  guint           n_teams;
} FbQaMonth;

#define FB_QA_TREND_MONTHS 6

/* The months ending at the chosen one, oldest first; NAN = no data. */
typedef struct
{
  int    year[FB_QA_TREND_MONTHS];
  int    month[FB_QA_TREND_MONTHS];
  double floor[FB_QA_TREND_MONTHS];
  double agent[FB_QA_TREND_MONTHS];
} FbQaTrend;

typedef struct _FbQaStats FbQaStats;

/* Indexes @evaluations (copying what it needs) by calendar month in @tz. */
FbQaStats *fb_qa_stats_new          (const FbQaEvaluation * const *evaluations,
                                     guint                         n_evaluations,
                                     GTimeZone                    *tz);
void       fb_qa_stats_free         (FbQaStats                    *self);
guint      fb_qa_stats_get_n_evaluations (FbQaStats               *self);
/* The first month holding an evaluation; FALSE when there is none. */
gboolean   fb_qa_stats_get_first_month (FbQaStats                 *self,
                                     int                          *year,
                                     int                          *month);

FbQaMonth *fb_qa_stats_compute_month (FbQaStats                   *self,
                                     const FbQaAgentInfo          *agents,
                                     guint                         n_agents,
                                     const FbQaTeamInfo           *teams,
                                     guint                         n_teams,
                                     int                           year,
                                     int                           month);
void       fb_qa_month_free         (FbQaMonth                    *month);

/* @agent_id may be NULL (then agent[] is all NAN). */
void       fb_qa_stats_compute_trend (FbQaStats                   *self,
                                     int                           year,
                                     int                           month,
                                     const char                   *agent_id,
                                     FbQaTrend                    *trend);

/* The year and month (1..12) of @unix_s in @tz. */
void       fb_qa_month_of           (gint64                        unix_s,
                                     GTimeZone                    *tz,
                                     int                          *year,
                                     int                          *month);
/* Adds @delta months to year/month. */
void       fb_qa_month_add          (int                          *year,
                                     int                          *month,
                                     int                           delta);

/* The weights of @weights (an object with the criteria's keys, numbers
 * >= 0, not all 0), normalised to sum 1; FALSE (and equal weights) when
 * it is not such an object. */
gboolean   fb_qa_weights_parse      (JsonNode                     *weights,
                                     double                        out[FB_QA_N_CRITERIA]);
/* The weighted mean of @scores by @weights (which sum to 1). */
double     fb_qa_weighted_total     (const double                  scores[FB_QA_N_CRITERIA],
                                     const double                  weights[FB_QA_N_CRITERIA]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbQaStats, fb_qa_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbQaMonth, fb_qa_month_free)

G_END_DECLS
