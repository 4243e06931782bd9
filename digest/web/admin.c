/*
 * admin.c - the administrator's page: the accounts (add, disable) and a
 * view of the sources; the same functions as "mediamon users", each
 * change in the audit log with who did it and from where.
 */
#include "web_int.h"
#include "users.h"
#include "common/i18n.h"

#include <string.h>

void page_admin(struct req *r)
{
	static const char *const roles[] = { "press", "department", "regional",
					     "leadership", "analyst", "admin" };
	const char *lang;
	struct err e = { "" };
	PGresult *res;

	if (auth_require(r, ROLE_ADMIN) < 0)
		return;
	lang = web_lang(r);
	res = db_query(r->db, "SELECT name, role, coalesce(unit, ''), disabled"
		       " FROM users ORDER BY name", 0, NULL, &e);
	if (!res) {
		web_fail_db(r, "admin", &e);
		return;
	}
	page_begin(r, tr(lang, "Accounts"));
	buf_adds(&r->out, "<table><tr><th>");
	out_text(r, tr(lang, "Name"));
	buf_adds(&r->out, "</th><th>role</th><th>unit</th><th></th></tr>");
	for (int i = 0; i < PQntuples(res); i++) {
		buf_adds(&r->out, "<tr><td>");
		out_text(r, PQgetvalue(res, i, 0));
		buf_adds(&r->out, "</td><td>");
		out_text(r, PQgetvalue(res, i, 1));
		buf_adds(&r->out, "</td><td>");
		out_text(r, PQgetvalue(res, i, 2));
		buf_adds(&r->out, "</td><td>");
		if (PQgetvalue(res, i, 3)[0] == 't') {
			out_text(r, tr(lang, "disabled"));
		} else {
			buf_adds(&r->out, "<form class=\"inline\" method="
				 "\"post\" action=\"/admin\"><input type="
				 "\"hidden\" name=\"action\" value="
				 "\"disable\"><input type=\"hidden\" name="
				 "\"username\" value=\"");
			out_text(r, PQgetvalue(res, i, 0));
			buf_adds(&r->out, "\">");
			form_csrf(r);
			buf_adds(&r->out, "<button>");
			out_text(r, tr(lang, "Disable"));
			buf_adds(&r->out, "</button></form>");
		}
		buf_adds(&r->out, "</td></tr>");
	}
	buf_adds(&r->out, "</table><h2>");
	out_text(r, tr(lang, "New account"));
	buf_adds(&r->out, "</h2><form method=\"post\" action=\"/admin\">"
		 "<input type=\"hidden\" name=\"action\" value=\"add\">");
	form_csrf(r);
	buf_adds(&r->out, "<input name=\"username\" required placeholder=\"");
	out_text(r, tr(lang, "Name"));
	buf_adds(&r->out, "\"> <select name=\"role\">");
	for (size_t i = 0; i < sizeof(roles) / sizeof(*roles); i++)
		buf_addf(&r->out, "<option>%s</option>", roles[i]);
	buf_adds(&r->out, "</select> <input name=\"unit\" placeholder=\"unit\">"
		 " <input type=\"password\" name=\"password\" required "
		 "autocomplete=\"new-password\" placeholder=\"");
	out_text(r, tr(lang, "Password"));
	buf_adds(&r->out, "\"> <button>");
	out_text(r, tr(lang, "Add"));
	buf_adds(&r->out, "</button></form>");
	PQclear(res);
	page_end(r);
}

void post_admin(struct req *r)
{
	const char *action = web_field(r, "action");
	const char *name = web_field(r, "username");
	struct err e = { "" };
	int rc;

	if (auth_require(r, ROLE_ADMIN) < 0 || auth_csrf(r) < 0)
		return;
	if (!action || !name || !*name || strlen(name) > 64) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "bad request");
		return;
	}
	if (!strcmp(action, "disable")) {
		rc = users_disable(r->db, name, &e);
	} else if (!strcmp(action, "add")) {
		const char *role = web_field(r, "role");
		const char *unit = web_field(r, "unit");
		const char *pass = web_field(r, "password");

		if (!users_role_valid(role) || !pass || strlen(pass) < 8 ||
		    users_role_needs_unit(role) != (unit && *unit)) {
			web_fail(r, MHD_HTTP_BAD_REQUEST, tr(web_lang(r),
				 "A role, a unit for department and regional "
				 "accounts only, and a password of 8 "
				 "characters or more are needed."));
			return;
		}
		rc = users_add(r->db, name, role, unit && *unit ? unit : NULL,
			       pass, &e);
	} else {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "bad request");
		return;
	}
	if (rc < 0) {
		web_fail_db(r, "admin", &e);
		return;
	}
	if (rc > 0) {
		web_fail(r, MHD_HTTP_CONFLICT, e.msg);
		return;
	}
	auth_audit(r, action, name, NULL);
	web_redirect(r, "/admin");
}
