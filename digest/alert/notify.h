/*
 * notify.h - the other alert channels: a JSON document POSTed to a
 * webhook, and a message through the Telegram Bot API (sendMessage).
 */
#ifndef MM_NOTIFY_H
#define MM_NOTIFY_H

#include "common/err.h"
#include "handover.h"

/* POST json to url (http or https); a 2xx answer is success.  ho (may
 * be NULL) is called just before the last bytes of the body.  SEND_OK,
 * SEND_FAILED or SEND_UNKNOWN (handover.h), with the cause (curl's, or
 * the HTTP status and the start of the body) in e. */
int notify_post_json(const char *url, const char *json, long timeout_s,
		     struct handover *ho, struct err *e);
/* Send text to chat_id through the Bot API at api (default
 * https://api.telegram.org) with the bot's token, the same way. */
int notify_telegram(const char *api, const char *token, const char *chat_id,
		    const char *text, long timeout_s, struct handover *ho,
		    struct err *e);

#endif
