/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-entity.c: the JSON codec of every entity (app/core/fb-entity.c).
 *
 * Each entity has one valid sample below. Most checks are generated from
 * the entity's field table: every required field is removed, every field
 * gets values of the wrong type, every range and format is crossed. A
 * table of hand-written hostile inputs covers the cross-field rules and
 * the nested records.
 */
#include <string.h>

#include "fb-entity.h"

/* FB_FIELD_STRING without max_len: the codec's default limit in bytes. */
#define DEFAULT_MAX_LEN 1024

typedef struct
{
  const FbEntitySpec *spec;
  const char         *json;
} Sample;

/* Canonical forms: every member the encoder always writes is present,
 * timestamps are UTC with seconds, so normalize (sample) == sample. */
static const Sample samples[] = {
  { &fb_agent_spec,
    "{\"id\":\"ag-1\",\"name\":\"김민수\",\"employee_no\":\"E1001\",\"grade\":\"senior\","
    "\"team_id\":\"team-a\",\"skills\":[\"billing\",\"complaint\"],\"state\":\"on_call\","
    "\"state_since\":\"2026-11-22T09:15:00Z\",\"seat_id\":\"seat-3\",\"queue_id\":\"q-1\"}" },
  { &fb_team_spec,
    "{\"id\":\"team-a\",\"name\":\"1팀\",\"leader_id\":\"u-lead\",\"shift\":\"night\","
    "\"start\":\"18:00\",\"end\":\"09:00\"}" },
  { &fb_seat_spec,
    "{\"id\":\"seat-3\",\"zone\":\"A\",\"x\":2,\"y\":0,\"label\":\"A-03\","
    "\"equipment\":\"faulty\",\"agent_id\":\"ag-1\"}" },
  { &fb_queue_spec,
    "{\"id\":\"q-1\",\"name\":\"일반 상담\",\"sl_threshold_s\":20,\"waiting\":4,"
    "\"longest_wait_s\":95,\"agents_available\":3,\"agents_busy\":12,\"offered\":400,"
    "\"answered\":370,\"abandoned\":30,\"service_level\":0.82,\"asa_s\":14.5,"
    "\"aht_s\":212.25,\"updated_at\":\"2026-11-22T09:30:00Z\"}" },
  { &fb_queue_interval_spec,
    "{\"id\":\"q-1@2026-11-22T09:15:00Z\",\"queue_id\":\"q-1\",\"start\":\"2026-11-22T09:15:00Z\","
    "\"offered\":40,\"answered\":36,\"abandoned\":4,\"answered_in_sl\":30,"
    "\"handle_time_s\":7600.5,\"wait_time_s\":410.25}" },
  { &fb_escalation_spec,
    "{\"id\":\"esc-1\",\"customer_ref\":\"010-****-1234\",\"customer_name\":\"김*수\","
    "\"category\":\"complaint\",\"severity\":\"high\",\"summary\":\"요금 이중 청구\","
    "\"raised_by\":\"ag-1\",\"raised_at\":\"2026-11-22T09:00:00Z\",\"level\":\"shift_leader\","
    "\"owner\":\"u-lead\",\"status\":\"awaiting_callback\","
    "\"dispatch_due\":\"2026-11-22T10:00:00Z\",\"response_due\":\"2026-11-23T09:00:00Z\","
    "\"callback_due\":\"2026-11-25T09:00:00Z\",\"dispatched_at\":\"2026-11-22T09:20:00Z\","
    "\"responded_at\":\"2026-11-22T11:00:00Z\",\"resolved_at\":\"2026-11-22T12:00:00Z\","
    "\"closed_at\":\"2026-11-22T13:00:00Z\","
    "\"callback_attempts\":["
    "{\"at\":\"2026-11-22T11:30:00Z\",\"by\":\"u-cb\",\"outcome\":\"no_answer\",\"note\":\"부재중\"},"
    "{\"at\":\"2026-11-22T11:45:00Z\",\"by\":\"u-cb\",\"outcome\":\"reached\"}],"
    "\"history\":["
    "{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"ag-1\",\"action\":\"raise\",\"status\":\"raised\",\"level\":\"agent\"},"
    "{\"at\":\"2026-11-22T09:20:00Z\",\"actor\":\"u-lead\",\"action\":\"escalate\",\"level\":\"shift_leader\",\"note\":\"반장 접수\"}]}" },
  { &fb_qa_evaluation_spec,
    "{\"id\":\"qa-1\",\"agent_id\":\"ag-1\",\"inspector\":\"u-qa\","
    "\"evaluated_at\":\"2026-11-20T14:00:00Z\",\"call_ref\":\"call-778\","
    "\"scores\":{\"service_language\":90,\"attitude\":85,\"tone\":80,\"need_elicitation\":75,\"handling\":95},"
    "\"total\":85.0,\"comment\":\"응대 양호\"}" },
  { &fb_leave_request_spec,
    "{\"id\":\"lv-1\",\"agent_id\":\"ag-1\",\"type\":\"vacation\",\"start_date\":\"2026-12-01\","
    "\"end_date\":\"2026-12-03\",\"reason\":\"가족 여행\",\"submitted_at\":\"2026-11-20T08:00:00Z\","
    "\"certificate\":false,\"status\":\"approved\",\"decided_by\":\"u-dir\","
    "\"decided_at\":\"2026-11-21T10:00:00Z\",\"decision_reason\":\"승인\"}" },
  { &fb_swap_request_spec,
    "{\"id\":\"sw-1\",\"agent_a\":\"ag-1\",\"agent_b\":\"ag-2\",\"date_a\":\"2026-12-05\","
    "\"shift_a\":\"day\",\"date_b\":\"2026-12-06\",\"shift_b\":\"night\",\"reason\":\"병원\","
    "\"submitted_at\":\"2026-11-20T08:00:00Z\",\"status\":\"pending\",\"leader_a_approved\":true,"
    "\"leader_b_approved\":false,\"decided_by\":\"u-sup\",\"decided_at\":\"2026-11-21T08:00:00Z\","
    "\"decision_reason\":\"인원 부족\"}" },
  { &fb_holiday_duty_spec,
    "{\"id\":\"hd-1\",\"date\":\"2026-12-25\",\"agent_id\":\"ag-1\",\"holiday\":\"성탄절\"}" },
  { &fb_seat_assignment_spec,
    "{\"id\":\"sa-1\",\"date\":\"2026-11-22\",\"shift\":\"day\",\"seat_id\":\"seat-3\",\"agent_id\":\"ag-1\"}" },
  { &fb_duty_report_spec,
    "{\"id\":\"dr-1\",\"date\":\"2026-11-22\",\"shift\":\"day\",\"author\":\"u-lead\","
    "\"system_problems\":\"CTI 10분 장애\",\"issue_summary\":\"요금 문의 급증\","
    "\"consultations\":1200,\"inquiries\":300,\"complaints\":12,\"workload\":\"높음\","
    "\"equipment_status\":\"A-03 헤드셋 불량\",\"difficult_cases\":\"반복 민원 1건\","
    "\"staffing_changes\":\"결근 1, 지각 1\",\"handover_notes\":\"야간조 콜백 3건\","
    "\"status\":\"reviewed\",\"submitted_at\":\"2026-11-22T18:00:00Z\",\"reviewed_by\":\"u-dir\","
    "\"reviewed_at\":\"2026-11-23T09:00:00Z\"}" },
  { &fb_user_spec,
    "{\"id\":\"u-lead\",\"username\":\"lead1\",\"name\":\"박반장\",\"role\":\"shift_leader\","
    "\"team_id\":\"team-a\",\"agent_id\":\"ag-9\"}" },
  { &fb_audit_spec,
    "{\"id\":\"au-1\",\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"u-dir\",\"action\":\"leave.approve\","
    "\"target_type\":\"leave_request\",\"target_id\":\"lv-1\",\"before\":{\"status\":\"pending\"},"
    "\"after\":{\"status\":\"approved\",\"n\":[1,2.5,true,null,\"x\"]}}" },
};

