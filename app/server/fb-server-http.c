/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-http.c: the shared HTTP helpers: JSON answers, the error shape,
 * the body and its members, the query. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-server-private.h"

void
_fb_server_set_json (SoupServerMessage *msg,
                     guint              status,
                     JsonNode          *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  char *text;
  gsize len;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, len);
}

/* The error shape of DESIGN.md: {"error":{"code","message","field"}},
 * and "current" beside it when given (taken). */
static void
set_error_body (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *field,
                const char        *message,
                JsonNode          *current)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "field");
  if (field != NULL)
    json_builder_add_string_value (b, field);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  if (current != NULL)
    {
      json_builder_set_member_name (b, "current");
      json_builder_add_value (b, current);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _fb_server_set_json (msg, status, root);
}

void
_fb_server_set_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *field,
                      const char        *message)
{
  set_error_body (msg, status, code, field, message, NULL);
}

void
_fb_server_set_internal_error (SoupServerMessage *msg,
                               const GError      *error)
{
  g_warning ("Internal error: %s", error->message);
  _fb_server_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                        NULL, _("The server could not complete the request"));
}

/* 400 "invalid_field" naming @name, with @format's message. */
void
_fb_server_refuse_field (SoupServerMessage *msg,
                         const char        *name,
                         const char        *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
}

/* Parses the request body as a JSON object; on failure answers 400.
 * Every request body is read here, through the guard: nesting that
 * would overflow json-glib's stack, or a NUL that would cut a string
 * short, never reaches a route. */
JsonObject *
_fb_server_parse_body (SoupServerMessage  *msg,
                       JsonNode          **root_out)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!(root = fb_json_parse (data, len, &field, &error)))
    {
      if (g_error_matches (error, FB_JSON_ERROR, FB_JSON_ERROR_TOO_DEEP))
        {
          g_autofree char *message = g_strdup_printf (_("The request body is nested deeper than %u levels"),
                                                      FB_JSON_MAX_DEPTH);
          _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "too_deep", NULL, message);
        }
      else if (g_error_matches (error, FB_JSON_ERROR, FB_JSON_ERROR_NUL))
        {
          g_autofree char *message = field != NULL
            ? g_strdup_printf (_("Field “%s” must not contain a NUL character"), field)
            : g_strdup (_("The request body must not contain a NUL character"));
          _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", field, message);
        }
      else
        _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json", NULL,
                              _("The request body is not valid JSON"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json", NULL,
                            _("The request body must be a JSON object"));
      return NULL;
    }
  *root_out = g_steal_pointer (&root);
  return json_node_get_object (*root_out);
}

const char *
_fb_server_get_string_member (SoupServerMessage *msg,
                              JsonObject        *object,
                              const char        *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      _fb_server_refuse_field (msg, name, _("Field “%s” must be a non-empty string"), name);
      return NULL;
    }
  return json_node_get_string (node);
}

gboolean
_fb_server_parse_query_int (SoupServerMessage *msg,
                            GHashTable        *query,
                            const char        *name,
                            gint64             min,
                            gint64             max,
                            gint64             fallback,
                            gint64            *out)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;
  gint64 v;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (value, 10, min, max, &v, NULL))
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      /* The numbers are formatted first: xgettext cannot see through
       * G_GINT64_FORMAT in a translatable string. */
      g_autofree char *message =
        g_strdup_printf (_("Parameter “%s” must be a whole number from %s to %s"), name, lo, hi);
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name, message);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
_fb_server_check_method (SoupServerMessage *msg,
                         const char        *allowed)
{
  if (strcmp (soup_server_message_get_method (msg), allowed) == 0)
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  _fb_server_set_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
                        _("This method is not allowed here"));
  return FALSE;
}

/* Adds @change to @b as the object a client reads: @data is its row's
 * decoded data (taken; NULL for a deletion). */
void
_fb_server_add_change (JsonBuilder    *b,
                       const FbChange *change,
                       JsonNode       *data)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, change->type);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, change->id);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, change->version);
  json_builder_set_member_name (b, "deleted");
  json_builder_add_boolean_value (b, change->deleted);
  json_builder_set_member_name (b, "data");
  if (data != NULL)
    json_builder_add_value (b, data);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

JsonNode *
_fb_server_change_node (const FbChange *change)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  _fb_server_add_change (b, change, change->deleted ? NULL : json_from_string (change->data, NULL));
  return json_builder_get_root (b);
}

