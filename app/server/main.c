/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: floorboard-server, the command line. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <math.h>

#include "fb-paths.h"
#include <stdio.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-demo.h"
#include "fb-entity.h"
#include "fb-qa-stats.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-simulator.h"
#include "fb-sqlite-server-store.h"

static char *opt_db;
static char *opt_listen;
static char *opt_tls_cert;
static double opt_rate_limit = FB_SERVER_DEFAULT_RATE;
static int opt_request_timeout = FB_SERVER_DEFAULT_REQUEST_TIMEOUT_S;
static char *opt_tls_key;
static gboolean opt_demo;
static gint64 opt_max_body = FB_SERVER_DEFAULT_MAX_BODY;
static char *opt_role;
static char *opt_name;
static char *opt_team;
static char *opt_agent;
static gboolean opt_version;
static gboolean opt_simulate;
static char *opt_sim_seed;
static char *opt_sim_speed;
static char *opt_sim_config;
static char *opt_sim_start;
static char *opt_qa_weights;
static char *opt_config;
static char *opt_time_zone;

static const GOptionEntry entries[] = {
  { "config", 0, 0, G_OPTION_ARG_FILENAME, &opt_config, N_("Read settings from this file first (see floorboard-server(1)); options given here win"), N_("FILE") },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("SQLite database file (created if missing)"), N_("PATH") },
  { "listen", 0, 0, G_OPTION_ARG_STRING, &opt_listen, N_("Address and port to listen on; port 0 picks a free one"), N_("ADDRESS:PORT") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &opt_demo, N_("Seed an empty database with the demo center (password “demo”)"), NULL },
  { "rate-limit", 0, 0, G_OPTION_ARG_DOUBLE, &opt_rate_limit, N_("Requests a second one client address may make on average, 0 for no limit"), N_("N") },
  { "request-timeout", 0, 0, G_OPTION_ARG_INT, &opt_request_timeout, N_("Seconds a connection may stay silent mid-request or idle, 0 for no limit"), N_("SECONDS") },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert, N_("Serve HTTPS with this certificate (PEM; with --tls-key)"), N_("FILE") },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key, N_("The private key of --tls-cert (PEM)"), N_("FILE") },
  { "max-body", 0, 0, G_OPTION_ARG_INT64, &opt_max_body, N_("Largest request body accepted, in bytes"), N_("BYTES") },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role, N_("adduser: the user’s role"), N_("ROLE") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("adduser: the user’s full name"), N_("NAME") },
  { "team", 0, 0, G_OPTION_ARG_STRING, &opt_team, N_("adduser: the user’s team id"), N_("TEAM") },
  { "agent", 0, 0, G_OPTION_ARG_STRING, &opt_agent, N_("adduser: the agent id of a user with role agent"), N_("AGENT") },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Show the version"), NULL },
  { "simulate", 0, 0, G_OPTION_ARG_NONE, &opt_simulate, N_("Drive the center with simulated call traffic (needs --demo or --sim-config)"), NULL },
  { "sim-seed", 0, 0, G_OPTION_ARG_STRING, &opt_sim_seed, N_("Simulation: random seed, for a reproducible run (default: random)"), N_("N") },
  { "sim-speed", 0, 0, G_OPTION_ARG_STRING, &opt_sim_speed, N_("Simulation: simulated seconds per real second, above 0 and at most 10000 (default 1)"), N_("X") },
  { "sim-config", 0, 0, G_OPTION_ARG_FILENAME, &opt_sim_config, N_("Simulation: JSON file of the queues and staffing to simulate"), N_("FILE") },
  { "qa-weights", 0, 0, G_OPTION_ARG_STRING, &opt_qa_weights, N_("Weights of the QA criteria in the total, e.g. service_language=30,attitude=20,tone=15,need_elicitation=15,handling=20 (default: equal)"), N_("WEIGHTS") },
  { "sim-start", 0, 0, G_OPTION_ARG_STRING, &opt_sim_start, N_("Simulation: start of the simulated clock, ISO 8601; without an offset, the center’s time (default: now)"), N_("TIME") },
  { "time-zone", 0, 0, G_OPTION_ARG_STRING, &opt_time_zone, N_("The center’s time zone, an IANA name such as Asia/Seoul (the default): its days and shifts count in the rules"), N_("ZONE") },
  { NULL }
};

