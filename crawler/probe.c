/*
 * probe.c - `mediamon sources check` online: one fetch per enabled source
 * through the crawler's own engine, so what the check reports is what the
 * crawl will meet (robots.txt, address ban, caps, redirects), and a sniff
 * of the first bytes to tell a feed from an HTML page.
 */
#include "probe.h"
#include "crawler/fetch/fetch.h"
#include "common/log.h"
#include "common/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Sniffing looks at no more than this: feeds declare themselves early. */
#define SNIFF_MAX (64 * 1024)

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

static bool starts_ci(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && !strncasecmp(p, s, n);
}

static const char *find(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	for (; p + n <= end; p++)
		if (!memcmp(p, s, n))
			return p;
	return NULL;
}

static bool contains_ci(const char *p, const char *end, const char *s)
{
	for (; p < end; p++)
		if (starts_ci(p, end, s))
			return true;
	return false;
}

/* Skip the XML declaration, comments, processing instructions and the
 * doctype (noting an HTML one), up to the root element's '<'. */
static const char *prolog_end(const char *p, const char *end, bool *html)
{
	for (;;) {
		const char *q;

		p = skip_space(p, end);
		if (starts_ci(p, end, "<?")) {
			q = find(p, end, "?>");
			if (!q)
				return end;
			p = q + 2;
		} else if (starts_ci(p, end, "<!--")) {
			q = find(p, end, "-->");
			if (!q)
				return end;
			p = q + 3;
		} else if (starts_ci(p, end, "<!doctype")) {
			q = p + 9;
			q = skip_space(q, end);
			if (starts_ci(q, end, "html"))
				*html = true;
			/* An internal subset holds '>'s of its own. */
			while (q < end && *q != '>') {
				if (*q == '[') {
					const char *r;

					r = memchr(q, ']', (size_t)(end - q));
					q = r ? r : end;
					continue;
				}
				q++;
			}
			p = q < end ? q + 1 : end;
		} else {
			return p;
		}
	}
}