/* Helpers ---------------------------------------------------------------- */

/* A non-fatal failure: the tables go on to show every broken row, each
 * one in the log (g_test_fail_printf keeps only the last message). */
static void report_failure (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
report_failure (const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("FAIL: %s", message);
  g_test_fail_printf ("%s", message);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static const char *
sample_json (const FbEntitySpec *spec)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (samples[i].spec == spec)
      return samples[i].json;
  g_assert_not_reached ();
  return NULL;
}

/* A copy of @spec's sample with the member at @path ("scores.attitude")
 * replaced by @value (JSON text), or removed when @value is NULL. */
static JsonNode *
sample_with (const FbEntitySpec *spec,
             const char         *path,
             const char         *value)
{
  JsonNode *root = parse (sample_json (spec));
  g_auto(GStrv) parts = g_strsplit (path, ".", 0);
  JsonObject *object = json_node_get_object (root);
  guint n = g_strv_length (parts);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i + 1 < n; i++)
    {
      JsonNode *child = json_object_get_member (object, parts[i]);

      g_assert_true (child != NULL && JSON_NODE_HOLDS_OBJECT (child));
      object = json_node_get_object (child);
    }
  if (value == NULL)
    json_object_remove_member (object, parts[n - 1]);
  else
    json_object_set_member (object, parts[n - 1], parse (value));
  return root;
}

static char *
node_to_string (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("(null)");
}

/* Decoding @node must fail with @code and a message that names @field in
 * quotes (or, for NOT_OBJECT, the entity type). Reports without aborting
 * so a table shows every failing row. */
static void
check_rejected (const FbEntitySpec *spec,
                JsonNode           *node,
                FbEntityError       code,
                const char         *field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = node_to_string (node);
  /* Fields are quoted; the entity type a non-object should have been is not. */
  g_autofree char *quoted = code == FB_ENTITY_ERROR_NOT_OBJECT ? g_strdup (field)
                                                               : g_strdup_printf ("“%s”", field);
  gpointer entity;

  entity = fb_entity_decode (spec, node, &error);
  if (entity != NULL)
    {
      g_assert_null (error);
      fb_entity_free (spec, entity);
      report_failure ("%s accepted %s; expected error %d naming %s",
                          spec->type, text, code, quoted);
      return;
    }
  if (error == NULL)
    {
      report_failure ("%s rejected %s without an error", spec->type, text);
      return;
    }
  if (!g_error_matches (error, FB_ENTITY_ERROR, code))
    report_failure ("%s on %s: expected code %d, got %s %d: %s", spec->type, text,
                        code, g_quark_to_string (error->domain), error->code, error->message);
  if (strstr (error->message, quoted) == NULL)
    report_failure ("%s on %s: message “%s” does not name %s", spec->type, text,
                        error->message, quoted);
}

static void
check_rejected_with (const FbEntitySpec *spec,
                     const char         *path,
                     const char         *value,
                     FbEntityError       code,
                     const char         *field)
{
  g_autoptr(JsonNode) node = sample_with (spec, path, value);

  check_rejected (spec, node, code, field);
}

/* Normalizes @node, which must be accepted; NULL (and a failure) if not. */
static JsonNode *
check_accepted (const FbEntitySpec *spec,
                JsonNode           *node)
{
  g_autoptr(GError) error = NULL;
  JsonNode *normalized = fb_entity_normalize (spec, node, &error);

  if (normalized == NULL)
    {
      g_autofree char *text = node_to_string (node);

      report_failure ("%s rejected %s: %s", spec->type, text,
                          error ? error->message : "(no error)");
      return NULL;
    }
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (normalized));
  return normalized;
}

static JsonNode *
check_accepted_with (const FbEntitySpec *spec,
                     const char         *path,
                     const char         *value)
{
  g_autoptr(JsonNode) node = sample_with (spec, path, value);

  return check_accepted (spec, node);
}

typedef struct
{
  char              *path;
  const FbFieldSpec *field;
} FieldRef;

static void
field_ref_free (gpointer data)
{
  FieldRef *ref = data;

  g_free (ref->path);
  g_free (ref);
}

static void
collect_fields_into (const FbEntitySpec *spec,
                     const char         *prefix,
                     GPtrArray          *refs)
{
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FbFieldSpec *field = &spec->fields[i];
      FieldRef *ref = g_new0 (FieldRef, 1);

      ref->path = prefix ? g_strdup_printf ("%s.%s", prefix, field->name) : g_strdup (field->name);
      ref->field = field;
      g_ptr_array_add (refs, ref);
      if (field->kind == FB_FIELD_NESTED)
        collect_fields_into (field->sub, ref->path, refs);
    }
}

/* Every field of @spec with its dotted path, nested objects included
 * (the members of records live in arrays and are tested by hand). */
static GPtrArray *
collect_fields (const FbEntitySpec *spec)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (field_ref_free);

  collect_fields_into (spec, NULL, refs);
  return refs;
}

static gboolean
field_has_range (const FbFieldSpec *field)
{
  return field->min != 0 || field->max != 0;
}

/* Kinds an unset optional field is left out of the encoded object for. */
static gboolean
kind_may_be_absent (FbFieldKind kind)
{
  switch (kind)
    {
    case FB_FIELD_STRING:
    case FB_FIELD_DATE:
    case FB_FIELD_TIME:
    case FB_FIELD_ENUM:
    case FB_FIELD_TIMESTAMP:
    case FB_FIELD_STRV:
    case FB_FIELD_RECORDS:
    case FB_FIELD_ANY:
      return TRUE;
    case FB_FIELD_INT:
    case FB_FIELD_DOUBLE:
    case FB_FIELD_BOOL:
    case FB_FIELD_NESTED:
    default:
      return FALSE;
    }
}

/* Generic tests, one set per entity --------------------------------------- */

static void
test_round_trip (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  g_autoptr(JsonNode) input = parse (sample_json (spec));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *input_text = NULL;
  g_autofree char *encoded_text = NULL;
  g_autofree char *again_text = NULL;
  gpointer entity;

  entity = fb_entity_decode (spec, input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entity);
  encoded = fb_entity_encode (spec, entity);
  fb_entity_free (spec, entity);

  input_text = node_to_string (input);
  encoded_text = node_to_string (encoded);
  g_test_message ("in:  %s", input_text);
  g_test_message ("out: %s", encoded_text);
  /* Members in any order, 85 == 85.0. */
  g_assert_true (json_node_equal (input, encoded));

  /* Normalizing is idempotent, down to the text. */
  again = fb_entity_normalize (spec, encoded, &error);
  g_assert_no_error (error);
  again_text = node_to_string (again);
  g_assert_cmpstr (again_text, ==, encoded_text);
}

/* Only the required members: what the encoder adds is stable, and unset
 * optional fields stay unset. */