/* "service_language=30,attitude=20,…": every criterion once, numbers >= 0,
 * not all 0. */
static gboolean
parse_qa_weights (const char  *spec,
                  double       weights[FB_QA_N_CRITERIA],
                  GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);
  gboolean seen[FB_QA_N_CRITERIA] = { FALSE };
  double sum = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');
      char *end = NULL;
      int k = -1;
      double v;

      if (eq != NULL)
        {
          *eq = '\0';
          for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
            if (g_str_equal (g_strstrip (parts[i]), fb_qa_criterion_keys[c]))
              k = (int) c;
          v = g_ascii_strtod (eq + 1, &end);
        }
      if (eq == NULL || k < 0 || seen[k] || end == eq + 1 || *end != '\0' || !(v >= 0) || !isfinite (v))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--qa-weights needs each of service_language, attitude, tone, need_elicitation and handling once, as NAME=NUMBER (0 or more), not “%s”"),
                       spec);
          return FALSE;
        }
      seen[k] = TRUE;
      weights[k] = v;
      sum += v;
    }
  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    if (!seen[c] || !(sum > 0))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("--qa-weights needs each of service_language, attitude, tone, need_elicitation and handling once, as NAME=NUMBER (0 or more), not “%s”"),
                     spec);
        return FALSE;
      }
  return TRUE;
}

static gboolean
parse_listen (const char  *spec,
              char       **address,
              guint       *port,
              GError     **error)
{
  const char *colon = spec ? strrchr (spec, ':') : NULL;
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  guint64 p;

  if (colon == NULL || colon == spec)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen needs ADDRESS:PORT, for example 127.0.0.1:8080"));
      return FALSE;
    }
  host = g_strndup (spec, colon - spec);
  /* [::1]:8080 */
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an IP address"), host);
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &p, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a port number (0–65535)"), colon + 1);
      return FALSE;
    }
  *address = g_steal_pointer (&host);
  *port = (guint) p;
  return TRUE;
}

static char *
read_password (GError **error)
{
  char buf[1024];
  gsize len;

  if (fgets (buf, sizeof buf, stdin) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Expected the password on standard input"));
      return NULL;
    }
  len = strlen (buf);
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
    buf[--len] = '\0';
  if (len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The password must not be empty"));
      return NULL;
    }
  return g_strdup (buf);
}

static int
cmd_adduser (FbServerStore  *store,
             const char     *username,
             GError        **error)
{
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *user_id = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) normalized = NULL;

  if (opt_role == NULL || opt_name == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("adduser needs --role and --name"));
      return 2;
    }
  if (fb_enum_from_string (fb_role_values, opt_role) < 0)
    {
      g_autofree char *roles = g_strjoinv (", ", (char **) fb_role_values);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown role “%s”; roles are %s"), opt_role, roles);
      return 2;
    }

  user_id = g_strdup_printf ("u-%s", username);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, user_id);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, opt_name);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, opt_role);
  if (opt_team != NULL)
    {
      json_builder_set_member_name (b, "team_id");
      json_builder_add_string_value (b, opt_team);
    }
  if (opt_agent != NULL)
    {
      json_builder_set_member_name (b, "agent_id");
      json_builder_add_string_value (b, opt_agent);
    }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  if (!(normalized = fb_entity_normalize (&fb_user_spec, node, error)))
    return 2;

  if (!(password = read_password (error)))
    return 2;
  if (!(hash = fb_auth_hash_password (password, error)))
    return 1;
  memset (password, 0, strlen (password));

  if (!fb_server_store_begin (store, error))
    return 1;
  if (!fb_server_store_put_node (store, "user", user_id, normalized, error) ||
      !fb_server_store_add_credentials (store, username, user_id, hash, error) ||
      !fb_server_store_commit (store, error))
    {
      fb_server_store_rollback (store);
      return 1;
    }
  g_print (_("Added user %s (%s)\n"), username, opt_role);
  return 0;
}

typedef struct
{
  FbSimConfig *config;
  guint64      seed;
  double       speed;
  gint64       start;
} SimOptions;

