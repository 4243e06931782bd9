/*
 * web_int.h - what the web interface's files share: one request (its
 * inputs, the signed-in user, the response being built), the roles, and
 * the helpers every page uses.
 */
#ifndef MM_WEB_INT_H
#define MM_WEB_INT_H

#include "web.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/db.h"

#include <microhttpd.h>

/* Requests larger than this are refused (413) before they are read. */
#define WEB_BODY_CAP (64 * 1024)

enum role_bits {
	ROLE_PRESS = 1 << 0,
	ROLE_DEPARTMENT = 1 << 1,
	ROLE_REGIONAL = 1 << 2,
	ROLE_LEADERSHIP = 1 << 3,
	ROLE_ANALYST = 1 << 4,
	ROLE_ADMIN = 1 << 5,
};
#define ROLE_ANY (ROLE_PRESS | ROLE_DEPARTMENT | ROLE_REGIONAL | \
		  ROLE_LEADERSHIP | ROLE_ANALYST | ROLE_ADMIN)
#define ROLE_READERS (ROLE_PRESS | ROLE_LEADERSHIP | ROLE_ANALYST)

struct field {
	const char *key;
	struct buf value;
};

struct web_user {
	int id;
	char name[64];
	char role[16];
	unsigned role_bit;
	char unit[64];		/* department or regional office code */
	char csrf[65];
	char token_sha[65];
};

struct req {
	struct MHD_Connection *conn;
	const struct web_opts *o;
	struct db *db;			/* the worker thread's connection */
	const char *method, *url;
	char address[64];
	int api;			/* /api/...: JSON, 401 not a redirect */
	/* the body */
	struct MHD_PostProcessor *pp;
	struct field fields[32];
	int n_fields;
	size_t body_bytes;
	int too_large;
	/* who asks */
	int authed;
	struct web_user user;
	const char *lang;
	/* the answer */
	unsigned status;
	const char *ctype;
	struct buf out;
	struct buf cookies[2];		/* Set-Cookie values */
	int n_cookies;
	char location[512];		/* redirect target, or "" */
	const char *cache;		/* a kept page: "hit" or "miss" */
	struct arena a;
};

/* ---- server.c ---- */
/* The worker's second connection, over which a digest being made runs
 * half of its reads beside the other half on r->db (digest.h); NULL,
 * said in the log, when it cannot be opened: the digest then reads over
 * r->db alone. */
struct db *web_aside_db(struct req *r);
/* A query-string argument (decoded), or NULL. */
const char *web_arg(struct req *r, const char *name);
/* A form field of the POST body, or NULL. */
const char *web_field(struct req *r, const char *name);
/* Answer with status and a plain message page (or JSON for the API). */
void web_fail(struct req *r, unsigned status, const char *msg);
/* A query failed: the cause goes to the administrator's log, the user
 * gets a plain 500 (never the SQL error). */
void web_fail_db(struct req *r, const char *what, const struct err *e);
/* Redirect (303 See Other) to path. */
void web_redirect(struct req *r, const char *path);
/* Add a Set-Cookie value. */
void web_cookie(struct req *r, const char *fmt, ...) PRINTF(2, 3);

/* ---- auth.c ---- */
/* Read the session cookie into r->user (r->authed).  -1 on a database
 * error (the answer is set). */
int auth_load(struct req *r);
/* 0 when the user may go on; else the answer is set (a redirect to the
 * login page, 401 for the API, 403 for the wrong role) and -1. */
int auth_require(struct req *r, unsigned roles);
/* 0 when the POST carries the session's csrf field; else 403 is set. */
int auth_csrf(struct req *r);
/* Record a change in the audit log (failures are logged, not fatal). */
void auth_audit(struct req *r, const char *action, const char *object,
		const char *detail);
void page_login(struct req *r);
void post_login(struct req *r);
void post_logout(struct req *r);

/* ---- layout.c ---- */
void page_begin(struct req *r, const char *title);
void page_end(struct req *r);
/* A hidden csrf field for a form. */
void form_csrf(struct req *r);
/* html_text of s into the page. */
void out_text(struct req *r, const char *s);
/* The language of the request: ?lang=, the mm_lang cookie, the media
 * list's, else ru. */
const char *web_lang(struct req *r);

/* ---- the pages ---- */
void page_home(struct req *r);
void page_digest(struct req *r, const char *day);
void page_digest_archive(struct req *r);
void page_materials(struct req *r);
void post_material(struct req *r, const char *id, const char *what);
void page_cases(struct req *r);
void page_case(struct req *r, const char *id);
void post_case(struct req *r, const char *id);
void page_sources(struct req *r);
void page_admin(struct req *r);
void post_admin(struct req *r);
void api_digest(struct req *r, const char *day);
/* The key a day's digest is kept under (page_cache.h). */
void digest_key(char *key, size_t n, const char *day, const char *lang,
		int json);
/* Make the digest of d in lang (HTML, or JSON) onto out and keep it,
 * reading over db and aside (a second connection, or NULL).  0, or -1
 * with the cause in e. */
struct day;
int digest_make(struct db *db, struct db *aside, const struct config *cfg,
		const struct day *d, const char *lang, int json,
		struct buf *out, struct err *e);

/* ---- warm.c ---- */
/* A language a digest page was asked in: its recent digests are kept
 * made from then on. */
void warm_note_lang(const char *lang);
/* Make again the recent digests a change has put out of date. */
void warm_digests(const struct web_opts *o, struct db **db);
void api_cases(struct req *r, const char *id);
void page_trends(struct req *r);
void page_search(struct req *r);
void api_trends(struct req *r);
void api_search(struct req *r);

/* The cases this user may see: "" for every case, else an SQL condition
 * on v_cases with $1 bound to the user's unit (see cases_pages.c). */
const char *case_scope(const struct req *r);

#endif
