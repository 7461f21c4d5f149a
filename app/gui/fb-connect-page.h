/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connect-page.h: the first-run page: server, user, password, or the
 * demo floor. */
#pragma once

#include <gtk/gtk.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_CONNECT_PAGE (fb_connect_page_get_type ())
G_DECLARE_FINAL_TYPE (FbConnectPage, fb_connect_page, FB, CONNECT_PAGE, GtkWidget)

GtkWidget *fb_connect_page_new          (void);
void       fb_connect_page_set_defaults (FbConnectPage *self,
                                         const char    *server_url,
                                         const char    *username);
/* While busy the form is locked and a spinner shows @message. */
void       fb_connect_page_set_busy     (FbConnectPage *self,
                                         gboolean       busy,
                                         const char    *message);
void       fb_connect_page_show_error   (FbConnectPage *self,
                                         const char    *message);
/* For tests: fills the form as a user would type. */
void       fb_connect_page_fill         (FbConnectPage *self,
                                         const char    *server_url,
                                         const char    *username,
                                         const char    *password);
const char *fb_connect_page_get_error   (FbConnectPage *self);

G_END_DECLS
