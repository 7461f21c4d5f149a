/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json-build.c: a JsonBuilder's members in one call each. */
#define G_LOG_DOMAIN "floorboard-core"

#include "fb-json-build.h"

void
fb_json_add_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
fb_json_add_double (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

void
fb_json_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
fb_json_add_string_if_set (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  if (value == NULL || value[0] == '\0')
    return;
  fb_json_add_string (builder, name, value);
}