static void
test_minimal (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  g_autoptr(JsonNode) input = parse (sample_json (spec));
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (input);
  JsonObject *out;
  guint n_optional = 0;

  for (guint i = 0; i < spec->n_fields; i++)
    if (!(spec->fields[i].flags & FB_FIELD_REQUIRED))
      {
        json_object_remove_member (object, spec->fields[i].name);
        n_optional++;
      }

  first = fb_entity_normalize (spec, input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = fb_entity_normalize (spec, first, &error);
  g_assert_no_error (error);
  first_text = node_to_string (first);
  second_text = node_to_string (second);
  g_assert_cmpstr (first_text, ==, second_text);

  out = json_node_get_object (first);
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FbFieldSpec *field = &spec->fields[i];

      if (field->flags & FB_FIELD_REQUIRED)
        g_assert_true (json_object_has_member (out, field->name));
      else if (kind_may_be_absent (field->kind))
        {
          if (json_object_has_member (out, field->name))
            report_failure ("%s: unset optional “%s” appears in %s",
                                spec->type, field->name, first_text);
        }
    }
  g_test_message ("%s: %u optional fields left out", spec->type, n_optional);
}

static void
test_not_object (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  static const char * const inputs[] = {
    "[]", "[{\"id\":\"x\"}]", "\"agent\"", "null", "42", "true", "\"\"",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(JsonNode) node = parse (inputs[i]);

      check_rejected (spec, node, FB_ENTITY_ERROR_NOT_OBJECT, spec->type);
    }

  /* No node at all. */
  g_assert_null (fb_entity_decode (spec, NULL, &error));
  g_assert_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_NOT_OBJECT);
}

static void
test_missing_required (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  g_autoptr(GPtrArray) refs = collect_fields (spec);
  guint n_required = 0;

  for (guint i = 0; i < refs->len; i++)
    {
      FieldRef *ref = g_ptr_array_index (refs, i);

      if (!(ref->field->flags & FB_FIELD_REQUIRED))
        continue;
      n_required++;
      /* Absent, and null (which counts as absent). */
      check_rejected_with (spec, ref->path, NULL, FB_ENTITY_ERROR_MISSING, ref->path);
      check_rejected_with (spec, ref->path, "null", FB_ENTITY_ERROR_MISSING, ref->path);
    }
  g_assert_cmpuint (n_required, >, 0);

  /* The empty object misses the first required field. */
  {
    g_autoptr(JsonNode) empty = parse ("{}");

    check_rejected (spec, empty, FB_ENTITY_ERROR_MISSING, "id");
  }
}

static void
test_null_optional (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  guint n_optional = 0;

  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FbFieldSpec *field = &spec->fields[i];
      g_autoptr(JsonNode) out = NULL;

      if (field->flags & FB_FIELD_REQUIRED)
        continue;
      n_optional++;
      out = check_accepted_with (spec, field->name, "null");
      if (out != NULL && kind_may_be_absent (field->kind) &&
          json_object_has_member (json_node_get_object (out), field->name))
        report_failure ("%s: “%s”: null did not clear the field", spec->type, field->name);
    }
  g_test_message ("%s: %u optional fields", spec->type, n_optional);
  /* Every entity has optional fields except these. */
  if (spec != &fb_seat_assignment_spec && spec != &fb_queue_interval_spec)
    g_assert_cmpuint (n_optional, >, 0);
}

typedef struct
{
  const char *value;
  const char *suffix;   /* appended to the path the message must name */
} WrongValue;