/* The live row @type/@id, or NULL: when the store failed (500 answered),
 * or when there is none or it was removed (404 with @missing answered,
 * nothing answered when @missing is NULL). */
FbChange *
_fb_server_get_row (FbServer          *self,
                    SoupServerMessage *msg,
                    const char        *type,
                    const char        *id,
                    const char        *missing)
{
  g_autoptr(GError) error = NULL;
  FbChange *row = fb_server_store_get (self->store, type, id, &error);

  if (row == NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
    {
      _fb_server_set_internal_error (msg, error);
      return NULL;
    }
  if (row != NULL && row->deleted)
    g_clear_pointer (&row, fb_change_free);
  if (row == NULL && missing != NULL)
    _fb_server_set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, missing);
  return row;
}

/* Optional string member: NULL when absent or null; FALSE (400) when of
 * another type or longer than @max_chars. */
gboolean
_fb_server_optional_string (SoupServerMessage  *msg,
                            JsonObject         *object,
                            const char         *name,
                            glong               max_chars,
                            const char        **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      g_utf8_strlen (json_node_get_string (node), -1) > max_chars)
    {
      _fb_server_refuse_field (msg, name, _("Field “%s” must be a text of at most %ld characters"),
                               name, max_chars);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static const char *
check_field (const FbCheck *check)
{
  if (strcmp (check->code, "reason_required") == 0)
    return "reason";
  return NULL;
}

/* Answers with the first refusing check (403 authority, 422 rule);
 * FALSE when none refuses. */
gboolean
_fb_server_refuse_by_check (SoupServerMessage *msg,
                            const FbCheck     *check)
{
  if (check == NULL)
    return FALSE;
  _fb_server_set_error (msg, check->kind == FB_CHECK_FORBIDDEN ? SOUP_STATUS_FORBIDDEN : 422,
                        check->code, check_field (check), check->message);
  return TRUE;
}

/* 409 with what the client should have seen. Takes @current. */
void
_fb_server_set_stale (SoupServerMessage *msg,
                      const char        *field,
                      const char        *message,
                      JsonNode          *current)
{
  set_error_body (msg, SOUP_STATUS_CONFLICT, "stale_version", field, message, current);
}

const char *
_fb_server_get_id_member (SoupServerMessage *msg,
                          JsonObject        *object,
                          const char        *name)
{
  const char *value = _fb_server_get_string_member (msg, object, name);

  if (value != NULL && strlen (value) > MAX_ID_BYTES)
    {
      _fb_server_refuse_field (msg, name, _("Field “%s” is too long for an id"), name);
      return NULL;
    }
  return value;
}

const char *
_fb_server_get_date_member (SoupServerMessage *msg,
                            JsonObject        *object,
                            const char        *name)
{
  const char *value = fb_json_member_string (object, name);

  if (value == NULL || !fb_date_is_valid (value))
    {
      _fb_server_refuse_field (msg, name, _("Field “%s” must be a date (YYYY-MM-DD)"), name);
      return NULL;
    }
  return value;
}

/* The index of @name's string value in @values, or -1 (400 answered). */
int
_fb_server_get_enum_member (SoupServerMessage  *msg,
                            JsonObject         *object,
                            const char         *name,
                            const char * const *values)
{
  const char *value = fb_json_member_string (object, name);
  int index = value ? fb_enum_from_string (values, value) : -1;

  if (index < 0)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) values);
      _fb_server_refuse_field (msg, name, _("Field “%s” must be one of %s"), name, list);
    }
  return index;
}

gboolean
_fb_server_optional_bool (SoupServerMessage *msg,
                          JsonObject        *object,
                          const char        *name,
                          gboolean          *out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!fb_json_member_bool (object, name, out))
    {
      _fb_server_refuse_field (msg, name, _("Field “%s” must be true or false"), name);
      return FALSE;
    }
  return TRUE;
}

/* The members every session answer and sync page carry: whose data it is
 * (the server's id) and the center's IANA zone. */
void
_fb_server_add_identity (FbServer    *self,
                         JsonBuilder *b)
{
  json_builder_set_member_name (b, "server_id");
  json_builder_add_string_value (b, fb_server_store_get_server_id (self->store));
  json_builder_set_member_name (b, "time_zone");
  json_builder_add_string_value (b, fb_center_clock_get_zone_name (self->clock));
}

void
_fb_server_add_string (JsonBuilder *b,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}