static void
sim_options_clear (SimOptions *sim)
{
  g_clear_pointer (&sim->config, fb_sim_config_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimOptions, sim_options_clear)

/* Checks the --sim-* options; every refusal is a usage error (exit 2). */
static gboolean
parse_sim_options (SimOptions     *sim,
                   FbCenterClock  *clock,
                   GError        **error)
{
  sim->seed = ((guint64) g_random_int () << 32) | g_random_int ();
  sim->speed = 1;
  sim->start = g_get_real_time () / G_USEC_PER_SEC;

  if (!opt_simulate)
    {
      if (opt_sim_seed != NULL || opt_sim_speed != NULL || opt_sim_config != NULL || opt_sim_start != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--sim-seed, --sim-speed, --sim-config and --sim-start need --simulate"));
          return FALSE;
        }
      return TRUE;
    }
  if (!opt_demo && opt_sim_config == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--simulate needs a center to drive: --demo (the demo center) or --sim-config FILE (the queues it lists)"));
      return FALSE;
    }
  if (opt_sim_seed != NULL &&
      !g_ascii_string_to_unsigned (opt_sim_seed, 10, 0, G_MAXUINT64, &sim->seed, NULL))
    {
      g_autofree char *max = g_strdup_printf ("%" G_GUINT64_FORMAT, G_MAXUINT64);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--sim-seed needs a whole number from 0 to %s, not “%s”"), max, opt_sim_seed);
      return FALSE;
    }
  if (opt_sim_speed != NULL)
    {
      char *end = NULL;

      sim->speed = g_ascii_strtod (opt_sim_speed, &end);
      if (end == opt_sim_speed || *end != '\0' || !isfinite (sim->speed) ||
          sim->speed <= 0 || sim->speed > 10000)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--sim-speed needs a number above 0 and at most 10000, not “%s”"), opt_sim_speed);
          return FALSE;
        }
    }
  if (opt_sim_start != NULL)
    {
      g_autoptr(GDateTime) dt = NULL;

      if (strchr (opt_sim_start, 'T') != NULL)
        dt = g_date_time_new_from_iso8601 (opt_sim_start, fb_center_clock_get_time_zone (clock));
      if (dt == NULL || g_date_time_to_unix (dt) <= 0 || g_date_time_get_year (dt) > 9000)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--sim-start needs an ISO 8601 date and time after 1970, such as 2026-11-23T09:00:00+09:00, not “%s”"),
                       opt_sim_start);
          return FALSE;
        }
      sim->start = g_date_time_to_unix (dt);
    }
  if (opt_sim_config != NULL &&
      !(sim->config = fb_sim_config_new_from_file (opt_sim_config, error)))
    return FALSE;
  return TRUE;
}

/* The configuration's strings: options the command line overrides are
 * replaced without being freed, so they are held here for the process. */
static GPtrArray *config_strings;

static char *
config_string (GKeyFile   *file,
               const char *key)
{
  char *value = g_key_file_get_string (file, "server", key, NULL);

  g_ptr_array_add (config_strings, value);
  return value;
}

/* A path in the configuration file, relative to the file's directory. */
static char *
config_path (GKeyFile   *file,
             const char *dir,
             const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, "server", key, NULL);
  char *path;

  if (value == NULL || g_path_is_absolute (value))
    path = g_steal_pointer (&value);
  else
    path = g_build_filename (dir, value, NULL);
  g_ptr_array_add (config_strings, path);
  return path;
}

/* --config FILE: a [server] group with the long options' names as keys.
 * Read before the command line, which then overrides what it names.
 * Anything unknown is refused: a typo must not pass for a default. */
