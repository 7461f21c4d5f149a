/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-call-sums.c: quarter hours' calls added up and written out. */
#define G_LOG_DOMAIN "floorboard-core"

#include "fb-call-sums.h"
#include "fb-json-build.h"

void
fb_call_sums_add (FbCallSums       *sums,
                  const FbCallSums *other)
{
  g_return_if_fail (sums != NULL && other != NULL);

  sums->offered += other->offered;
  sums->answered += other->answered;
  sums->abandoned += other->abandoned;
  sums->in_sl += other->in_sl;
  sums->wait_s += other->wait_s;
}

void
fb_call_sums_add_interval (FbCallSums          *sums,
                           const FbIntervalSum *interval)
{
  FbCallSums calls;

  g_return_if_fail (sums != NULL && interval != NULL);

  calls = (FbCallSums) {
    interval->offered, interval->answered, interval->abandoned,
    interval->answered_in_sl, interval->wait_time_s,
  };
  fb_call_sums_add (sums, &calls);
}

void
fb_call_sums_build (const FbCallSums *sums,
                    JsonBuilder      *builder,
                    gboolean          abandon_rate)
{
  g_return_if_fail (sums != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  fb_json_add_int (builder, "offered", sums->offered);
  fb_json_add_int (builder, "answered", sums->answered);
  fb_json_add_int (builder, "abandoned", sums->abandoned);
  if (sums->answered > 0)
    {
      fb_json_add_double (builder, "service_level", (double) sums->in_sl / (double) sums->answered);
      fb_json_add_double (builder, "asa_s", sums->wait_s / (double) sums->answered);
    }
  if (abandon_rate && sums->offered > 0)
    fb_json_add_double (builder, "abandon_rate", (double) sums->abandoned / (double) sums->offered);
}
