/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-cache.h: an app cache written by hand, row by row, for the tests
 * of what the app computes from it (figures, summaries, roll-ups). Every
 * row must apply; a failure fails the test. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-store.h"

G_BEGIN_DECLS

/* A temporary directory, removed with all it holds when a g_auto(FbTestDir)
 * goes out of scope. Declared before the store in it, it goes after the
 * store has closed. */
typedef char *FbTestDir;

void        fb_test_dir_clear          (FbTestDir   *dir);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FbTestDir, fb_test_dir_clear)

/* An empty cache in a new temporary directory ("@prefix-XXXXXX"), returned
 * in @dir_out for the caller to remove. */
FbStore    *fb_test_cache_new          (const char  *prefix,
                                        char       **dir_out);
/* Writes a row (@json, or a tombstone when @deleted) at the next version. */
void        fb_test_cache_put_change   (FbStore     *store,
                                        const char  *type,
                                        const char  *id,
                                        gboolean     deleted,
                                        const char  *json);
void        fb_test_cache_put          (FbStore     *store,
                                        const char  *type,
                                        const char  *id,
                                        const char  *json);
/* Row @type/@id at @row_version, @json normalized as the server sends it
 * (defaults filled in); it must normalize. */
FbChange   *fb_test_normalized_change  (const char  *type,
                                        const char  *id,
                                        gint64       row_version,
                                        const char  *json);
/* Applies that row to @store, which may keep what it has (an older
 * version than its own is not applied). */
void        fb_test_cache_put_normalized (FbStore   *store,
                                          const char *type,
                                          const char *id,
                                          gint64      row_version,
                                          const char *json);
/* A quarter hour of @queue from @start ("YYYY-MM-DDTHH:MM:SSZ"): @offered
 * calls, @answered of them (@in_sl in time), the rest abandoned. */
void        fb_test_cache_put_interval (FbStore     *store,
                                        const char  *queue,
                                        const char  *start,
                                        gint64       offered,
                                        gint64       answered,
                                        gint64       in_sl,
                                        double       wait_s);
/* A raised escalation; @extra (",\"member\":…" or "") adds to its JSON. */
void        fb_test_cache_put_case     (FbStore     *store,
                                        const char  *id,
                                        const char  *raised,
                                        const char  *dispatch_due,
                                        const char  *response_due,
                                        const char  *extra);
/* A QA evaluation of @agent at @at scoring @total. */
void        fb_test_cache_put_qa       (FbStore     *store,
                                        const char  *id,
                                        const char  *agent,
                                        const char  *at,
                                        double       total);
/* The day shift of 2026-11-20 (KST) in a new cache: two teams, three
 * agents, quarter hours in and around the shift, three escalations,
 * leave and swaps, each there for a figure the tests check. */
FbStore    *fb_test_cache_new_shift_day (const char  *prefix,
                                         char       **dir_out);

/* The call figures of a summary's @figures ("day", a shift): @offered,
 * @answered, @abandoned, and the rates they make with @in_sl calls
 * answered in time and @wait_s seconds of waits. */
void        fb_test_assert_calls       (JsonObject  *figures,
                                        gint64       offered,
                                        gint64       answered,
                                        gint64       abandoned,
                                        double       in_sl,
                                        double       wait_s);

/* The duty-report counts of a summary (its "reports"). */
void        fb_test_assert_reports     (JsonObject  *summary,
                                        gint64       expected,
                                        gint64       submitted,
                                        gint64       reviewed,
                                        gint64       acknowledged);

/* Members that must be there. */
JsonObject *fb_test_member_object      (JsonObject  *object,
                                        const char  *name);
gint64      fb_test_member_int         (JsonObject  *object,
                                        const char  *name);
double      fb_test_member_double      (JsonObject  *object,
                                        const char  *name);

G_END_DECLS
