/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-entity.h: the domain entities of DESIGN.md and their JSON codec.
 *
 * Every entity is a plain C struct described by a table of FbFieldSpec.
 * One generic decoder walks the table, so every entity rejects wrong
 * types, missing required fields and out-of-range values the same way,
 * with a GError that names the field (FB_ENTITY_ERROR).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_ENTITY_ERROR (fb_entity_error_quark ())

typedef enum
{
  FB_ENTITY_ERROR_NOT_OBJECT,
  FB_ENTITY_ERROR_MISSING,
  FB_ENTITY_ERROR_WRONG_TYPE,
  FB_ENTITY_ERROR_OUT_OF_RANGE,
  FB_ENTITY_ERROR_INVALID,
  FB_ENTITY_ERROR_UNKNOWN_TYPE,
} FbEntityError;

typedef enum
{
  FB_FIELD_STRING,      /* char *                                  */
  FB_FIELD_INT,         /* gint64, JSON integer within [min, max]  */
  FB_FIELD_DOUBLE,      /* double, JSON number within [min, max]   */
  FB_FIELD_BOOL,        /* gboolean                                */
  FB_FIELD_ENUM,        /* int, index into values[]; JSON string   */
  FB_FIELD_TIMESTAMP,   /* gint64 unix seconds; JSON ISO 8601      */
  FB_FIELD_DATE,        /* char * "YYYY-MM-DD", a real date        */
  FB_FIELD_TIME,        /* char * "HH:MM"                          */
  FB_FIELD_STRV,        /* char **, JSON array of strings          */
  FB_FIELD_RECORDS,     /* JsonArray *, each item checked by sub   */
  FB_FIELD_NESTED,      /* JSON object whose members (sub) live in
                           the parent struct at their own offsets  */
  FB_FIELD_ANY,         /* JsonNode *, any JSON value              */
} FbFieldKind;

typedef enum
{
  FB_FIELD_REQUIRED = 1 << 0,
  FB_FIELD_NONEMPTY = 1 << 1, /* strings: not "" */
} FbFieldFlags;

struct _FbFieldSpec
{
  const char          *name;
  FbFieldKind          kind;
  gsize                offset;
  FbFieldFlags         flags;
  double               min;        /* INT, DOUBLE; ignored when min == max == 0 */
  double               max;
  gsize                max_len;    /* STRING: bytes, 0 = default limit */
  const char * const  *values;     /* ENUM: NULL-terminated */
  const FbEntitySpec  *sub;        /* RECORDS, NESTED */
};

typedef gboolean (*FbEntityCheck) (gconstpointer entity, GError **error);

struct _FbEntitySpec
{
  const char         *type;        /* "agent", the /sync "type" */
  gsize               size;
  const FbFieldSpec  *fields;
  guint               n_fields;
  FbEntityCheck       check;       /* cross-field rules, may be NULL */
};

