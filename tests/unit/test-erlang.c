/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-erlang.c: Erlang B and C (app/core/fb-erlang.c) against published
 * values, closed forms and an independent log-space computation. */
#include <math.h>

#include "fb-erlang.h"

/* The worked example every staffing primer repeats (callcentrehelper.com
 * "Erlang C formula – made simple"): 100 calls per half hour, 180 s AHT,
 * so A = 10 Erlangs, 80 % answered within 20 s. Published to 4 places:
 * P(wait), service level and ASA for 11 to 15 agents. */
static void
test_published_example (void)
{
  static const struct { guint c; double pw; double sl; double asa; } rows[] = {
    { 11, 0.6821, 0.3896, 122.78 },
    { 12, 0.4494, 0.6402, 40.44 },
    { 13, 0.2853, 0.7956, 17.12 },
    { 14, 0.1741, 0.8884, 7.84 },
    { 15, 0.1020, 0.9415, 3.67 },
  };
  double a = fb_erlang_traffic (200, 180);

  g_assert_cmpfloat_with_epsilon (a, 10.0, 1e-12);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpfloat_with_epsilon (fb_erlang_c (a, rows[i].c), rows[i].pw, 0.00005);
      g_assert_cmpfloat_with_epsilon (fb_erlang_service_level (a, rows[i].c, 180, 20), rows[i].sl, 0.00005);
      g_assert_cmpfloat_with_epsilon (fb_erlang_asa (a, rows[i].c, 180), rows[i].asa, 0.005);
    }
  /* The primer's answer: 14 agents reach 80 % in 20 s, 13 do not. */
  g_assert_cmpint (fb_erlang_agents_needed (a, 180, 20, 0.80), ==, 14);
}

/* Erlang B tables (e.g. any teletraffic handbook): the load each trunk
 * group carries at 1 % blocking, and A = 10 on 10 trunks. */
