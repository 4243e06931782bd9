/*
 * notify.c - HTTP POSTs for the webhook and Telegram channels, with
 * libcurl limited to http and https, no redirects and a time cap.  The
 * answer is read (capped) only to say why a delivery failed.
 */
#include "notify.h"
#include "common/buf.h"
#include "common/json.h"

#include <curl/curl.h>
#include <string.h>

#define ANSWER_CAP 4096

static size_t write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	buf_add(b, p, size * n);	/* past the cap is dropped */
	return size * n;
}

int notify_post_json(const char *url, const char *json, long timeout_s,
		     struct handover *ho, struct err *e)
{
	struct handover_upload up = { json, strlen(json), 0, ho };
	struct curl_slist *hdr = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct buf answer;
	CURL *h = curl_easy_init();
	CURLcode rc;
	long status = 0;
	int ret = SEND_FAILED;

	if (!h)
		return err_set(e, "cannot start libcurl");
	buf_init(&answer, ANSWER_CAP);
	hdr = curl_slist_append(hdr, "Content-Type: application/json; "
				"charset=utf-8");
	/* no "Expect: 100-continue" round trip for a large body */
	hdr = curl_slist_append(hdr, "Expect:");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, handover_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)up.len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s * 2);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "mediamon-alerts");
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK) {
		err_set(e, "could not reach '%s': %s", url,
			errbuf[0] ? errbuf : curl_easy_strerror(rc));
		/* whether a request handed over in full was taken: unknown */
		if (ho && ho->done && !status)
			ret = SEND_UNKNOWN;
	} else if (status < 200 || status > 299)
		err_set(e, "'%s' answered HTTP %ld: %.200s", url, status,
			answer.data);
	else
		ret = SEND_OK;
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	buf_release(&answer);
	return ret;
}

int notify_telegram(const char *api, const char *token, const char *chat_id,
		    const char *text, long timeout_s, struct handover *ho,
		    struct err *e)
{
	struct buf url = BUF_INIT, body = BUF_INIT;
	struct jw w;
	int ret;

	buf_addf(&url, "%s/bot%s/sendMessage",
		 api && *api ? api : "https://api.telegram.org", token);
	jw_init(&w, &body);
	jw_obj_begin(&w);
	jw_key(&w, "chat_id");
	jw_str(&w, chat_id);
	jw_key(&w, "text");
	jw_str(&w, text);
	jw_key(&w, "disable_web_page_preview");
	jw_bool(&w, 1);
	jw_obj_end(&w);
	ret = notify_post_json(url.data, body.data, timeout_s, ho, e);
	/* the token is in the URL: never let it reach a log line */
	if (ret != SEND_OK && strlen(token) >= 3) {
		char *p;

		while ((p = strstr(e->msg, token)) != NULL) {
			size_t n = strlen(token);

			memmove(p + 3, p + n, strlen(p + n) + 1);
			memcpy(p, "***", 3);
		}
	}
	buf_release(&url);
	buf_release(&body);
	return ret;
}