/* Enumerations; the order matches the *_values tables. */
typedef enum { FB_GRADE_JUNIOR, FB_GRADE_INTERMEDIATE, FB_GRADE_SENIOR } FbGrade;
typedef enum {
  FB_AGENT_AVAILABLE, FB_AGENT_ON_CALL, FB_AGENT_AFTER_CALL_WORK,
  FB_AGENT_BREAK, FB_AGENT_OFFLINE,
} FbAgentState;
typedef enum { FB_SHIFT_DAY, FB_SHIFT_NIGHT } FbShift;
typedef enum { FB_EQUIPMENT_OK, FB_EQUIPMENT_FAULTY } FbEquipment;
typedef enum {
  FB_LEVEL_AGENT, FB_LEVEL_SHIFT_LEADER, FB_LEVEL_SUPERVISOR, FB_LEVEL_DIRECTOR,
} FbEscalationLevel;
typedef enum {
  FB_ESC_RAISED, FB_ESC_DISPATCHED, FB_ESC_IN_PROGRESS,
  FB_ESC_AWAITING_CALLBACK, FB_ESC_RESOLVED, FB_ESC_CLOSED,
} FbEscalationStatus;
typedef enum { FB_SEVERITY_LOW, FB_SEVERITY_NORMAL, FB_SEVERITY_HIGH, FB_SEVERITY_CRITICAL } FbSeverity;
typedef enum {
  FB_CATEGORY_COMPLAINT, FB_CATEGORY_BILLING, FB_CATEGORY_TECHNICAL,
  FB_CATEGORY_SERVICE, FB_CATEGORY_OTHER,
} FbCategory;
typedef enum {
  FB_LEAVE_SICK, FB_LEAVE_PERSONAL, FB_LEAVE_SPECIAL, FB_LEAVE_VACATION,
  FB_LEAVE_NIGHT_SHIFT, FB_LEAVE_BUSINESS_STUDY,
} FbLeaveType;
typedef enum { FB_REQUEST_PENDING, FB_REQUEST_APPROVED, FB_REQUEST_REJECTED, FB_REQUEST_CANCELLED } FbRequestStatus;
typedef enum { FB_REPORT_DRAFT, FB_REPORT_SUBMITTED, FB_REPORT_REVIEWED } FbReportStatus;
typedef enum {
  FB_ROLE_AGENT, FB_ROLE_SHIFT_LEADER, FB_ROLE_SUPERVISOR, FB_ROLE_QA_INSPECTOR,
  FB_ROLE_MANAGER, FB_ROLE_DIRECTOR,
} FbRole;

extern const char * const fb_grade_values[];
extern const char * const fb_agent_state_values[];
extern const char * const fb_shift_values[];
extern const char * const fb_equipment_values[];
extern const char * const fb_escalation_level_values[];
extern const char * const fb_escalation_status_values[];
extern const char * const fb_severity_values[];
extern const char * const fb_category_values[];
extern const char * const fb_leave_type_values[];
extern const char * const fb_request_status_values[];
extern const char * const fb_report_status_values[];
extern const char * const fb_role_values[];
extern const char * const fb_callback_outcome_values[];

struct _FbAgent
{
  char         *id;
  char         *name;
  char         *employee_no;
  FbGrade       grade;
  char         *team_id;
  char        **skills;
  FbAgentState  state;
  gint64        state_since;
  char         *seat_id;
  char         *queue_id;
};

struct _FbTeam
{
  char    *id;
  char    *name;
  char    *leader_id;
  FbShift  shift;
  char    *start;     /* "HH:MM" local */
  char    *end;
};

struct _FbSeat
{
  char        *id;
  char        *zone;
  gint64       x;
  gint64       y;
  char        *label;
  FbEquipment  equipment;
  char        *agent_id;
};

struct _FbQueue
{
  char   *id;
  char   *name;
  gint64  sl_threshold_s;
  gint64  waiting;
  gint64  longest_wait_s;
  gint64  agents_available;
  gint64  agents_busy;
  gint64  offered;
  gint64  answered;
  gint64  abandoned;
  double  service_level;  /* 0..1, answered within sl_threshold_s / answered */
  double  asa_s;
  double  aht_s;
  gint64  updated_at;
};

/* A queue's counts over one 15-minute interval (intraday history). */
struct _FbQueueInterval
{
  char   *id;              /* "<queue_id>@<start ISO>" */
  char   *queue_id;
  gint64  start;           /* aligned to 15 minutes */
  gint64  offered;
  gint64  answered;
  gint64  abandoned;
  gint64  answered_in_sl;  /* answered within the queue's threshold */
  double  handle_time_s;   /* sum over answered calls */
  double  wait_time_s;     /* sum of answered calls' waits */
};

struct _FbEscalation
{
  char               *id;
  char               *customer_ref;   /* masked: 010-****-1234 */
  char               *customer_name;  /* masked: 김*수 */
  FbCategory          category;
  FbSeverity          severity;
  char               *summary;
  char               *raised_by;
  gint64              raised_at;
  FbEscalationLevel   level;
  char               *owner;
  FbEscalationStatus  status;
  gint64              dispatch_due;
  gint64              response_due;
  gint64              callback_due;
  gint64              dispatched_at;
  gint64              responded_at;
  gint64              resolved_at;
  gint64              closed_at;
  JsonArray          *callback_attempts;
  JsonArray          *history;
};

