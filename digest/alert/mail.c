/*
 * mail.c - formatting and sending one message.  Header text that is not
 * plain ASCII goes out as RFC 2047 "B" encoded words of at most 75
 * characters, cut between UTF-8 characters; bodies as base64 (RFC 2045)
 * so that no line is too long and no byte is mangled on the way.  Base64
 * itself is OpenSSL's (libcrypto is linked already for SHA-256).
 */
#include "mail.h"
#include "common/xalloc.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* n bytes of s as base64 into out (no line breaks). */
static void base64(const unsigned char *s, size_t n, struct buf *out)
{
	unsigned char block[4 * 48 / 3 + 4];

	for (size_t i = 0; i < n; i += 48) {
		size_t k = n - i < 48 ? n - i : 48;
		int len = EVP_EncodeBlock(block, s + i, (int)k);

		buf_add(out, block, (size_t)len);
	}
}

static int needs_encoding(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || *s == '\r' || *s == '\n' ||
		    (*s == '=' && s[1] == '?'))
			return 1;
	return 0;
}

void mail_encode_header(const char *s, struct buf *out)
{
	size_t n = strlen(s), i = 0;
	int first = 1;

	if (!needs_encoding(s)) {
		buf_adds(out, s);
		return;
	}
	/* 45 bytes of text make 60 of base64: with "=?UTF-8?B?" and "?="
	 * each word stays under 75 characters */
	while (i < n) {
		size_t k = n - i < 45 ? n - i : 45;

		while (k < n - i && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k--;
		if (!first)
			buf_adds(out, "\r\n ");
		first = 0;
		buf_adds(out, "=?UTF-8?B?");
		base64((const unsigned char *)s + i, k, out);
		buf_adds(out, "?=");
		i += k;
	}
}

/* A body as base64 in lines of 76 characters. */
static void body_lines(struct buf *out, const char *body)
{
	struct buf b64 = BUF_INIT;

	base64((const unsigned char *)body, strlen(body), &b64);
	for (size_t i = 0; i < b64.len; i += 76) {
		buf_add(out, b64.data + i, b64.len - i < 76 ? b64.len - i : 76);
		buf_adds(out, "\r\n");
	}
	buf_release(&b64);
}

static void part(struct buf *out, const char *boundary, const char *type,
		 const char *body)
{
	buf_addf(out, "--%s\r\nContent-Type: %s; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: base64\r\n\r\n", boundary, type);
	body_lines(out, body);
}

void mail_format(const char *from, const struct mail_msg *m,
		 struct buf *out)
{
	char date[64], boundary[80];
	struct tm tm;

	gmtime_r(&m->date, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(boundary, sizeof(boundary), "mediamon-%s", m->message_id);
	for (char *p = boundary; *p; p++)
		if (*p == '@' || *p == '<' || *p == '>')
			*p = '.';
	buf_addf(out, "From: %s\r\nTo: %s\r\nSubject: ", from, m->to);
	mail_encode_header(m->subject, out);
	buf_addf(out, "\r\nDate: %s\r\nMessage-ID: <%s>\r\n"
		 "MIME-Version: 1.0\r\n"
		 "Auto-Submitted: auto-generated\r\n", date, m->message_id);
	if (!m->html) {
		buf_adds(out, "Content-Type: text/plain; charset=UTF-8\r\n"
			 "Content-Transfer-Encoding: base64\r\n\r\n");
		body_lines(out, m->text);
		return;
	}
	buf_addf(out, "Content-Type: multipart/alternative; "
		 "boundary=\"%s\"\r\n\r\n", boundary);
	part(out, boundary, "text/plain", m->text);
	part(out, boundary, "text/html", m->html);
	buf_addf(out, "--%s--\r\n", boundary);
}

int mail_send(const struct mail_server *srv, const struct mail_msg *m,
	      struct handover *ho, struct err *e)
{
	struct buf msg = BUF_INIT, addr = BUF_INIT;
	struct handover_upload up = { NULL, 0, 0, ho };
	struct curl_slist *rcpt = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *h = curl_easy_init();
	CURLcode rc;
	int ret = SEND_FAILED;

	if (!h)
		return err_set(e, "cannot start libcurl");
	mail_format(srv->from, m, &msg);
	/* libcurl ends the data with CRLF . CRLF after the last piece */
	up.data = msg.data;
	up.len = msg.len;
	buf_addf(&addr, "<%s>", m->to);
	rcpt = curl_slist_append(rcpt, addr.data);
	buf_reset(&addr);
	buf_addf(&addr, "<%s>", srv->from);
	curl_easy_setopt(h, CURLOPT_URL, srv->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, addr.data);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, handover_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, srv->timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, srv->timeout_s * 3);
	/* a relay that offers STARTTLS gets it; smtps:// is TLS anyway */
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (srv->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, srv->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD,
				 srv->password ? srv->password : "");
	}
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		err_set(e, "could not send mail to '%s' through '%s': %s",
			m->to, srv->url, errbuf[0] ? errbuf :
			curl_easy_strerror(rc));
		/* after the hand-over only an answer other than 250 (libcurl's
		 * "weird server reply") says the server did not take it */
		if (ho && ho->done && rc != CURLE_WEIRD_SERVER_REPLY)
			ret = SEND_UNKNOWN;
	} else {
		ret = SEND_OK;
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	buf_release(&msg);
	buf_release(&addr);
	return ret;
}
