/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-refusal.c: every error code floorboard-server can answer with, read
 * from its sources (and the rules' codes from app/core), is told in Korean
 * by fb_refusal_describe() under LANGUAGE=ko with no English left; every
 * field the server names has a Korean label; an unknown code shows the
 * server's words only inside a Korean sentence saying so. A code added to
 * the server without words here fails this test. */
#define G_LOG_DOMAIN "test-refusal"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "fb-escalation-rules.h"
#include "fb-refusal.h"
#include "fb-request-rules.h"
#include "fb-test-i18n.h"

/* Members the server may name that no form shows (the app fills them in):
 * a refusal naming one is told without it. */
static const char * const internal_fields[] = {
  "version", "base_version", "action", "decision", "figures", "assignments", "submit",
};

static char *
read_source (const char *relative)
{
  g_autofree char *path = g_build_filename (g_getenv ("FB_SOURCE_ROOT"), relative, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
scan_file (GHashTable *found,
           const char *relative,
           GRegex     *regex)
{
  g_autofree char *text = read_source (relative);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    g_hash_table_add (found, g_match_info_fetch (match, 1));
}

/* Adds group 1 of every match of @pattern in @where: a .c file, or the
 * .c files of a directory. */
static void
scan (GHashTable *found,
      const char *where,
      const char *pattern)
{
  g_autofree char *path = g_build_filename (g_getenv ("FB_SOURCE_ROOT"), where, NULL);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_nonnull (regex);
  if (g_str_has_suffix (where, ".c"))
    {
      scan_file (found, where, regex);
      return;
    }
  d = g_dir_open (path, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *relative = g_build_filename (where, name, NULL);

      if (g_str_has_suffix (name, ".c"))
        scan_file (found, relative, regex);
    }
}

/* The codes the server can put in {"error":{"code"}}. */
static GHashTable *
server_codes (void)
{
  GHashTable *codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* set_error (msg, STATUS, "code", …), and set_error_body's */
  scan (codes, "app/server", "set_error(?:_body)?\\s*\\(\\s*\\w+\\s*,\\s*[^,]+,\\s*\"([a-z0-9_]+)\"");
  /* Bodies built by hand (409 with the current row): "code" then its value. */
  scan (codes, "app/server",
        "set_member_name\\s*\\(\\s*\\w+\\s*,\\s*\"code\"\\s*\\)\\s*;\\s*"
        "json_builder_add_string_value\\s*\\(\\s*\\w+\\s*,\\s*\"([a-z0-9_]+)\"");
  /* The rules' checks, which the server answers with as they are:
   * (…, FB_CHECK_RULE, "code", …) whatever the function making them. */
  scan (codes, "app/core", "FB_CHECK_(?:FLAG|RULE|FORBIDDEN)\\s*,\\s*\"([a-z0-9_]+)\"");
  /* fb_rule_error_code_name(): the escalation rules' codes. */
  scan (codes, "app/core/fb-escalation-rules.c",
        "(?:case FB_RULE_ERROR_[A-Z_]+|default):\\s*return\\s*\"([a-z0-9_]+)\"");
  return codes;
}

/* The fields the server names in {"error":{"field"}}, where it names them
 * by a literal: set_error's, the members it reads and the duty report's. */
static GHashTable *
server_fields (void)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *server = read_source ("app/server/fb-server-duty.c");
  g_autoptr(GRegex) lists = g_regex_new ("report_(?:texts|counts|required)\\[\\]\\s*=\\s*\\{([^}]*)\\}", 0, 0, NULL);
  g_autoptr(GRegex) word = g_regex_new ("\"([a-z0-9_]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) list = NULL;

  /* _fb_server_refuse_field (msg, "field", …): a 400 invalid_field */
  scan (fields, "app/server", "refuse_field\\s*\\(\\s*\\w+\\s*,\\s*\"([a-z0-9_.]+)\"");
  scan (fields, "app/server", "set_error(?:_body)?\\s*\\(\\s*\\w+\\s*,\\s*[^,]+,\\s*\"[a-z0-9_]+\"\\s*,\\s*\"([a-z0-9_.]+)\"");
  /* get_string_member (msg, body, "name"), optional_string (msg, body, "name", …) … */
  scan (fields, "app/server", "\\w+\\s*\\(\\s*msg\\s*,\\s*(?:body|object)\\s*,\\s*\"([a-z0-9_]+)\"");
  g_regex_match (lists, server, 0, &list);
  for (; g_match_info_matches (list); g_match_info_next (list, NULL))
    {
      g_autofree char *members = g_match_info_fetch (list, 1);
      g_autoptr(GMatchInfo) m = NULL;

      g_regex_match (word, members, 0, &m);
      for (; g_match_info_matches (m); g_match_info_next (m, NULL))
        g_hash_table_add (fields, g_match_info_fetch (m, 1));
    }
  /* The QA scores, named "scores.<criterion>". */
  for (const char *const *c = (const char *const[]) { "service_language", "attitude", "tone",
                                                      "need_elicitation", "handling", NULL }; *c; c++)
    g_hash_table_add (fields, g_strconcat ("scores.", *c, NULL));
  return fields;
}

static gboolean
has_latin (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isalpha (*p))
      return TRUE;
  return FALSE;
}

static gboolean
has_hangul (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HANGUL)
      return TRUE;
  return FALSE;
}

static gboolean
is_internal (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (internal_fields); i++)
    if (g_str_equal (field, internal_fields[i]))
      return TRUE;
  return FALSE;
}