enum probe_kind probe_sniff(const char *data, size_t len)
{
	const char *end = data + (len > SNIFF_MAX ? SNIFF_MAX : len);
	const char *p = data, *name, *colon;
	bool html = false;
	size_t n;

	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	p = skip_space(p, end);
	if (p < end && (*p == '{' || *p == '['))
		return PROBE_JSON;
	p = prolog_end(p, end, &html);
	if (p >= end || *p != '<' || p + 1 >= end ||
	    !(isalpha((unsigned char)p[1]) || p[1] == '_'))
		return html ? PROBE_HTML : PROBE_UNKNOWN;
	name = p + 1;
	n = 0;
	while (name + n < end && (isalnum((unsigned char)name[n]) ||
				  strchr(":_-.", name[n])))
		n++;
	/* Judge the local name, so <atom:feed> is Atom too; rdf:RDF keeps
	 * its prefix (it is how RSS 1.0 is recognised). */
	colon = memchr(name, ':', n);
	if (n == 7 && !strncasecmp(name, "rdf:RDF", 7))
		return PROBE_RDF;
	if (colon) {
		n -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	if (n == 3 && !strncmp(name, "rss", 3))
		return PROBE_RSS;
	if (n == 4 && !strncmp(name, "feed", 4))
		return PROBE_ATOM;
	if (n == 3 && !strncmp(name, "RDF", 3))
		return PROBE_RDF;
	if (html || (n == 4 && !strncasecmp(name, "html", 4)) ||
	    (n == 4 && !strncasecmp(name, "head", 4)) ||
	    (n == 4 && !strncasecmp(name, "body", 4))) {
		/* t.me/s/CHANNEL previews mark every post "tgme_widget_". */
		if (contains_ci(p, end, "tgme_widget_message"))
			return PROBE_TELEGRAM;
		return PROBE_HTML;
	}
	return PROBE_XML;
}

const char *probe_kind_name(enum probe_kind k)
{
	static const char *const names[] = {
		[PROBE_UNKNOWN] = "unknown", [PROBE_RSS] = "rss",
		[PROBE_RDF] = "rdf", [PROBE_ATOM] = "atom",
		[PROBE_HTML] = "html", [PROBE_TELEGRAM] = "telegram",
		[PROBE_XML] = "xml", [PROBE_JSON] = "json",
	};

	return (size_t)k < ARRAY_SIZE(names) ? names[k] : "unknown";
}

/* Does a document of kind k suit a source of type t?  NULL when it does,
 * else what is wrong. */
static const char *mismatch(enum source_type t, enum probe_kind k)
{
	switch (t) {
	case SOURCE_RSS:
		if (k == PROBE_RSS || k == PROBE_RDF || k == PROBE_ATOM)
			return NULL;
		return "not a feed";
	case SOURCE_HTML:
		if (k == PROBE_HTML || k == PROBE_TELEGRAM)
			return NULL;
		return "not an HTML page";
	case SOURCE_TELEGRAM:
		if (k == PROBE_TELEGRAM)
			return NULL;
		return "not a Telegram channel preview (t.me/s/...)";
	}
	return NULL;
}

struct probe_state {
	const struct config *cfg;
	struct buf *lines;	/* one per source, "" for disabled ones */
	int failures;
};

static void on_done(struct fetch_engine *eng, struct fetch_result *res,
		    void *cbdata)
{
	struct probe_state *st = cbdata;
	const struct source *src = &st->cfg->sources[res->kind];
	struct buf *l = &st->lines[res->kind];
	enum probe_kind k;
	const char *bad;

	(void)eng;
	if (res->outcome == FETCH_FAILED) {
		buf_addf(l, "FAIL  %s", res->cause);
		st->failures++;
		return;
	}
	k = probe_sniff(res->body.data, res->body.len);
	bad = mismatch(src->type, k);
	buf_addf(l, "%s  %3ld  %s  %zu bytes  %s", bad ? "FAIL" : "ok  ",
		 res->status, res->content_type ? res->content_type : "-",
		 res->body.len, probe_kind_name(k));
	if (bad) {
		buf_addf(l, " (%s for type '%s')", bad,
			 source_type_name(src->type));
		st->failures++;
	}
	if (strcmp(res->effective_url, res->url))
		buf_addf(l, ", redirected to %s", res->effective_url);
}

int probe_sources(const struct config *cfg, FILE *out)
{
	struct probe_state st = { cfg, NULL, 0 };
	struct fetch_engine *eng;
	struct err e;
	int width = 4, ret = -1;

	eng = fetch_engine_new(&cfg->crawler, &e);
	if (!eng)
		return log_fail(NULL, "cannot start the fetch engine: %s",
				e.msg);
	st.lines = xcalloc(cfg->n_sources ? cfg->n_sources : 1,
			   sizeof(*st.lines));
	for (size_t i = 0; i < cfg->n_sources; i++) {
		const struct source *s = &cfg->sources[i];

		buf_init(&st.lines[i], 0);
		if (!s->enabled)
			continue;
		if ((int)strlen(s->name) > width)
			width = (int)strlen(s->name);
		fetch_engine_set_credentials(eng, s->url, s->userinfo);
		fetch_add(eng, &(struct fetch_request){
			.url = s->url, .kind = (int)i,
			.flags = FETCH_NO_WARC });
	}
	if (fetch_run(eng, on_done, &st, &e) < 0) {
		log_fail(NULL, "could not probe sources: %s", e.msg);
		goto out;
	}
	for (size_t i = 0; i < cfg->n_sources; i++) {
		if (!cfg->sources[i].enabled)
			continue;
		/* Server-chosen text (content type, URLs) must not drive
		 * the operator's terminal. */
		for (char *p = st.lines[i].data; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		fprintf(out, "%-*s  %s\n", width, cfg->sources[i].name,
			st.lines[i].data);
	}
	ret = st.failures;
out:
	for (size_t i = 0; i < cfg->n_sources; i++)
		buf_release(&st.lines[i]);
	free(st.lines);
	fetch_engine_free(eng);
	return ret;
}