static void
test_wrong_types (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  static const WrongValue for_string[] = {
    { "5", "" }, { "1.5", "" }, { "true", "" }, { "{}", "" }, { "[]", "" }, { "[\"a\"]", "" },
    { NULL, NULL }
  };
  static const WrongValue for_int[] = {
    { "\"5\"", "" }, { "1.5", "" }, { "-0.25", "" }, { "true", "" }, { "{}", "" }, { "[1]", "" },
    /* Overflows to infinity when parsed. */
    { "1e999", "" }, { "-1e999", "" },
    { NULL, NULL }
  };
  static const WrongValue for_double[] = {
    { "\"0.5\"", "" }, { "false", "" }, { "{}", "" }, { "[0.5]", "" }, { "1e999", "" },
    { NULL, NULL }
  };
  static const WrongValue for_bool[] = {
    { "\"true\"", "" }, { "1", "" }, { "0", "" }, { "{}", "" }, { "[]", "" },
    { NULL, NULL }
  };
  static const WrongValue for_strv[] = {
    { "{}", "" }, { "\"billing\"", "" }, { "5", "" }, { "true", "" },
    { "[5]", "[0]" }, { "[\"a\",null]", "[1]" }, { "[\"a\",[\"b\"]]", "[1]" },
    { NULL, NULL }
  };
  static const WrongValue for_records[] = {
    { "{}", "" }, { "\"x\"", "" }, { "5", "" },
    { "[5]", "[0]" }, { "[\"raised\"]", "[0]" }, { "[[]]", "[0]" }, { "[null]", "[0]" },
    { NULL, NULL }
  };
  static const WrongValue for_nested[] = {
    { "[]", "" }, { "\"x\"", "" }, { "5", "" }, { "true", "" },
    { NULL, NULL }
  };
  g_autoptr(GPtrArray) refs = collect_fields (spec);
  guint n_checked = 0;

  for (guint i = 0; i < refs->len; i++)
    {
      FieldRef *ref = g_ptr_array_index (refs, i);
      const WrongValue *values = NULL;

      switch (ref->field->kind)
        {
        case FB_FIELD_STRING:
        case FB_FIELD_DATE:
        case FB_FIELD_TIME:
        case FB_FIELD_ENUM:
        case FB_FIELD_TIMESTAMP:
          values = for_string;
          break;
        case FB_FIELD_INT:
          values = for_int;
          break;
        case FB_FIELD_DOUBLE:
          values = for_double;
          break;
        case FB_FIELD_BOOL:
          values = for_bool;
          break;
        case FB_FIELD_STRV:
          values = for_strv;
          break;
        case FB_FIELD_RECORDS:
          values = for_records;
          break;
        case FB_FIELD_NESTED:
          values = for_nested;
          break;
        case FB_FIELD_ANY:
        default:
          continue;
        }

      for (guint j = 0; values[j].value != NULL; j++)
        {
          g_autofree char *field = g_strconcat (ref->path, values[j].suffix, NULL);

          check_rejected_with (spec, ref->path, values[j].value, FB_ENTITY_ERROR_WRONG_TYPE, field);
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >, 0);
}

static void
test_enum_values (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  g_autoptr(GPtrArray) refs = collect_fields (spec);

  for (guint i = 0; i < refs->len; i++)
    {
      FieldRef *ref = g_ptr_array_index (refs, i);
      const FbFieldSpec *field = ref->field;
      g_autofree char *first_upper = NULL;

      if (field->kind != FB_FIELD_ENUM)
        continue;

      /* Every value in the table survives, the first (0) included. */
      for (guint j = 0; field->values[j] != NULL; j++)
        {
          g_autofree char *value = g_strdup_printf ("\"%s\"", field->values[j]);
          g_autoptr(JsonNode) out = check_accepted_with (spec, ref->path, value);

          if (out != NULL)
            g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), ref->path),
                             ==, field->values[j]);
          g_assert_cmpint (fb_enum_from_string (field->values, field->values[j]), ==, (int) j);
        }

      check_rejected_with (spec, ref->path, "\"bogus\"", FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      check_rejected_with (spec, ref->path, "\"\"", FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      /* Values are case-sensitive. */
      first_upper = g_strdup_printf ("\"%s\"", field->values[0]);
      first_upper[1] = g_ascii_toupper (first_upper[1]);
      check_rejected_with (spec, ref->path, first_upper, FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      check_rejected_with (spec, ref->path, "\" day\"", FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
    }
}

static void
test_ranges (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  g_autoptr(GPtrArray) refs = collect_fields (spec);

  for (guint i = 0; i < refs->len; i++)
    {
      FieldRef *ref = g_ptr_array_index (refs, i);
      const FbFieldSpec *field = ref->field;
      g_autofree char *below = NULL;
      g_autofree char *above = NULL;

      if ((field->kind != FB_FIELD_INT && field->kind != FB_FIELD_DOUBLE) || !field_has_range (field))
        continue;

      if (field->kind == FB_FIELD_INT)
        {
          below = g_strdup_printf ("%.0f", field->min - 1);
          above = g_strdup_printf ("%.0f", field->max + 1);
        }
      else
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          below = g_strdup (g_ascii_dtostr (buf, sizeof buf, field->min - 0.001));
          above = g_strdup (g_ascii_dtostr (buf, sizeof buf, field->max + 0.001));
        }
      check_rejected_with (spec, ref->path, below, FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      check_rejected_with (spec, ref->path, above, FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      /* Far beyond any range, and beyond what a double holds exactly. */
      check_rejected_with (spec, ref->path, "1e300", FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      check_rejected_with (spec, ref->path, "-1e300", FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      if (field->kind == FB_FIELD_INT)
        check_rejected_with (spec, ref->path, "9007199254740993", FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
    }
}

static void
test_strings (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  g_autoptr(GPtrArray) refs = collect_fields (spec);

  for (guint i = 0; i < refs->len; i++)
    {
      FieldRef *ref = g_ptr_array_index (refs, i);
      const FbFieldSpec *field = ref->field;
      gsize max_len = field->max_len ? field->max_len : DEFAULT_MAX_LEN;
      g_autoptr(GString) at_limit = g_string_new ("\"");
      g_autoptr(GString) over_limit = NULL;
      g_autoptr(GString) hangul = g_string_new ("\"");
      g_autoptr(JsonNode) out = NULL;

      if (field->kind != FB_FIELD_STRING)
        continue;

      for (gsize j = 0; j < max_len; j++)
        g_string_append_c (at_limit, 'a');
      over_limit = g_string_new (at_limit->str);
      g_string_append (at_limit, "\"");
      g_string_append (over_limit, "a\"");
      /* The limit counts bytes: three per syllable. */
      for (gsize j = 0; j < max_len / 3 + 1; j++)
        g_string_append (hangul, "가");
      g_string_append (hangul, "\"");

      out = check_accepted_with (spec, ref->path, at_limit->str);
      if (out != NULL)
        g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (out), ref->path)),
                          ==, max_len);
      check_rejected_with (spec, ref->path, over_limit->str, FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      check_rejected_with (spec, ref->path, hangul->str, FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);

      if (field->flags & FB_FIELD_NONEMPTY)
        check_rejected_with (spec, ref->path, "\"\"", FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
      else
        {
          g_autoptr(JsonNode) empty = check_accepted_with (spec, ref->path, "\"\"");

          if (empty != NULL)
            g_assert_cmpstr (json_object_get_string_member (json_node_get_object (empty), ref->path), ==, "");
        }
    }
}

static void
test_formats (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  static const char * const bad_dates[] = {
    "\"2026-02-30\"", "\"2026-02-29\"", "\"2026-13-01\"", "\"2026-00-10\"", "\"2026-04-31\"",
    "\"2026-1-1\"", "\"2026-01-1\"", "\"26-01-01\"", "\"yesterday\"", "\"\"",
    "\"2026/01/01\"", "\"2026-01-01T00:00:00Z\"", "\"1899-12-31\"",
    /* Digits only: sscanf would read these as month 1. */
    "\"2026-+1-01\"", "\"2026- 1-01\"", "\"2026-01-+1\"",
    NULL
  };
  static const char * const bad_times[] = {
    "\"24:00\"", "\"12:60\"", "\"9:00\"", "\"09:0\"", "\"12:00:00\"", "\"ab:cd\"",
    "\"12-00\"", "\"\"", "\"-1:00\"", "\"+9:00\"",
    NULL
  };
  static const char * const bad_timestamps[] = {
    "\"2026-11-22\"", "\"not a time\"", "\"\"", "\"2026-11-22T25:00:00Z\"",
    "\"2026-02-30T10:00:00Z\"", "\"2026-11-22T09:00:00+25:00\"", "\"yesterday at noon\"",
    "\"T\"",
    NULL
  };
  static const char * const good_times[] = { "\"00:00\"", "\"23:59\"", "\"09:30\"", NULL };
  g_autoptr(GPtrArray) refs = collect_fields (spec);

  for (guint i = 0; i < refs->len; i++)
    {
      FieldRef *ref = g_ptr_array_index (refs, i);
      const char * const *bad = NULL;

      switch (ref->field->kind)
        {
        case FB_FIELD_DATE:
          bad = bad_dates;
          break;
        case FB_FIELD_TIME:
          bad = bad_times;
          for (guint j = 0; good_times[j] != NULL; j++)
            {
              g_autoptr(JsonNode) out = check_accepted_with (spec, ref->path, good_times[j]);
              g_assert_nonnull (out);
            }
          break;
        case FB_FIELD_TIMESTAMP:
          bad = bad_timestamps;
          break;
        case FB_FIELD_STRING:
        case FB_FIELD_INT:
        case FB_FIELD_DOUBLE:
        case FB_FIELD_BOOL:
        case FB_FIELD_ENUM:
        case FB_FIELD_STRV:
        case FB_FIELD_RECORDS:
        case FB_FIELD_NESTED:
        case FB_FIELD_ANY:
        default:
          continue;
        }

      for (guint j = 0; bad[j] != NULL; j++)
        check_rejected_with (spec, ref->path, bad[j], FB_ENTITY_ERROR_OUT_OF_RANGE, ref->path);
    }
}

static void
test_unknown_members (gconstpointer data)
{
  const FbEntitySpec *spec = data;
  g_autoptr(JsonNode) plain = parse (sample_json (spec));
  g_autoptr(JsonNode) extra = parse (sample_json (spec));
  g_autoptr(JsonNode) out_plain = NULL;
  g_autoptr(JsonNode) out_extra = NULL;
  JsonObject *object = json_node_get_object (extra);

  json_object_set_member (object, "x_unknown", parse ("{\"deep\":[1,{\"a\":null}]}"));
  json_object_set_member (object, "zzz", parse ("5"));
  json_object_set_member (object, "version", parse ("\"not a number\""));

  out_plain = check_accepted (spec, plain);
  out_extra = check_accepted (spec, extra);
  g_assert_nonnull (out_extra);
  g_assert_false (json_object_has_member (json_node_get_object (out_extra), "x_unknown"));
  g_assert_false (json_object_has_member (json_node_get_object (out_extra), "zzz"));
  g_assert_false (json_object_has_member (json_node_get_object (out_extra), "version"));
  g_assert_true (json_node_equal (out_plain, out_extra));
}

/* Hand-written hostile inputs ------------------------------------------- */

typedef struct
{
  const FbEntitySpec *spec;
  const char         *path;    /* member of the sample to replace */
  const char         *value;   /* JSON text; NULL removes the member */
  FbEntityError       code;
  const char         *field;   /* named, in quotes, by the message */
} BadCase;

#define OUT FB_ENTITY_ERROR_OUT_OF_RANGE
#define WRONG FB_ENTITY_ERROR_WRONG_TYPE
#define MISSING FB_ENTITY_ERROR_MISSING
#define INVALID FB_ENTITY_ERROR_INVALID

static const BadCase bad_cases[] = {
  /* Queue figures. */
  { &fb_queue_interval_spec, "answered_in_sl", "37", OUT, "answered_in_sl" },
  { &fb_queue_interval_spec, "abandoned", "5", OUT, "offered" },
  { &fb_queue_interval_spec, "start", "\"2026-11-22T09:20:00Z\"", OUT, "start" },
  { &fb_queue_spec, "service_level", "1.5", OUT, "service_level" },
  { &fb_queue_spec, "service_level", "-0.01", OUT, "service_level" },
  { &fb_queue_spec, "service_level", "\"82%\"", WRONG, "service_level" },
  { &fb_queue_spec, "service_level", "1e999", WRONG, "service_level" },
  { &fb_queue_spec, "asa_s", "-1", OUT, "asa_s" },
  { &fb_queue_spec, "waiting", "-1", OUT, "waiting" },
  { &fb_queue_spec, "waiting", "4.5", WRONG, "waiting" },
  { &fb_queue_spec, "waiting", "\"4\"", WRONG, "waiting" },
  { &fb_queue_spec, "sl_threshold_s", "0", OUT, "sl_threshold_s" },
  { &fb_queue_spec, "offered", "9007199254740993", OUT, "offered" },
  /* Cross-field: 370 answered + 31 abandoned > 400 offered. */
  { &fb_queue_spec, "abandoned", "31", OUT, "offered" },
  { &fb_queue_spec, "answered", "371", OUT, "offered" },
  { &fb_queue_spec, "offered", "399", OUT, "offered" },

  /* QA scores live in a nested object. */
  { &fb_qa_evaluation_spec, "scores.attitude", "101", OUT, "scores.attitude" },
  { &fb_qa_evaluation_spec, "scores.attitude", "-1", OUT, "scores.attitude" },
  { &fb_qa_evaluation_spec, "scores.attitude", "85.5", WRONG, "scores.attitude" },
  { &fb_qa_evaluation_spec, "scores.attitude", "\"85\"", WRONG, "scores.attitude" },
  { &fb_qa_evaluation_spec, "scores.tone", NULL, MISSING, "scores.tone" },
  { &fb_qa_evaluation_spec, "scores.handling", "null", MISSING, "scores.handling" },
  { &fb_qa_evaluation_spec, "scores", "{}", MISSING, "scores.service_language" },
  { &fb_qa_evaluation_spec, "scores", "[90,85,80,75,95]", WRONG, "scores" },
  { &fb_qa_evaluation_spec, "scores", NULL, MISSING, "scores" },
  { &fb_qa_evaluation_spec, "total", "100.5", OUT, "total" },
  { &fb_qa_evaluation_spec, "total", "-0.5", OUT, "total" },

  /* Seats on the floor grid. */
  { &fb_seat_spec, "x", "-1", OUT, "x" },
  { &fb_seat_spec, "y", "10001", OUT, "y" },
  { &fb_seat_spec, "x", "1.5", WRONG, "x" },
  { &fb_seat_spec, "x", "\"2\"", WRONG, "x" },
  { &fb_seat_spec, "equipment", "\"broken\"", OUT, "equipment" },

  /* Enumerations. */
  { &fb_agent_spec, "grade", "\"expert\"", OUT, "grade" },
  { &fb_agent_spec, "grade", "\"Senior\"", OUT, "grade" },
  { &fb_agent_spec, "grade", "2", WRONG, "grade" },
  { &fb_agent_spec, "state", "\"lunch\"", OUT, "state" },
  { &fb_user_spec, "role", "\"admin\"", OUT, "role" },
  { &fb_seat_assignment_spec, "shift", "\"evening\"", OUT, "shift" },
  { &fb_duty_report_spec, "status", "\"archived\"", OUT, "status" },
  { &fb_leave_request_spec, "type", "\"holiday\"", OUT, "type" },

  /* Dates, times, timestamps. */
  { &fb_leave_request_spec, "start_date", "\"2026-02-30\"", OUT, "start_date" },
  { &fb_leave_request_spec, "start_date", "\"2026-1-1\"", OUT, "start_date" },
  { &fb_leave_request_spec, "end_date", "\"yesterday\"", OUT, "end_date" },
  { &fb_seat_assignment_spec, "date", "\"2026-11-31\"", OUT, "date" },
  { &fb_team_spec, "start", "\"24:00\"", OUT, "start" },
  { &fb_team_spec, "end", "\"18:60\"", OUT, "end" },
  { &fb_agent_spec, "state_since", "\"2026-11-22\"", OUT, "state_since" },
  { &fb_agent_spec, "state_since", "\"not a time\"", OUT, "state_since" },
  { &fb_agent_spec, "state_since", "1795305600", WRONG, "state_since" },
  { &fb_escalation_spec, "raised_at", "\"2026-11-22 09:00\"", OUT, "raised_at" },

  /* Strings and arrays. */
  { &fb_user_spec, "id", "\"\"", OUT, "id" },
  { &fb_user_spec, "id", "5", WRONG, "id" },
  { &fb_user_spec, "name", "true", WRONG, "name" },
  { &fb_agent_spec, "skills", "{\"billing\":true}", WRONG, "skills" },
  { &fb_agent_spec, "skills", "[\"billing\",3]", WRONG, "skills[1]" },
  { &fb_leave_request_spec, "certificate", "\"yes\"", WRONG, "certificate" },
  { &fb_duty_report_spec, "consultations", "-1", OUT, "consultations" },
  { &fb_duty_report_spec, "complaints", "1000001", OUT, "complaints" },

  /* Cross-field rules. */
  { &fb_leave_request_spec, "end_date", "\"2026-11-30\"", OUT, "end_date" },
  { &fb_swap_request_spec, "agent_b", "\"ag-1\"", INVALID, "agent_b" },
  { &fb_escalation_spec, "dispatch_due", "\"2026-11-22T08:59:59Z\"", OUT, "raised_at" },
  { &fb_escalation_spec, "response_due", "\"2026-11-21T09:00:00Z\"", OUT, "raised_at" },
  { &fb_escalation_spec, "callback_due", "\"2026-11-22T17:59:59+09:00\"", OUT, "raised_at" },

  /* Records in an escalation: the item and its member are named. */
  { &fb_escalation_spec, "history", "[\"raised\"]", WRONG, "history[0]" },
  { &fb_escalation_spec, "history",
    "[{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"a\",\"action\":\"raise\"},7]", WRONG, "history[1]" },
  { &fb_escalation_spec, "history",
    "[{\"at\":\"2026-11-22T09:00:00Z\",\"action\":\"raise\"}]", MISSING, "history[0].actor" },
  { &fb_escalation_spec, "history",
    "[{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"\",\"action\":\"raise\"}]", OUT, "history[0].actor" },
  { &fb_escalation_spec, "history",
    "[{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"a\",\"action\":\"raise\"},"
    "{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"a\",\"action\":\"x\",\"status\":\"bogus\"}]",
    OUT, "history[1].status" },
  { &fb_escalation_spec, "history",
    "[{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"a\",\"action\":\"x\",\"level\":\"ceo\"}]",
    OUT, "history[0].level" },
  { &fb_escalation_spec, "history",
    "[{\"at\":\"yesterday\",\"actor\":\"a\",\"action\":\"x\"}]", OUT, "history[0].at" },
  { &fb_escalation_spec, "history",
    "[{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"a\",\"action\":\"x\",\"status\":3}]",
    WRONG, "history[0].status" },
  { &fb_escalation_spec, "callback_attempts",
    "[{\"at\":\"2026-11-22T11:30:00Z\",\"by\":\"u\",\"outcome\":\"hung_up\"}]",
    OUT, "callback_attempts[0].outcome" },
  { &fb_escalation_spec, "callback_attempts",
    "[{\"at\":\"2026-11-22T11:30:00Z\",\"outcome\":\"busy\"}]", MISSING, "callback_attempts[0].by" },
  { &fb_escalation_spec, "callback_attempts", "{}", WRONG, "callback_attempts" },

  { &fb_audit_spec, "at", NULL, MISSING, "at" },
  { &fb_audit_spec, "actor", "[\"u-dir\"]", WRONG, "actor" },
};

#undef OUT
#undef WRONG
#undef MISSING
#undef INVALID

static void
test_bad_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];

      check_rejected_with (c->spec, c->path, c->value, c->code, c->field);
    }
}

/* Values at the edge of a range or rule that must still be accepted. */
typedef struct
{
  const FbEntitySpec *spec;
  const char         *path;
  const char         *value;
} GoodCase;

static const GoodCase good_cases[] = {
  { &fb_seat_spec, "x", "0" },
  { &fb_seat_spec, "x", "10000" },
  { &fb_seat_spec, "y", "10000" },
  { &fb_queue_spec, "service_level", "0" },
  { &fb_queue_spec, "service_level", "1" },
  { &fb_queue_spec, "service_level", "1.0" },
  { &fb_queue_spec, "offered", "10000000" },
  { &fb_qa_evaluation_spec, "scores.attitude", "0" },
  { &fb_qa_evaluation_spec, "scores.attitude", "100" },
  { &fb_qa_evaluation_spec, "total", "100" },
  { &fb_qa_evaluation_spec, "total", "0" },
  { &fb_leave_request_spec, "end_date", "\"2026-12-01\"" },          /* one-day leave */
  { &fb_escalation_spec, "dispatch_due", "\"2026-11-22T09:00:00Z\"" }, /* == raised_at */
  { &fb_escalation_spec, "history", "[]" },
  { &fb_agent_spec, "skills", "[]" },
  { &fb_swap_request_spec, "date_b", "\"2028-02-29\"" },              /* leap day */
  { &fb_team_spec, "start", "\"00:00\"" },
  { &fb_audit_spec, "before", "\"any JSON\"" },
  { &fb_audit_spec, "after", "[1,[2,[3]]]" },
};

static void
test_good_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const GoodCase *c = &good_cases[i];
      g_autoptr(JsonNode) out = check_accepted_with (c->spec, c->path, c->value);

      g_assert_nonnull (out);
    }
}

