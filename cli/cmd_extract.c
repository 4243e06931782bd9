/*
 * cmd_extract.c - "mediamon extract": the crawler's page extraction run
 * offline on saved pages (plain or gzip-compressed, or stdin), for tests,
 * evaluation and for trying a source's article_xpath before it goes into
 * sources.yaml.  One JSON object per page and line on stdout:
 *   {"title", "text", "published" (RFC 3339 UTC or null), "author",
 *    "lang", "canonical_url"}   (absent values are null)
 * Exit 1 when any page could not be read or parsed (the others print).
 */
#include "cli.h"
#include "common/charset.h"
#include "common/date.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/log.h"
#include "crawler/page/page.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* The crawler's body cap applies here too: a page, or what a gzip file
 * inflates to, larger than this is refused rather than parsed. */
#define EXTRACT_MAX_BYTES (64u << 20)

/* Inflate gzip data in into out (capped).  -1 with the cause in e. */
static int gunzip(const struct buf *in, struct buf *out, struct err *e)
{
	unsigned char chunk[65536];
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return err_set(e, "cannot start gzip decompression");
	z.next_in = (unsigned char *)in->data;
	z.avail_in = (uInt)in->len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			return err_set(e, "corrupt gzip data: %s",
				       z.msg ? z.msg : "truncated");
		}
		if (buf_add(out, chunk, sizeof(chunk) - z.avail_out) < 0) {
			inflateEnd(&z);
			return err_set(e, "decompressed page larger than %u "
					  "bytes", EXTRACT_MAX_BYTES);
		}
	} while (rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
	inflateEnd(&z);
	if (rc != Z_STREAM_END)
		return err_set(e, "corrupt gzip data: truncated");
	return 0;
}

static void write_page(const struct page *pg)
{
	struct buf out = BUF_INIT;
	struct jw w;

	jw_init(&w, &out);
	jw_obj_begin(&w);
	jw_key(&w, "title");
	jw_str(&w, pg->title);
	jw_key(&w, "text");
	jw_str(&w, pg->text);
	jw_key(&w, "published");
	if (pg->has_published) {
		char ts[21];

		date_format_rfc3339(pg->published, ts);
		jw_str(&w, ts);
	} else {
		jw_null(&w);
	}
	jw_key(&w, "author");
	jw_str(&w, pg->author);
	jw_key(&w, "lang");
	jw_str(&w, pg->lang);
	jw_key(&w, "canonical_url");
	jw_str(&w, pg->canonical_url);
	jw_obj_end(&w);
	buf_addch(&out, '\n');
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
}

/* Extract one file ("-" is stdin) and print its JSON line. */
static int extract_one(const char *path, const char *url, const char *xpath,
		       const char *content_type)
{
	struct buf raw, plain, html;
	struct arena a = ARENA_INIT;
	struct page pg;
	struct err e = { "" };
	const struct buf *bytes;
	int ret = -1;

	buf_init(&raw, EXTRACT_MAX_BYTES);
	buf_init(&plain, EXTRACT_MAX_BYTES);
	buf_init(&html, EXTRACT_MAX_BYTES);
	if (file_read(path, &raw, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);	/* names the file */
		goto out;
	}
	bytes = &raw;
	if (raw.len >= 2 && (unsigned char)raw.data[0] == 0x1f &&
	    (unsigned char)raw.data[1] == 0x8b) {
		if (gunzip(&raw, &plain, &e) < 0) {
			log_msg(LOG_ERROR, NULL, "cannot read '%s': %s", path,
				e.msg);
			goto out;
		}
		bytes = &plain;
	}
	if (charset_to_utf8(bytes->data, bytes->len, content_type, &html,
			    NULL, 0, &e) < 0 ||
	    page_extract(html.data, html.len, url, xpath, &a, &pg, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "cannot extract '%s': %s", path,
			e.msg);
		goto out;
	}
	if (pg.xpath_missed)
		log_msg(LOG_WARN, NULL, "'%s': article_xpath matched nothing; "
			"used the generic extractor", path);
	write_page(&pg);
	ret = 0;
out:
	arena_release(&a);
	buf_release(&raw);
	buf_release(&plain);
	buf_release(&html);
	return ret;
}

int cmd_extract(const struct command *self, int argc, char **argv,
		struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "xpath", required_argument, NULL, 'x' },
		{ "content-type", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *xpath = NULL, *ctype = NULL;
	int c, failed = 0;

	(void)ctx;
	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'x':
			xpath = optarg;
			break;
		case 'c':
			ctype = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(self, "no page given (a file, or - for "
				   "stdin)");
	for (int i = optind; i < argc; i++)
		if (extract_one(argv[i], url, xpath, ctype) < 0)
			failed = 1;
	return failed ? EXIT_FAIL : EXIT_OK;
}
