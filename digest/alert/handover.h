/*
 * handover.h - the moment a message leaves our hands.  A channel calls
 * the hook once, just before it gives the transport the message's last
 * bytes.  Before that moment no receiver can have accepted the message
 * (an SMTP server discards a DATA cut short, an HTTP server a body cut
 * short); after it, one may have even if the answer never comes back.
 * The alerts stage records the moment durably, so that a run killed
 * after it never sends the message a second time (alerts.c).
 */
#ifndef MM_HANDOVER_H
#define MM_HANDOVER_H

#include <stddef.h>

struct handover {
	int (*fn)(void *arg);	/* 0, or -1 to abort: then nothing is sent */
	void *arg;
	int done;		/* fn has run and returned 0 */
};

/* What a channel's send returns. */
enum send_outcome {
	SEND_OK = 0,		/* the receiver accepted it */
	SEND_FAILED = -1,	/* not delivered, or refused: retry later */
	SEND_UNKNOWN = -2	/* handed over, then the answer was lost */
};

/* A message given to libcurl through CURLOPT_READFUNCTION. */
struct handover_upload {
	const char *data;
	size_t len, off;
	struct handover *ho;	/* NULL: no hook */
};

/* The read callback (READDATA: a struct handover_upload): it runs the
 * hook before it gives out the last bytes, and aborts the transfer when
 * the hook refuses. */
size_t handover_read(char *dst, size_t size, size_t nitems, void *arg);

#endif