/* Specific behaviours -------------------------------------------------------- */

static void
test_queue_cross_boundary (void)
{
  /* answered + abandoned == offered is fine; one more abandoned is not. */
  g_autoptr(JsonNode) node = sample_with (&fb_queue_spec, "abandoned", "30");
  g_autoptr(FbQueue) queue = NULL;
  g_autoptr(GError) error = NULL;

  queue = fb_queue_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (queue);
  g_assert_cmpint (queue->answered + queue->abandoned, ==, queue->offered);
}

static void
test_huge_arrays (void)
{
  g_autoptr(GString) skills = g_string_new ("[");
  g_autoptr(GString) history = g_string_new ("[");
  g_autoptr(JsonNode) out = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (skills, "%s\"s%u\"", i ? "," : "", i);
  g_string_append (skills, "]");
  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (history, "%s{\"at\":\"2026-11-22T09:00:00Z\",\"actor\":\"a\",\"action\":\"x\"}",
                            i ? "," : "");
  g_string_append (history, "]");

  /* 1000 items are fine, 1001 are not. */
  out = check_accepted_with (&fb_agent_spec, "skills", skills->str);
  g_assert_nonnull (out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (out), "skills")),
                    ==, 1000);
  g_string_truncate (skills, skills->len - 1);
  g_string_append (skills, ",\"one too many\"]");
  check_rejected_with (&fb_agent_spec, "skills", skills->str, FB_ENTITY_ERROR_OUT_OF_RANGE, "skills");
  check_rejected_with (&fb_escalation_spec, "history", history->str, FB_ENTITY_ERROR_OUT_OF_RANGE, "history");

  /* A skill longer than a string may be. */
  {
    g_autofree char *long_skill = g_strnfill (DEFAULT_MAX_LEN + 1, 's');
    g_autofree char *json = g_strdup_printf ("[\"ok\",\"%s\"]", long_skill);

    check_rejected_with (&fb_agent_spec, "skills", json, FB_ENTITY_ERROR_WRONG_TYPE, "skills[1]");
  }
}

