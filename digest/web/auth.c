/*
 * auth.c - signing in and out, sessions, roles, CSRF and the audit log.
 * A session is a random token in a cookie (HttpOnly, SameSite=Strict,
 * Secure behind TLS); the server keeps its SHA-256 and checks on every
 * request that it is not revoked, not expired and that its account is not
 * disabled.  Logins are throttled per account and per address before any
 * password is hashed, and a missing account costs the same hash as a
 * wrong password, so timing does not tell which names exist.
 */
#include "web_int.h"
#include "users.h"
#include "common/html.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/sha256.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_HOURS "12"
#define FAILS_PER_NAME 5	/* in 15 minutes */
#define FAILS_PER_ADDRESS 20

static const struct {
	const char *name;
	unsigned bit;
} role_table[] = {
	{ "press", ROLE_PRESS }, { "department", ROLE_DEPARTMENT },
	{ "regional", ROLE_REGIONAL }, { "leadership", ROLE_LEADERSHIP },
	{ "analyst", ROLE_ANALYST }, { "admin", ROLE_ADMIN },
};

static unsigned role_bit(const char *name)
{
	for (size_t i = 0; i < sizeof(role_table) / sizeof(*role_table); i++)
		if (!strcmp(role_table[i].name, name))
			return role_table[i].bit;
	return 0;
}

