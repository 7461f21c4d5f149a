/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-types.h: forward declarations shared by every Floorboard library. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FbEntitySpec  FbEntitySpec;
typedef struct _FbFieldSpec   FbFieldSpec;
typedef struct _FbStore       FbStore;
typedef struct _FbRow         FbRow;
typedef struct _FbRowList     FbRowList;
typedef struct _FbChange      FbChange;
typedef struct _FbOutboxItem  FbOutboxItem;

typedef struct _FbAgent          FbAgent;
typedef struct _FbTeam           FbTeam;
typedef struct _FbSeat           FbSeat;
typedef struct _FbQueue          FbQueue;
typedef struct _FbQueueInterval  FbQueueInterval;
typedef struct _FbEscalation     FbEscalation;
typedef struct _FbQaEvaluation   FbQaEvaluation;
typedef struct _FbLeaveRequest   FbLeaveRequest;
typedef struct _FbSwapRequest    FbSwapRequest;
typedef struct _FbSeatAssignment FbSeatAssignment;
typedef struct _FbDutyReport     FbDutyReport;
typedef struct _FbHolidayDuty    FbHolidayDuty;
typedef struct _FbUser           FbUser;
typedef struct _FbAudit          FbAudit;

/* Server side (app/server) and client side (app/sync, app/gui). */
typedef struct _FbServer          FbServer;
typedef struct _FbServerStore     FbServerStore;
typedef struct _FbSqliteServerStore FbSqliteServerStore;
typedef struct _FbSyncEngine      FbSyncEngine;
typedef struct _FbLocalServer     FbLocalServer;

G_END_DECLS