struct _FbQaEvaluation
{
  char   *id;
  char   *agent_id;
  char   *inspector;
  gint64  evaluated_at;
  char   *call_ref;
  gint64  score_service_language;
  gint64  score_attitude;
  gint64  score_tone;
  gint64  score_need_elicitation;
  gint64  score_handling;
  double  total;
  char   *comment;
  JsonNode *weights;  /* the criteria weights the total was computed with */
};

struct _FbLeaveRequest
{
  char            *id;
  char            *agent_id;
  FbLeaveType      type;
  char            *start_date;
  char            *end_date;
  char            *reason;
  gint64           submitted_at;
  gboolean         certificate;
  FbRequestStatus  status;
  char            *decided_by;
  gint64           decided_at;
  char            *decision_reason;
};

struct _FbSwapRequest
{
  char            *id;
  char            *agent_a;
  char            *agent_b;
  char            *date_a;
  FbShift          shift_a;
  char            *date_b;
  FbShift          shift_b;
  char            *reason;
  gint64           submitted_at;
  FbRequestStatus  status;
  gboolean         leader_a_approved;
  gboolean         leader_b_approved;
  char            *decided_by;
  gint64           decided_at;
  char            *decision_reason;
};

struct _FbSeatAssignment
{
  char    *id;
  char    *date;
  FbShift  shift;
  char    *seat_id;
  char    *agent_id;
};

/* Seeds: staff on holiday duty may neither take leave nor swap. */
struct _FbHolidayDuty
{
  char *id;
  char *date;
  char *agent_id;
  char *holiday;   /* the holiday's name, for people */
};

struct _FbDutyReport
{
  char           *id;
  char           *date;
  FbShift         shift;
  char           *author;
  char           *system_problems;
  char           *issue_summary;
  gint64          consultations;
  gint64          inquiries;
  gint64          complaints;
  char           *workload;
  char           *equipment_status;
  char           *difficult_cases;
  char           *staffing_changes;
  char           *handover_notes;
  FbReportStatus  status;
  gint64          submitted_at;
  char           *reviewed_by;
  gint64          reviewed_at;
  char           *review_note;
  char           *acknowledged_by;   /* the incoming shift's leader took the handover */
  gint64          acknowledged_at;
  JsonNode       *figures;           /* the shift's figures when written (object) */
};

struct _FbUser
{
  char   *id;
  char   *username;
  char   *name;
  FbRole  role;
  char   *team_id;
  char   *agent_id;
};

struct _FbAudit
{
  char     *id;
  gint64    at;
  char     *actor;
  char     *action;
  char     *target_type;
  char     *target_id;
  JsonNode *before;
  JsonNode *after;
};

extern const FbEntitySpec fb_agent_spec;
extern const FbEntitySpec fb_team_spec;
extern const FbEntitySpec fb_seat_spec;
extern const FbEntitySpec fb_queue_spec;
extern const FbEntitySpec fb_queue_interval_spec;
extern const FbEntitySpec fb_escalation_spec;
extern const FbEntitySpec fb_qa_evaluation_spec;
extern const FbEntitySpec fb_leave_request_spec;
extern const FbEntitySpec fb_swap_request_spec;
extern const FbEntitySpec fb_seat_assignment_spec;
extern const FbEntitySpec fb_duty_report_spec;
extern const FbEntitySpec fb_holiday_duty_spec;
extern const FbEntitySpec fb_user_spec;
extern const FbEntitySpec fb_audit_spec;

GQuark              fb_entity_error_quark     (void);

/* Entity types carried by /sync, in seeding order. */
const FbEntitySpec * const *fb_entity_synced_specs (guint *n_specs);
const FbEntitySpec *fb_entity_spec_lookup     (const char          *type);

