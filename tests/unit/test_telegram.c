/*
 * test_telegram.c - telegram_parse() on a t.me/s/CHANNEL fixture written
 * after Telegram's web preview markup: text with line breaks, emoji and
 * links, a photo caption with a signature, a forwarded reply with a link
 * preview, a video without text; and pages that are not a channel.
 */
#include "harness.h"
#include "common/date.h"
#include "common/fileio.h"
#include "common/utf8.h"
#include "crawler/telegram.h"

#define FIXTURE "tests/data/pages/telegram-channel.html"

static void check_time(const struct tg_post *p, const char *want)
{
	char ts[21];

	CHECK(p->has_time);
	date_format_rfc3339(p->time, ts);
	CHECK_STREQ(ts, want);
}

static void t_channel_page(void)
{
	struct arena a = ARENA_INIT;
	struct buf html = BUF_INIT;
	struct tg_post *p;
	size_t n = 0;
	struct err e;

	CHECK(file_read(FIXTURE, &html, &e) == 0);
	CHECK(telegram_parse(html.data, html.len,
			     "https://t.me/s/prokuratura_kg", &a, &p, &n,
			     &e) == 0);
	CHECK_INTEQ(n, 4);
	if (n != 4)
		goto out;

	CHECK_STREQ(p[0].url, "https://t.me/prokuratura_kg/1201");
	CHECK_STREQ(p[0].channel, "prokuratura_kg");
	CHECK_INTEQ(p[0].id, 1201);
	check_time(&p[0], "2026-11-18T04:15:00Z");
	CHECK(!strncmp(p[0].text, "Генеральная прокуратура провела проверку "
		       "закупок угля в Нарынской области.\n\nВыявлен ущерб на "
		       "14,2 млн сомов", 150));
	CHECK(strstr(p[0].text, "\xe2\x9d\x97") != NULL);	/* the emoji */
	CHECK(strstr(p[0].text, "#прокуратура #Нарын") != NULL);
	/* Hashtag searches are not links; the article is. */
	CHECK_INTEQ(p[0].n_links, 1);
	if (p[0].n_links == 1)
		CHECK_STREQ(p[0].links[0], "https://prokuratura.gov.kg/news/4521");
	CHECK(p[0].author == NULL && p[0].forwarded_from == NULL);

	CHECK_STREQ(p[1].text, "Прокурор Чуйской области провёл приём граждан "
		    "в Сокулукском районе. Поступило 27 обращений.");
	CHECK_STREQ(p[1].author, "Пресс-служба");
	check_time(&p[1], "2026-11-18T06:40:05Z");
	CHECK_INTEQ(p[1].n_links, 0);

	/* The quoted reply is not the post's text. */
	CHECK_STREQ(p[2].text, "Кабар: в Нарыне начались выплаты компенсаций "
		    "родителям учеников.");
	CHECK_STREQ(p[2].forwarded_from, "Кабар");
	CHECK_INTEQ(p[2].n_links, 1);
	if (p[2].n_links == 1)
		CHECK_STREQ(p[2].links[0], "https://kabar.kg/news/naryn-kompensacii/");

	/* A video: no text; its duration "0:45" is not the post's time. */
	CHECK_STREQ(p[3].text, "");
	CHECK_STREQ(p[3].url, "https://t.me/prokuratura_kg/1204");
	check_time(&p[3], "2026-11-18T12:30:00Z");
	for (size_t i = 0; i < n; i++)
		CHECK(utf8_valid(p[i].text, strlen(p[i].text)));
out:
	buf_release(&html);
	arena_release(&a);
}

static void t_not_a_channel(void)
{
	static const char landing[] =
		"<html><body><div class=\"tgme_page\"><div class=\"tgme_page_title\">"
		"Генеральная прокуратура КР</div><a class=\"tgme_action_button_new\" "
		"href=\"tg://resolve?domain=prokuratura_kg\">View in Telegram</a>"
		"</div></body></html>";
	static const char empty[] =
		"<html><body><section class=\"tgme_channel_history js-message_history"
		"\"></section></body></html>";
	static const char bad_post[] =
		"<div class=\"tgme_channel_history\"><div class=\"tgme_widget_message\""
		" data-post=\"../../etc/1\"><div class=\"tgme_widget_message_text\">x"
		"</div></div><div class=\"tgme_widget_message\" data-post=\"ok_1/7\">"
		"<div class=\"tgme_widget_message_text\">y</div></div></div>";
	struct arena a = ARENA_INIT;
	struct tg_post *p;
	size_t n;
	struct err e;

	CHECK(telegram_parse(landing, sizeof(landing) - 1, NULL, &a, &p, &n,
			     &e) == -1);
	CHECK(strstr(e.msg, "not a Telegram channel") != NULL);
	CHECK(telegram_parse(empty, sizeof(empty) - 1, NULL, &a, &p, &n,
			     &e) == 0);
	CHECK_INTEQ(n, 0);
	/* A malformed data-post is skipped, not trusted into a URL. */
	CHECK(telegram_parse(bad_post, sizeof(bad_post) - 1, NULL, &a, &p, &n,
			     &e) == 0);
	CHECK_INTEQ(n, 1);
	if (n == 1) {
		CHECK_STREQ(p[0].url, "https://t.me/ok_1/7");
		CHECK_STREQ(p[0].text, "y");
		CHECK(!p[0].has_time);
	}
	arena_release(&a);
}

TESTS(T(t_channel_page), T(t_not_a_channel))