static gboolean
load_config (const char  *path,
             GError     **error)
{
  static const char * const string_keys[] = { "listen", "qa-weights", "time-zone" };
  static const char * const path_keys[] = { "db", "tls-cert", "tls-key" };
  static const char * const number_keys[] = { "rate-limit", "request-timeout", "max-body" };
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *dir = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Cannot read the configuration file %s: %s"), path, local_error->message);
      return FALSE;
    }
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i]; i++)
    if (!g_str_equal (groups[i], "server"))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("%s: unknown group [%s]; settings go in [server]"), path, groups[i]);
        return FALSE;
      }
  keys = g_key_file_get_keys (file, "server", NULL, NULL);
  for (guint i = 0; keys && keys[i]; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (string_keys); k++)
        known |= g_str_equal (keys[i], string_keys[k]);
      for (guint k = 0; k < G_N_ELEMENTS (path_keys); k++)
        known |= g_str_equal (keys[i], path_keys[k]);
      for (guint k = 0; k < G_N_ELEMENTS (number_keys); k++)
        known |= g_str_equal (keys[i], number_keys[k]);
      if (!known)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: unknown setting “%s”"), path, keys[i]);
          return FALSE;
        }
    }

  dir = g_path_get_dirname (path);
  config_strings = g_ptr_array_new_with_free_func (g_free);
  if (g_key_file_has_key (file, "server", "db", NULL))
    opt_db = config_path (file, dir, "db");
  if (g_key_file_has_key (file, "server", "tls-cert", NULL))
    opt_tls_cert = config_path (file, dir, "tls-cert");
  if (g_key_file_has_key (file, "server", "tls-key", NULL))
    opt_tls_key = config_path (file, dir, "tls-key");
  if (g_key_file_has_key (file, "server", "listen", NULL))
    opt_listen = config_string (file, "listen");
  if (g_key_file_has_key (file, "server", "qa-weights", NULL))
    opt_qa_weights = config_string (file, "qa-weights");
  if (g_key_file_has_key (file, "server", "time-zone", NULL))
    opt_time_zone = config_string (file, "time-zone");
  if (g_key_file_has_key (file, "server", "rate-limit", NULL))
    opt_rate_limit = g_key_file_get_double (file, "server", "rate-limit", &local_error);
  if (local_error == NULL && g_key_file_has_key (file, "server", "request-timeout", NULL))
    opt_request_timeout = g_key_file_get_integer (file, "server", "request-timeout", &local_error);
  if (local_error == NULL && g_key_file_has_key (file, "server", "max-body", NULL))
    opt_max_body = g_key_file_get_int64 (file, "server", "max-body", &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* --config's value, found before the options are parsed. */
static const char *
find_config (int    argc,
             char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--config") && i + 1 < argc)
        return argv[i + 1];
      if (g_str_has_prefix (argv[i], "--config="))
        return argv[i] + strlen ("--config=");
    }
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  double qa_weights[FB_QA_N_CRITERIA];
  g_autoptr(FbServerStore) store = NULL;
  g_autoptr(FbServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(FbSimulator) simulator = NULL;
  g_autoptr(FbCenterClock) clock = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(SimOptions) sim = { 0 };
  g_autofree char *address = NULL;
  g_autofree char *url = NULL;
  guint port = 0;

  fb_paths_init_i18n ();

  context = g_option_context_new (_("[adduser USERNAME] — the Floorboard server"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Serves a call center’s floor to Floorboard dashboards.\n\n"
      "  floorboard-server --db PATH --listen 127.0.0.1:PORT [--demo]\n"
      "  floorboard-server --config /etc/floorboard/server.conf\n"
      "  floorboard-server --db PATH adduser USERNAME --role ROLE --name NAME < password"));
  if ((opt_config = (char *) find_config (argc, argv)) != NULL &&
      !load_config (opt_config, &error))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 2;
    }
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 2;
    }
  if (opt_version)
    {
      g_print ("floorboard-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (opt_db == NULL)
    {
      g_printerr ("floorboard-server: %s\n", _("--db PATH is required"));
      return 2;
    }
  if (opt_max_body < 1024 || opt_max_body > 256 * 1024 * 1024)
    {
      g_printerr ("floorboard-server: %s\n", _("--max-body must be from 1024 to 268435456 bytes"));
      return 2;
    }
  if (opt_qa_weights != NULL && !parse_qa_weights (opt_qa_weights, qa_weights, &error))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 2;
    }
  /* A zone this machine does not know would count every day wrong: refused. */
  if (!(clock = fb_center_clock_new_for_zone (opt_time_zone ? opt_time_zone : FB_CENTER_DEFAULT_TIME_ZONE, NULL)))
    {
      g_autofree char *message = g_strdup_printf (_("--time-zone needs an IANA time zone name such as Asia/Seoul or America/New_York, not “%s”"),
                                                  opt_time_zone);

      g_printerr ("floorboard-server: %s\n", message);
      return 2;
    }

  if (argc > 1)
    {
      int rc;

      if (strcmp (argv[1], "adduser") != 0 || argc != 3)
        {
          g_printerr ("floorboard-server: %s\n",
                      _("Unknown command; the only command is “adduser USERNAME”"));
          return 2;
        }
      if (!(store = fb_sqlite_server_store_new (opt_db, &error)))
        {
          g_printerr ("floorboard-server: %s\n", error->message);
          return 1;
        }
      rc = cmd_adduser (store, argv[2], &error);
      if (rc != 0)
        g_printerr ("floorboard-server: %s\n", error->message);
      return rc;
    }

  if (opt_listen == NULL)
    {
      g_printerr ("floorboard-server: %s\n", _("--listen ADDRESS:PORT is required"));
      return 2;
    }
  if (!parse_listen (opt_listen, &address, &port, &error) ||
      !parse_sim_options (&sim, clock, &error))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 2;
    }

  if (opt_rate_limit < 0 || opt_rate_limit > 1e6 || opt_request_timeout < 0 || opt_request_timeout > 3600)
    {
      g_printerr ("floorboard-server: %s\n",
                  _("--rate-limit must be from 0 to 1000000 and --request-timeout from 0 to 3600"));
      return 2;
    }
  /* Half a TLS setup would serve plain HTTP where TLS was meant. */
  if ((opt_tls_cert == NULL) != (opt_tls_key == NULL))
    {
      g_printerr ("floorboard-server: %s\n", _("--tls-cert and --tls-key go together"));
      return 2;
    }
  if (opt_tls_cert != NULL &&
      !(certificate = g_tls_certificate_new_from_files (opt_tls_cert, opt_tls_key, &error)))
    {
      g_printerr ("floorboard-server: %s: %s\n", _("Cannot load the TLS certificate"), error->message);
      return 2;
    }

  if (!fb_auth_init (&error) ||
      !(store = fb_sqlite_server_store_new (opt_db, &error)))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 1;
    }

  /* A simulated demo is seeded at the simulated clock's start, so the
   * floor it shows is the one of that hour. */
  if (opt_demo && fb_server_store_is_empty (store) &&
      !fb_demo_seed_for_clock (store, clock, opt_simulate ? sim.start : g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 1;
    }

  if (opt_simulate &&
      (!(simulator = fb_simulator_new_for_clock (store, clock, sim.config, sim.seed, sim.start, &error)) ||
       !fb_simulator_flush (simulator, &error)))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 1;
    }

  server = fb_server_new (store);
  fb_server_set_center_clock (server, clock);
  fb_server_set_max_body (server, opt_max_body);
  /* A burst of five seconds' worth: a dashboard's start-up sync is one. */
  fb_server_set_rate_limit (server, opt_rate_limit, MAX (1, opt_rate_limit * 5));
  fb_server_set_request_timeout (server, (guint) opt_request_timeout);
  if (certificate != NULL)
    fb_server_set_tls_certificate (server, certificate);
  if (opt_qa_weights != NULL)
    fb_server_set_qa_weights (server, qa_weights, FB_QA_N_CRITERIA);
  if (!fb_server_listen (server, address, port, &error))
    {
      g_printerr ("floorboard-server: %s\n", error->message);
      return 1;
    }

  /* Scripts and the app read this exact first line. */
  url = fb_server_dup_url (server);
  printf ("listening on %s\n", url);
  fflush (stdout);
  if (simulator != NULL)
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, sim.seed);

      /* The seed goes to stderr: stdout's first line is for scripts. */
      g_printerr (_("floorboard-server: simulating %u queues, seed %s, %g× speed\n"),
                  fb_simulator_get_n_queues (simulator), seed, sim.speed);
      fb_simulator_start (simulator, sim.speed);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  if (simulator != NULL)
    fb_simulator_stop (simulator);

  fb_server_disconnect (server);
  return 0;
}
