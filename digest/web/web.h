/*
 * web.h - the web interface for the people who do not use a command line:
 * the press department's materials, each department's case board,
 * leadership's digest and trends, analysts' search, accounts for the
 * administrator.  Server-rendered HTML (no JavaScript needed) and a JSON
 * API, on libmicrohttpd behind the office's reverse proxy for TLS.
 */
#ifndef MM_WEB_H
#define MM_WEB_H

#include "common/config.h"
#include "common/err.h"
#include "digest/route/routing.h"

struct web_opts {
	const char *listen;		/* ADDR:PORT */
	unsigned threads;		/* worker threads, one connection each */
	int secure_cookies;		/* served behind TLS: Secure cookies */
	int behind_proxy;		/* trust X-Forwarded-For from loopback */
	const char *db_conninfo;	/* as db_open's */
	const struct config *cfg;	/* region names, time zone, language */
	const struct routing *rt;	/* unit names; may be NULL */
};

/* Serve until SIGINT or SIGTERM.  0, or -1 with the cause in e (the
 * address cannot be bound, say). */
int web_serve(const struct web_opts *o, struct err *e);

#endif