static void random_hex(char *out, size_t bytes)
{
	unsigned char raw[32];

	randombytes_buf(raw, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
}

static void token_sha(const char *token, char out[65])
{
	sha256_hex(token, strlen(token), out);
}

int auth_load(struct req *r)
{
	const char *token = MHD_lookup_connection_value(r->conn,
							MHD_COOKIE_KIND,
							"mm_session");
	char sha[65];
	const char *p[1] = { sha };
	struct err e = { "" };
	PGresult *res;

	r->authed = 0;
	if (!token || strlen(token) != 64)
		return 0;
	token_sha(token, sha);
	/* The session's last use is written once a minute at most: a
	 * write on every page was a commit, and a wait for the disk, on
	 * every page.  (A request read while a logout or "users disable"
	 * commits may still pass; the next one is refused.) */
	res = db_query_prep(r->db,
		"WITH live AS ("
		"  SELECT u.id, u.name, u.role, coalesce(u.unit, '') AS unit,"
		"         s.csrf"
		"    FROM sessions s JOIN users u ON u.id = s.user_id"
		"   WHERE s.token_sha256 = $1"
		"     AND NOT s.revoked AND s.expires_at > now()"
		"     AND NOT u.disabled),"
		" seen AS ("
		"  UPDATE sessions SET last_seen = now()"
		"   WHERE token_sha256 = $1"
		"     AND last_seen < now() - interval '1 minute'"
		"     AND EXISTS (SELECT 1 FROM live))"
		" SELECT id, name, role, unit, csrf FROM live",
		1, p, &e);
	if (!res) {
		log_msg(LOG_ERROR, NULL, "serve: cannot read sessions: %s",
			e.msg);
		web_fail(r, MHD_HTTP_SERVICE_UNAVAILABLE,
			 "the database is not available");
		return -1;
	}
	if (PQntuples(res)) {
		r->authed = 1;
		r->user.id = atoi(PQgetvalue(res, 0, 0));
		snprintf(r->user.name, sizeof(r->user.name), "%s",
			 PQgetvalue(res, 0, 1));
		snprintf(r->user.role, sizeof(r->user.role), "%s",
			 PQgetvalue(res, 0, 2));
		snprintf(r->user.unit, sizeof(r->user.unit), "%s",
			 PQgetvalue(res, 0, 3));
		snprintf(r->user.csrf, sizeof(r->user.csrf), "%s",
			 PQgetvalue(res, 0, 4));
		memcpy(r->user.token_sha, sha, sizeof(sha));
		r->user.role_bit = role_bit(r->user.role);
	}
	PQclear(res);
	return 0;
}

int auth_require(struct req *r, unsigned roles)
{
	if (!r->authed) {
		if (r->api)
			web_fail(r, MHD_HTTP_UNAUTHORIZED, "sign in first");
		else
			web_redirect(r, "/login");
		return -1;
	}
	if (!(r->user.role_bit & roles)) {
		web_fail(r, MHD_HTTP_FORBIDDEN,
			 tr(web_lang(r), "Your role may not do this."));
		return -1;
	}
	return 0;
}

int auth_csrf(struct req *r)
{
	const char *t = web_field(r, "csrf");

	if (r->authed && t && strlen(t) == strlen(r->user.csrf) &&
	    sodium_memcmp(t, r->user.csrf, strlen(t)) == 0)
		return 0;
	web_fail(r, MHD_HTTP_FORBIDDEN,
		 tr(web_lang(r), "The form has expired: reload the page."));
	return -1;
}

void auth_audit(struct req *r, const char *action, const char *object,
		const char *detail)
{
	struct err e = { "" };

	if (users_audit(r->db, r->authed ? r->user.name : NULL, r->address,
			action, object, detail, &e) < 0)
		log_msg(LOG_ERROR, NULL, "serve: cannot write the audit log: "
			"%s", e.msg);
}

static void login_form(struct req *r, const char *message)
{
	const char *lang = web_lang(r);
	char csrf[65];

	/* before a session exists: the double-submit cookie pattern */
	random_hex(csrf, 32);
	web_cookie(r, "mm_login=%s; Path=/login; HttpOnly; SameSite=Strict%s",
		   csrf, r->o->secure_cookies ? "; Secure" : "");
	page_begin(r, tr(lang, "Sign in"));
	if (message) {
		buf_adds(&r->out, "<p class=\"note\">");
		out_text(r, message);
		buf_adds(&r->out, "</p>");
	}
	buf_addf(&r->out, "<form method=\"post\" action=\"/login\">"
		 "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		 "<p><label>", csrf);
	out_text(r, tr(lang, "Name"));
	buf_adds(&r->out, "<br><input name=\"username\" autocomplete="
		 "\"username\" required></label></p><p><label>");
	out_text(r, tr(lang, "Password"));
	buf_adds(&r->out, "<br><input type=\"password\" name=\"password\" "
		 "autocomplete=\"current-password\" required></label></p>"
		 "<p><button>");
	out_text(r, tr(lang, "Sign in"));
	buf_adds(&r->out, "</button></p></form>");
	page_end(r);
}

void page_login(struct req *r)
{
	login_form(r, NULL);
}

/* Failed attempts in the last 15 minutes for the name and the address. */
static int too_many(struct req *r, const char *name, struct err *e)
{
	const char *p[2] = { name, r->address };
	PGresult *res = db_query(r->db,
		"SELECT count(*) FILTER (WHERE name = $1),"
		"       count(*) FILTER (WHERE address = $2)"
		"  FROM login_attempts"
		" WHERE NOT ok AND at > now() - interval '15 minutes'"
		"   AND (name = $1 OR address = $2)", 2, p, e);
	int ret;

	if (!res)
		return -1;
	ret = atoi(PQgetvalue(res, 0, 0)) >= FAILS_PER_NAME ||
	      atoi(PQgetvalue(res, 0, 1)) >= FAILS_PER_ADDRESS;
	PQclear(res);
	return ret;
}

static int open_session(struct req *r, int user_id, struct err *e)
{
	char token[65], sha[65], csrf[65], uid[16];
	const char *p[4] = { sha, uid, csrf, r->address };

	random_hex(token, 32);
	random_hex(csrf, 32);
	token_sha(token, sha);
	snprintf(uid, sizeof(uid), "%d", user_id);
	if (db_exec(r->db, "INSERT INTO sessions (token_sha256, user_id, csrf,"
		    " address, expires_at) VALUES ($1, $2, $3, $4,"
		    " now() + interval '" SESSION_HOURS " hours')", 4, p,
		    e) < 0)
		return -1;
	web_cookie(r, "mm_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
		   token, r->o->secure_cookies ? "; Secure" : "");
	return 0;
}

void post_login(struct req *r)
{
	const char *name = web_field(r, "username");
	const char *pass = web_field(r, "password");
	const char *csrf = web_field(r, "csrf");
	const char *cookie = MHD_lookup_connection_value(r->conn,
							 MHD_COOKIE_KIND,
							 "mm_login");
	const char *lang = web_lang(r);
	struct err e = { "" };
	const char *p[3];
	PGresult *res;
	int ok = 0, user_id = 0, many;

	r->api = 0;
	if (!csrf || !cookie || strcmp(csrf, cookie)) {
		web_fail(r, MHD_HTTP_FORBIDDEN, tr(lang, "The form has "
			 "expired: reload the page."));
		return;
	}
	if (!name || !pass || !*name || strlen(name) > 64) {
		login_form(r, tr(lang, "Wrong name or password."));
		return;
	}
	many = too_many(r, name, &e);
	if (many) {
		if (many < 0)
			log_msg(LOG_ERROR, NULL, "serve: %s", e.msg);
		r->status = MHD_HTTP_TOO_MANY_REQUESTS;
		login_form(r, tr(lang, "Too many failed attempts: wait a "
				 "quarter of an hour."));
		return;
	}
	p[0] = name;
	res = db_query(r->db, "SELECT id, password_hash, disabled FROM users"
		       " WHERE name = $1", 1, p, &e);
	if (!res) {
		web_fail(r, MHD_HTTP_SERVICE_UNAVAILABLE,
			 "the database is not available");
		return;
	}
	if (PQntuples(res)) {
		ok = users_verify(PQgetvalue(res, 0, 1), pass) &&
		     PQgetvalue(res, 0, 2)[0] == 'f';
		user_id = atoi(PQgetvalue(res, 0, 0));
	} else {
		/* the same cost as a real check */
		char dummy[crypto_pwhash_STRBYTES];

		users_hash("not a password", dummy, sizeof(dummy));
	}
	PQclear(res);
	p[0] = name;
	p[1] = r->address;
	p[2] = ok ? "true" : "false";
	db_exec(r->db, "INSERT INTO login_attempts (name, address, ok)"
		" VALUES ($1, $2, $3)", 3, p, &e);
	if (!ok || open_session(r, user_id, &e) < 0) {
		if (ok)
			log_msg(LOG_ERROR, NULL, "serve: %s", e.msg);
		r->status = MHD_HTTP_UNAUTHORIZED;
		login_form(r, tr(lang, "Wrong name or password."));
		return;
	}
	snprintf(r->user.name, sizeof(r->user.name), "%s", name);
	r->authed = 1;
	auth_audit(r, "login", name, NULL);
	web_redirect(r, "/");
}

void post_logout(struct req *r)
{
	const char *p[1] = { r->user.token_sha };
	struct err e = { "" };

	if (auth_require(r, ROLE_ANY) < 0 || auth_csrf(r) < 0)
		return;
	db_exec(r->db, "UPDATE sessions SET revoked = true"
		" WHERE token_sha256 = $1", 1, p, &e);
	auth_audit(r, "logout", r->user.name, NULL);
	web_cookie(r, "mm_session=; Path=/; HttpOnly; SameSite=Strict; "
		   "Max-Age=0");
	web_redirect(r, "/login");
}