static void
test_every_code_korean (void)
{
  g_autoptr(GHashTable) codes = server_codes ();
  g_autoptr(GString) missing = g_string_new (NULL);
  GHashTableIter iter;
  const char *code;

  /* A scan that finds little means the patterns no longer fit the server. */
  g_assert_cmpuint (g_hash_table_size (codes), >=, 50);
  g_assert_true (g_hash_table_contains (codes, "stale_version"));
  g_assert_true (g_hash_table_contains (codes, "certificate_required"));
  g_assert_true (g_hash_table_contains (codes, "callback_attempts_required"));
  g_assert_true (g_hash_table_contains (codes, "too_large"));

  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &code, NULL))
    {
      g_autofree char *plain = fb_refusal_describe (code, NULL, "Some English words");
      g_autofree char *with_field = fb_refusal_describe (code, "end_date", "Some English words");

      if (!fb_refusal_knows_code (code))
        g_string_append_printf (missing, "%s: no words in fb-refusal.c\n", code);
      else if (has_latin (plain) || !has_hangul (plain))
        g_string_append_printf (missing, "%s: “%s”\n", code, plain);
      else if (has_latin (with_field) || !has_hangul (with_field))
        g_string_append_printf (missing, "%s with a field: “%s”\n", code, with_field);
    }
  if (missing->len > 0)
    g_printerr ("Codes not told in Korean:\n%s", missing->str);
  g_assert_cmpuint (missing->len, ==, 0);
}

static void
test_every_field_korean (void)
{
  g_autoptr(GHashTable) fields = server_fields ();
  g_autoptr(GString) missing = g_string_new (NULL);
  GHashTableIter iter;
  const char *field;

  g_assert_cmpuint (g_hash_table_size (fields), >=, 25);
  g_assert_true (g_hash_table_contains (fields, "end_date"));
  g_assert_true (g_hash_table_contains (fields, "handover_notes"));

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, (gpointer *) &field, NULL))
    {
      const char *label = fb_refusal_field_label (field);
      g_autofree char *invalid = fb_refusal_describe ("invalid_field", field, "Field is bad");

      if (is_internal (field))
        continue;
      if (label == NULL)
        g_string_append_printf (missing, "%s: no label in fb-refusal.c\n", field);
      else if (has_latin (label) || has_latin (invalid) || strstr (invalid, label) == NULL)
        g_string_append_printf (missing, "%s: “%s”\n", field, invalid);
    }
  if (missing->len > 0)
    g_printerr ("Fields not named in Korean:\n%s", missing->str);
  g_assert_cmpuint (missing->len, ==, 0);
}

/* Row type, field, and the words the server's own conflict has. */
static const char * const stale_rows[][3] = {
  { "escalation", "version", "Someone changed this case first; look at it again" },
  { "duty_report", "version", "Someone changed this report first; look at it again" },
  { "leave_request", "version", "Someone changed this request first; look at it again" },
  { "swap_request", "version", "Someone changed this request first; look at it again" },
  { NULL, "base_version", "Someone changed this seat plan first; look at it again" },
};

/* The rules read alike before and after the click: the words of the
 * request and escalation rules are the refusal's too. */
