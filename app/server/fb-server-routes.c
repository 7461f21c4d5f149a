/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-routes.c: the route table of the API v1 and its dispatcher. A new
 * route is one row here and one handler in its resource's file. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-server-private.h"

#define AUDITED(type, verb, is_row) .audit = &(const RouteAudit) { type, verb, is_row }

/* Every route of the API v1 but the live socket's upgrade. A path that
 * matches a row with another method is answered by its first row: 405
 * after that row's sign-in check (and audited when that row is). */
static const Route routes[] = {
  /* Any method but GET and DELETE is a sign-in attempt: 405 unsigned. */
  { "POST",   "/api/v1/session", .open = TRUE, .read = _fb_server_handle_session },
  { "GET",    "/api/v1/session", .read = _fb_server_session_get },
  { "DELETE", "/api/v1/session", .read = _fb_server_session_delete },

  { "GET",    "/api/v1/sync", .read = _fb_server_handle_sync },
  { "GET",    "/api/v1/queues/stats", .read = _fb_server_handle_queue_stats },

  { "POST",   "/api/v1/escalations/{id}/actions", .write = _fb_server_escalation_action },
  { "POST",   "/api/v1/qa-evaluations",
    .write = _fb_server_qa_evaluation, .may = _fb_server_may_record_qa },

  { "POST",   "/api/v1/leave-requests",
    .write = _fb_server_leave_submit, .may = _fb_server_may_ask_leave,
    AUDITED ("leave_request", "submit", FALSE) },
  { "POST",   "/api/v1/swap-requests",
    .write = _fb_server_swap_submit, .may = _fb_server_may_ask_swap,
    AUDITED ("swap_request", "submit", FALSE) },
  /* The verb of a decision is the body's "decision". */
  { "POST",   "/api/v1/leave-requests/{id}/decision",
    .write = _fb_server_leave_decision,
    AUDITED ("leave_request", NULL, TRUE) },
  { "POST",   "/api/v1/swap-requests/{id}/decision",
    .write = _fb_server_swap_decision,
    AUDITED ("swap_request", NULL, TRUE) },

  { "POST",   "/api/v1/duty-reports/{id}/submit",
    .write = _fb_server_duty_submit, .may = _fb_server_may_write_reports,
    AUDITED ("duty_report", "submit", TRUE) },
  { "POST",   "/api/v1/duty-reports/{id}/review",
    .write = _fb_server_duty_review, .may = _fb_server_may_review_reports,
    AUDITED ("duty_report", "review", TRUE) },
  { "POST",   "/api/v1/duty-reports/{id}/acknowledge",
    .write = _fb_server_duty_acknowledge, .may = _fb_server_may_write_reports,
    AUDITED ("duty_report", "acknowledge", TRUE) },
  { "PUT",    "/api/v1/duty-reports/{id}",
    .write = _fb_server_duty_put, .may = _fb_server_may_write_reports,
    AUDITED ("duty_report", "write", TRUE) },

  { "POST",   "/api/v1/seat-assignments",
    .write = _fb_server_seat_assign, .may = _fb_server_role_may_assign_seats,
    AUDITED ("seat_assignment", "assign", FALSE) },
  /* The plan's target is "DATE/SHIFT…": the handler says 400 of a wrong one. */
  { "PUT",    "/api/v1/seat-assignments/{date}/{shift...}",
    .write = _fb_server_seat_plan, .may = _fb_server_role_may_assign_seats,
    AUDITED ("seat_assignment", "plan", FALSE) },
};

#undef AUDITED

/* Matches @path to @pattern: "{name}" takes one non-empty segment, a last
 * "{name...}" the rest of the path, whatever it holds. *@target is the text
 * from the first placeholder to the end of the last (NULL without any). */
static gboolean
route_match (const char  *pattern,
             const char  *path,
             char       **target)
{
  const char *p = pattern, *s = path, *start = NULL, *end = NULL;

  while (*p != '\0')
    {
      if (*p == '{')
        {
          const char *close = strchr (p, '}');

          g_assert (close != NULL);
          if (start == NULL)
            start = s;
          if (close - p > 4 && strncmp (close - 3, "...", 3) == 0)
            s += strlen (s);
          else
            {
              gsize len = strcspn (s, "/");

              if (len == 0)
                return FALSE;
              s += len;
            }
          end = s;
          p = close + 1;
        }
      else if (*p++ != *s++)
        return FALSE;
    }
  if (*s != '\0')
    return FALSE;
  *target = start != NULL ? g_strndup (start, end - start) : NULL;
  return TRUE;
}

/* The row for @method on @path, or the first row of @path when none has
 * @method; NULL when no row has @path. */
static const Route *
route_find (const char  *method,
            const char  *path,
            char       **target)
{
  const Route *found = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *matched = NULL;

      if (!route_match (routes[i].pattern, path, &matched))
        continue;
      if (found == NULL || strcmp (routes[i].method, method) == 0)
        {
          found = &routes[i];
          g_free (*target);
          *target = g_steal_pointer (&matched);
        }
      if (strcmp (found->method, method) == 0)
        break;
    }
  return found;
}

void
_fb_server_api_handler (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  FbServer *self = user_data;
  g_autoptr(FbCaller) caller = NULL;
  g_autofree char *target = NULL;
  const Route *route;

  /* Already answered in the early handler or while reading (413). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  route = route_find (soup_server_message_get_method (msg), path, &target);
  /* Counted by route, never by the path a client made up: a counter per
   * invented path would let anyone grow the server's memory for free. */
  {
    const char *key = route ? route->pattern : FB_SERVER_NO_ROUTE;

    g_hash_table_replace (self->request_counts, (gpointer) key,
                          GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key)) + 1));
  }
  /* Everything but signing in needs a session, even to learn what does
   * not exist. */
  if ((route == NULL || !route->open) && !(caller = _fb_server_authenticate (self, msg)))
    return;
  if (route == NULL)
    _fb_server_set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("No such resource"));
  else if (route->audit != NULL)
    _fb_server_handle_audited_write (self, msg, path, caller, route, target);
  else if (!_fb_server_check_method (msg, route->method))
    return;
  else if (route->write != NULL)
    _fb_server_handle_write (self, msg, path, caller, target, route->may, route->write);
  else if (route->may == NULL || route->may (msg, caller))
    route->read (self, msg, query, caller);
}

void
_fb_server_root_handler (SoupServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         gpointer           user_data)
{
  if (soup_server_message_get_status (msg) != 0)
    return;
  _fb_server_set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("No such resource"));
}