static void
test_text_limit (void)
{
  /* Free text (summaries, notes) allows more than names do. */
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autofree char *json = g_strdup_printf ("\"%s\"", long_text);
  g_autofree char *too_long_text = g_strnfill (200000, 'x');
  g_autofree char *too_long = g_strdup_printf ("\"%s\"", too_long_text);
  g_autoptr(JsonNode) out = check_accepted_with (&fb_escalation_spec, "summary", json);

  g_assert_nonnull (out);
  check_rejected_with (&fb_escalation_spec, "summary", too_long, FB_ENTITY_ERROR_OUT_OF_RANGE, "summary");
  check_rejected_with (&fb_duty_report_spec, "handover_notes", too_long, FB_ENTITY_ERROR_OUT_OF_RANGE,
                       "handover_notes");
  check_rejected_with (&fb_agent_spec, "name", json, FB_ENTITY_ERROR_OUT_OF_RANGE, "name");
}

static void
test_history_optional_enums (void)
{
  g_autoptr(JsonNode) node = parse (sample_json (&fb_escalation_spec));
  g_autoptr(FbEscalation) esc = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *history;
  JsonObject *first, *second;

  esc = fb_escalation_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (esc->history);
  g_assert_cmpuint (json_array_get_length (esc->history), ==, 2);

  out = fb_escalation_to_json (esc);
  history = json_object_get_array_member (json_node_get_object (out), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  first = json_array_get_object_element (history, 0);
  second = json_array_get_object_element (history, 1);

  /* "raised" and "agent" are the first values of their tables (0). */
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "raised");
  g_assert_cmpstr (json_object_get_string_member (first, "level"), ==, "agent");
  g_assert_false (json_object_has_member (first, "note"));
  /* Absent stays absent; it does not become "raised". */
  g_assert_false (json_object_has_member (second, "status"));
  g_assert_cmpstr (json_object_get_string_member (second, "level"), ==, "shift_leader");
  g_assert_cmpstr (json_object_get_string_member (second, "note"), ==, "반장 접수");

  /* Offsets in records are normalized too. */
  {
    g_autoptr(JsonNode) with_offset = sample_with (&fb_escalation_spec, "history",
      "[{\"at\":\"2026-11-22T18:00:00+09:00\",\"actor\":\"a\",\"action\":\"x\",\"status\":\"closed\"}]");
    g_autoptr(JsonNode) normalized = check_accepted (&fb_escalation_spec, with_offset);
    JsonArray *h;

    g_assert_nonnull (normalized);
    h = json_object_get_array_member (json_node_get_object (normalized), "history");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (h, 0), "at"),
                     ==, "2026-11-22T09:00:00Z");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (h, 0), "status"),
                     ==, "closed");
  }
}