static void
test_same_words_as_rules (void)
{
  g_autofree char *certificate = fb_refusal_describe ("certificate_required", NULL, NULL);
  g_autofree char *callback = fb_refusal_describe ("callback_attempts_required", NULL, NULL);
  g_autofree char *stale = fb_refusal_describe ("stale_version", "version", NULL);
  g_autofree char *by_status = fb_refusal_describe ("http_409", NULL, "Conflict");
  g_autofree char *missing = fb_refusal_describe ("missing_field", "workload", NULL);

  g_assert_cmpstr (certificate, ==, g_dgettext (GETTEXT_PACKAGE, "Sick leave needs a medical certificate"));
  g_assert_cmpstr (callback, ==,
                   g_dgettext (GETTEXT_PACKAGE, "Reach the customer first: a case closes unreached only "
                               "after 3 failed attempts or a wrong number"));
  /* A 409 with no body says the same as one with its code. */
  g_assert_cmpstr (by_status, ==, stale);
  /* A conflict says what was changed, in the words the server's has. */
  for (guint i = 0; i < G_N_ELEMENTS (stale_rows); i++)
    {
      g_autofree char *row = fb_refusal_describe_row ("stale_version", stale_rows[i][1], NULL, stale_rows[i][0]);

      g_assert_cmpstr (row, ==, g_dgettext (GETTEXT_PACKAGE, stale_rows[i][2]));
      g_assert_false (has_latin (row));
    }
  {
    g_autofree char *other = fb_refusal_describe_row ("stale_version", "version", NULL, "qa_evaluation");
    g_autofree char *rule = fb_refusal_describe_row ("certificate_required", NULL, NULL, "leave_request");

    g_assert_cmpstr (other, ==, stale);
    g_assert_cmpstr (rule, ==, certificate);
  }
  g_assert_nonnull (strstr (missing, "업무량"));
}

static FbEscalation *
escalation (const char *level,
            const char *status)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"e-1\",\"customer_ref\":\"010-****-1234\",\"category\":\"billing\","
                                           "\"severity\":\"high\",\"summary\":\"요금\",\"raised_by\":\"u-a\","
                                           "\"raised_at\":\"2026-12-01T00:00:00Z\",\"level\":\"%s\",\"status\":\"%s\","
                                           "\"dispatch_due\":\"2026-12-01T01:00:00Z\",\"response_due\":\"2026-12-02T00:00:00Z\","
                                           "\"callback_due\":\"2026-12-04T00:00:00Z\"}", level, status);
  g_autoptr(GError) error = NULL;
  FbEscalation *e = fb_entity_decode_string (&fb_escalation_spec, json, -1, &error);

  g_assert_no_error (error);
  return e;
}

/* The escalation rule refuses @action with @code, in the refusal's words. */
static void
assert_escalation_reads_alike (const char         *level,
                               const char         *status,
                               FbRole              role,
                               FbEscalationAction  action,
                               int                 outcome,
                               const char         *code)
{
  g_autoptr(FbEscalation) e = escalation (level, status);
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal = fb_refusal_describe (code, NULL, NULL);

  g_assert_false (fb_escalation_check (e, role, action, outcome, &error));
  g_assert_cmpstr (fb_rule_error_code_name (error->code), ==, code);
  g_assert_cmpstr (error->message, ==, refusal);
}

/* The first check of @checks with @code reads as its refusal does. */
static void
assert_check_reads_alike (GPtrArray  *checks,
                          const char *code)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (check->code, code))
        {
          g_autofree char *refusal = fb_refusal_describe (code, NULL, NULL);

          g_assert_cmpstr (check->message, ==, refusal);
          return;
        }
    }
  g_error ("No check %s", code);
}

static FbLeaveRequest *
leave (const char *type,
       const char *end_date,
       const char *status)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"lv-1\",\"agent_id\":\"ag-1\",\"type\":\"%s\","
                                           "\"start_date\":\"2026-12-10\",\"end_date\":\"%s\","
                                           "\"submitted_at\":\"2026-12-01T00:00:00Z\",\"certificate\":false,"
                                           "\"status\":\"%s\"}", type, end_date, status);
  g_autoptr(GError) error = NULL;
  FbLeaveRequest *l = fb_entity_decode_string (&fb_leave_request_spec, json, -1, &error);

  g_assert_no_error (error);
  return l;
}

/* Where a rule of app/core has fixed words, the refusal has the same
 * ones: the rule reads alike on the disabled button and after the click.
 * Compared with what the rules say, not with a copy of their msgid. */
