/*
 * layout.c - the frame of every page: the document head with its style,
 * the navigation a role is allowed to use, the language switch, and the
 * csrf field of forms.  Everything printed goes through html_text().
 */
#include "web_int.h"
#include "common/html.h"
#include "common/i18n.h"
#include "common/version.h"

#include <string.h>

static const char style[] =
	"body{margin:0;background:#f3f4f6;color:#1f2933;"
	"font:15px/1.45 Arial,Helvetica,sans-serif}"
	"nav{background:#1a3d6d;padding:8px 20px}"
	"nav a{color:#fff;text-decoration:none;margin-right:16px;"
	"font-size:14px}"
	"nav .who{float:right;color:#cfd8e3;font-size:13px}"
	"nav form{display:inline}"
	"nav button{background:none;border:1px solid #cfd8e3;color:#fff;"
	"border-radius:3px;cursor:pointer;margin-left:8px}"
	"main{max-width:1100px;margin:0 auto;background:#fff;"
	"padding:20px 26px 30px}"
	"h1{font-size:22px;margin:4px 0 14px}"
	"h2{font-size:17px;margin:22px 0 8px;color:#1a3d6d;"
	"border-bottom:1px solid #d8dde3;padding-bottom:4px}"
	"table{border-collapse:collapse;width:100%;font-size:13px}"
	"th{text-align:left;color:#52606d;font-weight:normal;"
	"border-bottom:1px solid #d8dde3;padding:4px}"
	"td{border-bottom:1px solid #eef1f4;padding:5px 4px;"
	"vertical-align:top}"
	"a{color:#0b4f9c}"
	".tag{display:inline-block;font-size:11px;border-radius:3px;"
	"padding:0 5px;color:#fff}"
	".negative{background:#c62828}.positive{background:#2e7d32}"
	".neutral{background:#9e9e9e}"
	".board{display:flex;gap:10px}.col{flex:1;background:#f5f7fa;"
	"border-radius:6px;padding:8px}"
	".card{background:#fff;border:1px solid #d8dde3;border-radius:4px;"
	"padding:6px 8px;margin:6px 0;font-size:13px}"
	".note{background:#fff8e1;border:1px solid #ffe082;padding:8px 10px;"
	"border-radius:4px}"
	".sub{color:#6b7785;font-size:12px}"
	".bar{display:inline-block;height:10px;background:#1a3d6d}"
	".hit{margin:0 0 14px}mark{background:#fff59d}"
	"details{margin-top:12px}"
	"input,select,textarea{font:inherit;padding:3px}"
	"form.inline{display:inline}"
	".fig{display:inline-block;min-width:120px;background:#f5f7fa;"
	"border-radius:6px;padding:8px 12px;margin:0 8px 8px 0}"
	".fig b{display:block;font-size:22px}"
	"footer{max-width:1100px;margin:0 auto;color:#7b8794;font-size:11px;"
	"padding:8px 26px}";

const char *web_lang(struct req *r)
{
	const char *l = web_arg(r, "lang");

	if (r->lang)
		return r->lang;
	if (!i18n_lang_valid(l))
		l = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
						"mm_lang");
	if (!i18n_lang_valid(l))
		l = r->o->cfg && r->o->cfg->lang ? r->o->cfg->lang : "ru";
	else if (l == web_arg(r, "lang"))
		web_cookie(r, "mm_lang=%s; Path=/; SameSite=Strict; "
			   "Max-Age=31536000", l);
	r->lang = l;
	return l;
}

void out_text(struct req *r, const char *s)
{
	html_text(&r->out, s);
}

void form_csrf(struct req *r)
{
	buf_adds(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_text(&r->out, r->user.csrf);
	buf_adds(&r->out, "\">");
}

static void nav_link(struct req *r, const char *href, const char *msgid)
{
	buf_addf(&r->out, "<a href=\"%s\">", href);
	out_text(r, tr(web_lang(r), msgid));
	buf_adds(&r->out, "</a>");
}

void page_begin(struct req *r, const char *title)
{
	const char *lang = web_lang(r);
	unsigned role = r->authed ? r->user.role_bit : 0;

	r->ctype = "text/html; charset=utf-8";
	buf_addf(&r->out, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
		 "<meta charset=\"utf-8\"><meta name=\"viewport\" "
		 "content=\"width=device-width, initial-scale=1\"><title>",
		 lang);
	out_text(r, title);
	buf_addf(&r->out, " - mediamon</title><style>%s</style></head>"
		 "<body><nav>", style);
	if (role) {
		nav_link(r, "/", N_("Today"));
		if (role & (ROLE_READERS))
			nav_link(r, "/digest", N_("Digests"));
		if (role & (ROLE_READERS))
			nav_link(r, "/materials", N_("Materials"));
		if (role & (ROLE_READERS | ROLE_DEPARTMENT | ROLE_REGIONAL))
			nav_link(r, "/cases", N_("Cases"));
		if (role & ROLE_READERS) {
			nav_link(r, "/trends", N_("Trends"));
			nav_link(r, "/search", N_("Search"));
		}
		if (role & (ROLE_READERS | ROLE_ADMIN))
			nav_link(r, "/sources", N_("Sources"));
		if (role & ROLE_ADMIN)
			nav_link(r, "/admin", N_("Accounts"));
		buf_adds(&r->out, "<span class=\"who\">");
		out_text(r, r->user.name);
		buf_adds(&r->out, " (");
		out_text(r, r->user.role);
		buf_adds(&r->out, ") <a href=\"?lang=ru\">ru</a> "
			 "<a href=\"?lang=ky\">ky</a> <a href=\"?lang=en\">en</a>"
			 "<form class=\"inline\" method=\"post\" "
			 "action=\"/logout\">");
		form_csrf(r);
		buf_adds(&r->out, "<button>");
		out_text(r, tr(lang, "Sign out"));
		buf_adds(&r->out, "</button></form></span>");
	}
	buf_adds(&r->out, "</nav><main><h1>");
	out_text(r, title);
	buf_adds(&r->out, "</h1>");
}

void page_end(struct req *r)
{
	buf_adds(&r->out, "</main><footer>mediamon " MEDIAMON_VERSION
		 "</footer></body></html>\n");
}