static void
test_erlang_b_tables (void)
{
  static const struct { double a; guint c; double b; } rows[] = {
    { 4.461, 10, 0.0100 },
    { 12.031, 20, 0.0100 },
    { 37.901, 50, 0.0100 },
    { 84.064, 100, 0.0100 },
    { 10.0, 10, 0.2146 },
    { 5.0, 10, 0.0184 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpfloat_with_epsilon (fb_erlang_b (rows[i].a, rows[i].c), rows[i].b, 0.00005);
  g_assert_cmpfloat (fb_erlang_b (3, 0), ==, 1.0);
  g_assert_cmpfloat (fb_erlang_b (0, 5), ==, 0.0);
}

/* M/M/1 and M/M/2 have short closed forms to check the general one by. */
static void
test_closed_forms (void)
{
  for (double rho = 0.05; rho < 1.0; rho += 0.05)
    {
      double aht = 240, t = 30;
      double c2 = 2 * rho * rho / (1 + rho);   /* M/M/2 with A = 2ρ */

      g_assert_cmpfloat_with_epsilon (fb_erlang_c (rho, 1), rho, 1e-12);
      g_assert_cmpfloat_with_epsilon (fb_erlang_asa (rho, 1, aht), rho * aht / (1 - rho), 1e-9);
      g_assert_cmpfloat_with_epsilon (fb_erlang_service_level (rho, 1, aht, t),
                                      1 - rho * exp (-(1 - rho) * t / aht), 1e-12);
      g_assert_cmpfloat_with_epsilon (fb_erlang_c (2 * rho, 2), c2, 1e-12);
      g_assert_cmpfloat_with_epsilon (fb_erlang_asa (2 * rho, 2, aht),
                                      c2 * aht / (2 - 2 * rho), 1e-9);
    }
  /* A = 4, c = 5: C = 128/231 exactly. */
  g_assert_cmpfloat_with_epsilon (fb_erlang_c (4, 5), 128.0 / 231.0, 1e-12);
}

/* B(A, c) = (A^c / c!) / Σ A^k / k!, summed in log space with lgamma:
 * a different road to the same number, for c where factorials overflow. */
static double
erlang_b_log_space (double a,
                    guint  c)
{
  double max_term = -INFINITY, sum = 0;

  for (guint k = 0; k <= c; k++)
    max_term = MAX (max_term, k * log (a) - lgamma (k + 1.0));
  for (guint k = 0; k <= c; k++)
    sum += exp (k * log (a) - lgamma (k + 1.0) - max_term);
  return exp (c * log (a) - lgamma (c + 1.0) - max_term) / sum;
}

static void
test_large_centers (void)
{
  static const struct { double a; guint c; } points[] = {
    { 1900, 2000 }, { 1500, 1560 }, { 950.5, 1000 }, { 200, 230 }, { 1999, 2000 },
  };

  /* Published by the same recurrence at 50 digits (mpmath). */
  g_assert_cmpfloat_with_epsilon (fb_erlang_b (1900, 2000), 0.000678969296498602, 1e-15);
  g_assert_cmpfloat_with_epsilon (fb_erlang_c (1900, 2000), 0.013406437303190343, 1e-14);

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double b = fb_erlang_b (points[i].a, points[i].c);
      double expected = erlang_b_log_space (points[i].a, points[i].c);
      double c = fb_erlang_c (points[i].a, points[i].c);
      double sl = fb_erlang_service_level (points[i].a, points[i].c, 300, 20);

      g_assert_true (isfinite (b) && isfinite (c) && isfinite (sl));
      g_assert_cmpfloat (fabs (b - expected), <=, 1e-9 * expected);
      g_assert_cmpfloat (c, >, b);
      g_assert_cmpfloat (c, <, 1.0);
      g_assert_cmpfloat (sl, >, 0.0);
      g_assert_cmpfloat (sl, <, 1.0);
    }
}

static void
test_unstable_and_empty (void)
{
  /* c <= A: the queue grows without bound. */
  for (guint c = 0; c <= 10; c++)
    {
      g_assert_cmpfloat (fb_erlang_c (10, c), ==, 1.0);
      g_assert_cmpfloat (fb_erlang_service_level (10, c, 180, 20), ==, 0.0);
      g_assert_true (isinf (fb_erlang_asa (10, c, 180)));
    }
  g_assert_cmpfloat (fb_erlang_c (10.0001, 10), ==, 1.0);
  g_assert_cmpfloat (fb_erlang_c (9.9999, 10), <, 1.0);

  /* No traffic: nobody waits. */
  g_assert_cmpfloat (fb_erlang_c (0, 1), ==, 0.0);
  g_assert_cmpfloat (fb_erlang_service_level (0, 3, 180, 20), ==, 1.0);
  g_assert_cmpfloat (fb_erlang_asa (0, 3, 180), ==, 0.0);
  g_assert_cmpint (fb_erlang_agents_needed (0, 180, 20, 0.8), ==, 0);

  /* Threshold 0: the service level is 1 - P(wait). */
  g_assert_cmpfloat_with_epsilon (fb_erlang_service_level (10, 12, 180, 0),
                                  1 - fb_erlang_c (10, 12), 1e-15);
}

static void
test_agents_needed (void)
{
  static const double traffic[] = { 0.3, 1, 2.5, 8, 20, 45, 123.4, 480, 1500 };
  static const double targets[] = { 0, 0.5, 0.8, 0.9, 0.95, 0.99 };

  /* Smallest c: c meets the target and c - 1 does not. */
  for (guint i = 0; i < G_N_ELEMENTS (traffic); i++)
    for (guint j = 0; j < G_N_ELEMENTS (targets); j++)
      {
        int c = fb_erlang_agents_needed (traffic[i], 300, 20, targets[j]);

        g_assert_cmpint (c, >, (int) floor (traffic[i]));
        g_assert_cmpfloat (fb_erlang_service_level (traffic[i], c, 300, 20), >=, targets[j]);
        g_assert_true (c - 1 <= traffic[i] ||
                       fb_erlang_service_level (traffic[i], c - 1, 300, 20) < targets[j]);
        if (targets[j] == 0)
          g_assert_cmpint (c, ==, (int) floor (traffic[i]) + 1);
      }

  /* Beyond FB_ERLANG_MAX_AGENTS. */
  g_assert_cmpint (fb_erlang_agents_needed (FB_ERLANG_MAX_AGENTS + 0.5, 300, 20, 0.5), ==, -1);
  g_assert_cmpint (fb_erlang_agents_needed (1983, 300, 20, 0.8), ==, 2000);
  g_assert_cmpint (fb_erlang_agents_needed (1984, 300, 20, 0.8), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/erlang/published-example", test_published_example);
  g_test_add_func ("/erlang/erlang-b-tables", test_erlang_b_tables);
  g_test_add_func ("/erlang/closed-forms", test_closed_forms);
  g_test_add_func ("/erlang/large-centers", test_large_centers);
  g_test_add_func ("/erlang/unstable-and-empty", test_unstable_and_empty);
  g_test_add_func ("/erlang/agents-needed", test_agents_needed);

  return g_test_run ();
}