static void
test_rules_read_alike (void)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(FbRoster) roster = fb_roster_new (kst);
  g_autoptr(FbLeaveRequest) sick = leave ("sick", "2026-12-10", "pending");
  g_autoptr(FbLeaveRequest) decided = leave ("personal", "2026-12-10", "approved");
  g_autoptr(FbLeaveRequest) endless = leave ("vacation", "2027-03-10", "pending");
  g_autoptr(GPtrArray) approve = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) cancel = NULL;
  g_autoptr(GPtrArray) submit = NULL;
  g_autoptr(GError) error = NULL;
  const char *team = "{\"id\":\"t-day\",\"name\":\"A\",\"leader_id\":\"ag-1\",\"shift\":\"day\","
                     "\"start\":\"08:00\",\"end\":\"20:00\"}";
  const char *agent = "{\"id\":\"ag-1\",\"name\":\"Kim\",\"employee_no\":\"1\",\"grade\":\"senior\","
                      "\"team_id\":\"t-day\",\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\","
                      "\"queue_id\":\"q1\"}";

  assert_escalation_reads_alike ("director", "dispatched", FB_ROLE_SUPERVISOR, FB_ESCALATION_ACTION_TAKE, -1,
                                 "above_your_level");
  assert_escalation_reads_alike ("director", "dispatched", FB_ROLE_DIRECTOR, FB_ESCALATION_ACTION_ESCALATE, -1,
                                 "already_top_level");
  assert_escalation_reads_alike ("supervisor", "awaiting_callback", FB_ROLE_SUPERVISOR, FB_ESCALATION_ACTION_CLOSE, -1,
                                 "callback_attempts_required");
  assert_escalation_reads_alike ("supervisor", "awaiting_callback", FB_ROLE_SUPERVISOR,
                                 FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, 99, "invalid_outcome");

  fb_roster_take (roster, &fb_team_spec, fb_entity_decode_string (&fb_team_spec, team, -1, &error));
  g_assert_no_error (error);
  fb_roster_take (roster, &fb_agent_spec, fb_entity_decode_string (&fb_agent_spec, agent, -1, &error));
  g_assert_no_error (error);
  approve = fb_leave_decision_checks (roster, sick, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "ok");
  assert_check_reads_alike (approve, "certificate_required");
  again = fb_leave_decision_checks (roster, decided, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "ok");
  assert_check_reads_alike (again, "not_pending");
  cancel = fb_leave_decision_checks (roster, sick, FB_DECISION_CANCEL, FB_ROLE_AGENT, "ag-2", NULL);
  assert_check_reads_alike (cancel, "not_your_request");
  submit = fb_leave_submit_checks (roster, endless);
  assert_check_reads_alike (submit, "leave_too_long");
}

/* The server's English only for a code this app does not know, framed. */
static void
test_unknown_code (void)
{
  g_autofree char *framed = fb_refusal_describe ("brand_new_rule", NULL, "A rule from the future");
  g_autofree char *bare = fb_refusal_describe ("brand_new_rule", NULL, NULL);
  g_autofree char *teapot = fb_refusal_describe ("http_418", NULL, NULL);

  g_assert_false (fb_refusal_knows_code ("brand_new_rule"));
  g_assert_nonnull (strstr (framed, "A rule from the future"));
  g_assert_true (has_hangul (framed));
  g_assert_false (has_latin (bare));
  g_assert_true (has_hangul (bare));
  g_assert_cmpstr (teapot, ==, bare);
}

static char *
from_text (const char *text,
           guint       status)
{
  g_autoptr(JsonNode) root = json_from_string (text, NULL);

  return fb_refusal_from_answer (root, status);
}

/* Answers a broken or hostile server may send: words or NULL, no warning. */
static void
test_answers (void)
{
  static const char * const not_refusals[] = {
    "[]", "{}", "\"error\"", "{\"error\":\"conflict\"}", "{\"error\":null}", "{\"error\":[{}]}",
  };
  g_autofree char *from_odd = from_text ("{\"error\":{\"code\":5,\"message\":[1],\"field\":{}}}", 422);
  g_autofree char *from_good = from_text ("{\"error\":{\"code\":\"missing_field\","
                                          "\"message\":\"Field “workload” must be filled\","
                                          "\"field\":\"workload\"}}", 422);
  g_autofree char *rule = fb_refusal_describe ("rule", NULL, NULL);
  g_autofree char *missing = fb_refusal_describe ("missing_field", "workload", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (not_refusals); i++)
    g_assert_null (from_text (not_refusals[i], 400));
  g_assert_null (fb_refusal_from_answer (NULL, 400));
  /* Members of the wrong type count as absent: the status names it. */
  g_assert_cmpstr (from_odd, ==, rule);
  g_assert_cmpstr (from_good, ==, missing);
}

int
main (int   argc,
      char *argv[])
{
  /* Korean, whatever the machine: the catalogue built with the tests. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  fb_test_use_built_catalogue ();

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Reports"), ==, "보고서");
  g_test_add_func ("/refusal/every-code-korean", test_every_code_korean);
  g_test_add_func ("/refusal/every-field-korean", test_every_field_korean);
  g_test_add_func ("/refusal/same-words-as-rules", test_same_words_as_rules);
  g_test_add_func ("/refusal/rules-read-alike", test_rules_read_alike);
  g_test_add_func ("/refusal/unknown-code", test_unknown_code);
  g_test_add_func ("/refusal/answers", test_answers);
  return g_test_run ();
}
