/*
 * mail.h - alert and digest mail: an RFC 5322 message with a plain-text
 * and an HTML part (UTF-8, base64), headers in RFC 2047 encoded words,
 * a stable Message-ID, sent over SMTP (or SMTPS) with libcurl.
 */
#ifndef MM_MAIL_H
#define MM_MAIL_H

#include "common/buf.h"
#include "common/err.h"
#include "handover.h"

#include <time.h>

struct mail_server {
	const char *url;	/* smtp://host:port or smtps://host:port */
	const char *from;	/* the sender's address */
	const char *user;	/* NULL: no authentication */
	const char *password;	/* read from the environment by the caller */
	long timeout_s;
};

struct mail_msg {
	const char *to;		/* one address */
	const char *subject;	/* UTF-8 */
	const char *text;	/* the plain-text part, UTF-8 */
	const char *html;	/* the HTML part, or NULL */
	const char *message_id;	/* without the angle brackets */
	time_t date;
};

/* The whole message, CRLF line ends, into out. */
void mail_format(const char *from, const struct mail_msg *m,
		 struct buf *out);
/* Subject text as RFC 2047 encoded words (folded), for a header. */
void mail_encode_header(const char *s, struct buf *out);
/* Send m through srv; ho (may be NULL) is called just before the end of
 * the data.  SEND_OK, SEND_FAILED or SEND_UNKNOWN (handover.h), with
 * the cause in e. */
int mail_send(const struct mail_server *srv, const struct mail_msg *m,
	      struct handover *ho, struct err *e);

#endif
