/* fb-demo.h: seeds an empty server database with the demo center. */
#pragma once

#include "fb-types.h"

G_BEGIN_DECLS

/* Reads the files of data/demo/ (compiled in as resources under
 * /org/floorboard/Floorboard/demo/) and writes a believable center into
 * @store, in one transaction, dated relative to @now (unix seconds).
 * Users: director, manager, supervisor, leader, inspector and agentNNN,
 * all with password "demo". Deterministic for a given @now. */
gboolean fb_demo_seed (FbServerStore  *store,
                       gint64          now,
                       GError        **error);

G_END_DECLS