static void
test_decoded_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) agent_node = parse (sample_json (&fb_agent_spec));
  g_autoptr(JsonNode) queue_node = parse (sample_json (&fb_queue_spec));
  g_autoptr(JsonNode) qa_node = parse (sample_json (&fb_qa_evaluation_spec));
  g_autoptr(JsonNode) leave_node = parse (sample_json (&fb_leave_request_spec));
  g_autoptr(JsonNode) audit_node = parse (sample_json (&fb_audit_spec));
  g_autoptr(JsonNode) seat_node = sample_with (&fb_seat_spec, "agent_id", "null");
  g_autoptr(FbAgent) agent = fb_agent_from_json (agent_node, &error);
  g_autoptr(FbQueue) queue = NULL;
  g_autoptr(FbQaEvaluation) qa = NULL;
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(FbAudit) audit = NULL;
  g_autoptr(FbSeat) seat = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (agent->id, ==, "ag-1");
  g_assert_cmpstr (agent->name, ==, "김민수");
  g_assert_cmpint (agent->grade, ==, FB_GRADE_SENIOR);
  g_assert_cmpint (agent->state, ==, FB_AGENT_ON_CALL);
  g_assert_cmpint (agent->state_since, ==, 1795305600 + 9 * 3600 + 15 * 60);
  g_assert_cmpuint (g_strv_length (agent->skills), ==, 2);
  g_assert_cmpstr (agent->skills[1], ==, "complaint");

  queue = fb_queue_from_json (queue_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (queue->offered, ==, 400);
  g_assert_cmpfloat_with_epsilon (queue->service_level, 0.82, 1e-12);
  g_assert_cmpfloat_with_epsilon (queue->aht_s, 212.25, 1e-12);

  qa = fb_qa_evaluation_from_json (qa_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (qa->score_service_language, ==, 90);
  g_assert_cmpint (qa->score_attitude, ==, 85);
  g_assert_cmpint (qa->score_tone, ==, 80);
  g_assert_cmpint (qa->score_need_elicitation, ==, 75);
  g_assert_cmpint (qa->score_handling, ==, 95);
  g_assert_cmpfloat (qa->total, ==, 85.0);

  leave = fb_leave_request_from_json (leave_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (leave->type, ==, FB_LEAVE_VACATION);
  g_assert_cmpint (leave->status, ==, FB_REQUEST_APPROVED);
  g_assert_false (leave->certificate);
  g_assert_cmpstr (leave->end_date, ==, "2026-12-03");

  audit = fb_audit_from_json (audit_node, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (audit->before));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (audit->before), "status"),
                   ==, "pending");

  /* null clears an optional string. */
  seat = fb_seat_from_json (seat_node, &error);
  g_assert_no_error (error);
  g_assert_null (seat->agent_id);
  g_assert_cmpint (seat->equipment, ==, FB_EQUIPMENT_FAULTY);
}

static void
test_integral_double_for_int (void)
{
  /* JSON has one number type: 2.0 is the integer 2 and is written back so. */
  g_autoptr(JsonNode) out = check_accepted_with (&fb_seat_spec, "x", "2.0");
  JsonNode *x;

  g_assert_nonnull (out);
  x = json_object_get_member (json_node_get_object (out), "x");
  g_assert_cmpuint (json_node_get_value_type (x), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (x), ==, 2);
}

static void
test_offset_normalized (void)
{
  g_autoptr(JsonNode) out = check_accepted_with (&fb_agent_spec, "state_since",
                                                 "\"2026-11-22T18:15:00+09:00\"");
  g_autoptr(JsonNode) expected = parse (sample_json (&fb_agent_spec));

  g_assert_nonnull (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), "state_since"),
                   ==, "2026-11-22T09:15:00Z");
  g_assert_true (json_node_equal (out, expected));
}

static void
test_timestamps (void)
{
  static const struct { const char *iso; gint64 unix_s; } good[] = {
    { "2026-11-22T00:00:00Z", 1795305600 },
    { "2026-11-22T09:00:00+09:00", 1795305600 },
    { "2026-11-21T19:00:00-05:00", 1795305600 },
    { "2026-11-22T05:30:00+05:30", 1795305600 },
    { "2026-11-22T00:00:00+00:00", 1795305600 },
    { "2026-11-21T15:00:00Z", 1795273200 },
    { "1970-01-01T00:00:00Z", 0 },
    { "1969-12-31T23:59:59Z", -1 },
  };
  static const char * const bad[] = {
    "2026-11-22", "not a time", "", "2026-11-22T", "2026-11-22T25:00:00Z",
    "2026-02-30T00:00:00Z", "22/11/2026 09:00", "2026-11-22 09:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 v = 42;

      g_assert_true (fb_timestamp_from_iso (good[i].iso, &v));
      g_assert_cmpint (v, ==, good[i].unix_s);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 v = 42;

      if (fb_timestamp_from_iso (bad[i], &v))
        report_failure ("“%s” was read as %" G_GINT64_FORMAT, bad[i], v);
    }
  {
    gint64 v = 42;

    g_assert_false (fb_timestamp_from_iso (NULL, &v));
    g_assert_cmpint (v, ==, 42);
  }

  /* Writing always gives UTC with seconds, and reads back. */
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *iso = fb_timestamp_to_iso (good[i].unix_s);
      gint64 v = 0;

      g_assert_nonnull (iso);
      g_assert_true (g_str_has_suffix (iso, "Z"));
      g_assert_cmpuint (strlen (iso), ==, strlen ("2026-11-22T00:00:00Z"));
      g_assert_true (fb_timestamp_from_iso (iso, &v));
      g_assert_cmpint (v, ==, good[i].unix_s);
    }
  {
    g_autofree char *iso = fb_timestamp_to_iso (1795305600);

    g_assert_cmpstr (iso, ==, "2026-11-22T00:00:00Z");
  }
}

/* Whatever the decoder accepts, the encoder must be able to write back:
 * otherwise normalize() yields a row that no longer decodes. */