gpointer            fb_entity_decode          (const FbEntitySpec  *spec,
                                               JsonNode            *node,
                                               GError             **error);
JsonNode           *fb_entity_encode          (const FbEntitySpec  *spec,
                                               gconstpointer        entity);
void                fb_entity_free            (const FbEntitySpec  *spec,
                                               gpointer             entity);
/* Decodes, checks and encodes again: the canonical form of a row. */
JsonNode           *fb_entity_normalize       (const FbEntitySpec  *spec,
                                               JsonNode            *node,
                                               GError             **error);
gpointer            fb_entity_decode_string   (const FbEntitySpec  *spec,
                                               const char          *json,
                                               gssize               length,
                                               GError             **error);

/* Typed members of an object, strictly typed (a string "5" is no int):
 * the helpers every reader of untrusted JSON needs. */
const char         *fb_json_member_string     (JsonObject          *object,
                                               const char          *name);
gboolean            fb_json_member_int        (JsonObject          *object,
                                               const char          *name,
                                               gint64              *out);
gboolean            fb_json_member_bool       (JsonObject          *object,
                                               const char          *name,
                                               gboolean            *out);

int                 fb_enum_from_string       (const char * const  *values,
                                               const char          *str);

/* ISO 8601 with offset <-> unix seconds; 0 means "not set". */
char               *fb_timestamp_to_iso       (gint64               unix_s);
gboolean            fb_timestamp_from_iso     (const char          *str,
                                               gint64              *unix_s);
gboolean            fb_date_is_valid          (const char          *str);
/* Midnight of "YYYY-MM-DD" in @tz, or NULL when it is not a date. */
GDateTime          *fb_date_to_datetime       (GTimeZone           *tz,
                                               const char          *date);
/* The calendar day of @date in @tz: [@start, @end) in unix seconds,
 * midnight to midnight. FALSE when @date is not a date. */
gboolean            fb_date_day_bounds        (GTimeZone           *tz,
                                               const char          *date,
                                               gint64              *start,
                                               gint64              *end);

#define FB_DEFINE_ENTITY_FUNCS(TypeName, type_name)                                 \
  static inline TypeName *                                                          \
  type_name##_from_json (JsonNode *node, GError **error)                            \
  { return fb_entity_decode (&type_name##_spec, node, error); }                     \
  static inline JsonNode *                                                          \
  type_name##_to_json (const TypeName *self)                                        \
  { return fb_entity_encode (&type_name##_spec, self); }                            \
  static inline void                                                                \
  type_name##_free (TypeName *self)                                                 \
  { fb_entity_free (&type_name##_spec, self); }                                     \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (TypeName, type_name##_free)

FB_DEFINE_ENTITY_FUNCS (FbAgent, fb_agent)
FB_DEFINE_ENTITY_FUNCS (FbTeam, fb_team)
FB_DEFINE_ENTITY_FUNCS (FbSeat, fb_seat)
FB_DEFINE_ENTITY_FUNCS (FbQueue, fb_queue)
FB_DEFINE_ENTITY_FUNCS (FbQueueInterval, fb_queue_interval)
FB_DEFINE_ENTITY_FUNCS (FbEscalation, fb_escalation)
FB_DEFINE_ENTITY_FUNCS (FbQaEvaluation, fb_qa_evaluation)
FB_DEFINE_ENTITY_FUNCS (FbLeaveRequest, fb_leave_request)
FB_DEFINE_ENTITY_FUNCS (FbSwapRequest, fb_swap_request)
FB_DEFINE_ENTITY_FUNCS (FbSeatAssignment, fb_seat_assignment)
FB_DEFINE_ENTITY_FUNCS (FbDutyReport, fb_duty_report)
FB_DEFINE_ENTITY_FUNCS (FbHolidayDuty, fb_holiday_duty)
FB_DEFINE_ENTITY_FUNCS (FbUser, fb_user)
FB_DEFINE_ENTITY_FUNCS (FbAudit, fb_audit)

G_END_DECLS
