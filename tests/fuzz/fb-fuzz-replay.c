/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-fuzz-replay.c: runs a fuzz target over files and directories of
 * inputs, without libFuzzer (any compiler): how the corpus runs in every
 * CI build, under the sanitizers too. */
#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static guint
run_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      if (dir == NULL)
        g_error ("%s", error->message);
      for (const char *name; (name = g_dir_read_name (dir));)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* The same order everywhere, for reproducible runs. */
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        n += run_path (g_ptr_array_index (names, i));
      return n;
    }
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE-OR-DIR…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);
  if (n == 0)
    {
      g_printerr ("no inputs\n");
      return 1;
    }
  g_print ("%u inputs, no crash\n", n);
  return 0;
}