static void
test_timestamp_extremes (void)
{
  static const char * const extremes[] = {
    "\"9999-12-31T23:59:59Z\"",
    "\"9999-12-31T23:59:59-01:00\"",   /* year 10000 in UTC */
    "\"0001-01-01T00:00:00+01:00\"",   /* year 0 in UTC */
    "\"0001-01-01T00:00:00Z\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (extremes); i++)
    {
      g_autoptr(JsonNode) node = sample_with (&fb_audit_spec, "at", extremes[i]);
      g_autoptr(JsonNode) out = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(GError) error = NULL;
      JsonNode *at;

      out = fb_entity_normalize (&fb_audit_spec, node, &error);
      if (out == NULL)
        {
          /* Refusing is fine, if it names the field. */
          g_assert_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_OUT_OF_RANGE);
          g_assert_nonnull (strstr (error->message, "“at”"));
          continue;
        }
      at = json_object_get_member (json_node_get_object (out), "at");
      if (at == NULL || !JSON_NODE_HOLDS_VALUE (at) || json_node_get_value_type (at) != G_TYPE_STRING ||
          json_node_get_string (at) == NULL)
        {
          g_autofree char *text = node_to_string (out);

          report_failure ("“at”: %s was accepted but written back as %s", extremes[i], text);
          continue;
        }
      again = fb_entity_normalize (&fb_audit_spec, out, &error);
      if (again == NULL)
        {
          report_failure ("“at”: %s was accepted, written back as “%s”, which is then refused: %s",
                              extremes[i], json_node_get_string (at), error->message);
          continue;
        }
      g_assert_true (json_node_equal (out, again));
    }
}

static void
test_dates (void)
{
  static const char * const good[] = {
    "2026-11-22", "2028-02-29", "2000-02-29", "1900-01-01", "9999-12-31", "2026-12-31",
  };
  static const char * const bad[] = {
    "2026-02-29", "1900-02-29", "2026-02-30", "2026-1-1", "yesterday", "", "2026-13-01",
    "2026-00-01", "2026-01-00", "2026-01-32", "20261122", "2026-11-22 ", " 2026-11-22",
    "2026-+1-01", "2026- 1-01", "2026-01- 1", "+026-01-01", "1899-12-31",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    if (!fb_date_is_valid (good[i]))
      report_failure ("“%s” is a date", good[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (fb_date_is_valid (bad[i]))
      report_failure ("“%s” is not a date", bad[i]);
  g_assert_false (fb_date_is_valid (NULL));
}

static void
test_enum_from_string (void)
{
  g_assert_cmpint (fb_enum_from_string (fb_grade_values, "junior"), ==, FB_GRADE_JUNIOR);
  g_assert_cmpint (fb_enum_from_string (fb_grade_values, "senior"), ==, FB_GRADE_SENIOR);
  g_assert_cmpint (fb_enum_from_string (fb_role_values, "director"), ==, FB_ROLE_DIRECTOR);
  g_assert_cmpint (fb_enum_from_string (fb_leave_type_values, "business_study"), ==, FB_LEAVE_BUSINESS_STUDY);
  g_assert_cmpint (fb_enum_from_string (fb_grade_values, "Junior"), ==, -1);
  g_assert_cmpint (fb_enum_from_string (fb_grade_values, ""), ==, -1);
  g_assert_cmpint (fb_enum_from_string (fb_grade_values, NULL), ==, -1);
}

static void
test_decode_string (void)
{
  static const char * const malformed[] = {
    /* Not here: {'id':'a'}, which json-glib 1.6 reads as JSON. */
    "{", "{\"id\": }", "[1,", "{\"id\":\"a\",}", "nul", "\"unterminated",
    "{\"id\":\"a\"} trailing", "{\"id\":NaN}", "{\"id\":Infinity}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSeatAssignment) sa = NULL;
  const char *text = sample_json (&fb_seat_assignment_spec);
  g_autofree char *padded = g_strconcat (text, "garbage that is not JSON", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) parse_error = NULL;
      gpointer entity = fb_entity_decode_string (&fb_user_spec, malformed[i], -1, &parse_error);

      if (entity != NULL)
        {
          fb_entity_free (&fb_user_spec, entity);
          report_failure ("“%s” decoded", malformed[i]);
          continue;
        }
      g_assert_nonnull (parse_error);
      if (parse_error->domain != JSON_PARSER_ERROR)
        report_failure ("“%s”: expected a parser error, got %s", malformed[i], parse_error->message);
    }

  /* Empty input is not an entity either, whatever the parser makes of it. */
  g_assert_null (fb_entity_decode_string (&fb_user_spec, "", -1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (fb_entity_decode_string (&fb_user_spec, "   ", -1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Well-formed text that is not a valid entity: the entity error. */
  g_assert_null (fb_entity_decode_string (&fb_user_spec, "[]", -1, &error));
  g_assert_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_NOT_OBJECT);
  g_clear_error (&error);
  g_assert_null (fb_entity_decode_string (&fb_user_spec, "{\"id\":\"u\"}", -1, &error));
  g_assert_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_MISSING);
  g_clear_error (&error);

  /* An explicit length stops before the garbage. */
  sa = fb_entity_decode_string (&fb_seat_assignment_spec, padded, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (sa);
  g_assert_cmpstr (sa->seat_id, ==, "seat-3");
  g_assert_cmpint (sa->shift, ==, FB_SHIFT_DAY);
}

static void
test_spec_lookup (void)
{
  guint n = 0;
  const FbEntitySpec * const *specs = fb_entity_synced_specs (&n);

  /* Everything but the audit log is synced. */
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (samples) - 1);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (fb_entity_spec_lookup (specs[i]->type) == specs[i]);
      g_assert_true (specs[i] != &fb_audit_spec);
    }
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    g_assert_true (fb_entity_spec_lookup (samples[i].spec->type) == samples[i].spec);
  /* Teams come before the agents and seats that name them. */
  g_assert_true (specs[0] == &fb_team_spec);
  g_assert_null (fb_entity_spec_lookup ("nope"));
  g_assert_null (fb_entity_spec_lookup (""));
  g_assert_null (fb_entity_spec_lookup ("Agent"));
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; GTestDataFunc func; } generic[] = {
    { "round-trip", test_round_trip },
    { "minimal", test_minimal },
    { "not-object", test_not_object },
    { "missing-required", test_missing_required },
    { "null-optional", test_null_optional },
    { "wrong-types", test_wrong_types },
    { "enum-values", test_enum_values },
    { "ranges", test_ranges },
    { "strings", test_strings },
    { "formats", test_formats },
    { "unknown-members", test_unknown_members },
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    for (guint j = 0; j < G_N_ELEMENTS (generic); j++)
      {
        g_autofree char *path = g_strdup_printf ("/entity/%s/%s", samples[i].spec->type, generic[j].name);

        g_test_add_data_func (path, samples[i].spec, generic[j].func);
      }

  g_test_add_func ("/entity/bad-cases", test_bad_cases);
  g_test_add_func ("/entity/good-cases", test_good_cases);
  g_test_add_func ("/entity/queue/cross-boundary", test_queue_cross_boundary);
  g_test_add_func ("/entity/huge-arrays", test_huge_arrays);
  g_test_add_func ("/entity/text-limit", test_text_limit);
  g_test_add_func ("/entity/escalation/history-optional-enums", test_history_optional_enums);
  g_test_add_func ("/entity/decoded-fields", test_decoded_fields);
  g_test_add_func ("/entity/integral-double-for-int", test_integral_double_for_int);
  g_test_add_func ("/entity/offset-normalized", test_offset_normalized);
  g_test_add_func ("/entity/timestamps", test_timestamps);
  g_test_add_func ("/entity/timestamp-extremes", test_timestamp_extremes);
  g_test_add_func ("/entity/dates", test_dates);
  g_test_add_func ("/entity/enum-from-string", test_enum_from_string);
  g_test_add_func ("/entity/decode-string", test_decode_string);
  g_test_add_func ("/entity/spec-lookup", test_spec_lookup);

  return g_test_run ();
}
