/*
 * test_page.c - page_extract() on the fixture pages: the article's
 * paragraphs in order and none of the page furniture (menus, "Читайте
 * также", share bars, comments, footer), metadata, encodings end to end,
 * per-source XPath, JSON-LD fallback and hostile markup.
 */
#include "harness.h"
#include "common/charset.h"
#include "common/date.h"
#include "common/fileio.h"
#include "common/utf8.h"
#include "crawler/page/page.h"

#include <stdlib.h>

#define PAGES "tests/data/pages/"

/* Read, convert and extract a fixture; 0 when all of it worked. */
static int extract_file(const char *file, const char *ctype, const char *url,
			const char *xpath, struct arena *a, struct page *pg)
{
	struct buf raw = BUF_INIT, html = BUF_INIT;
	struct err e;
	int rc = -1;

	if (file_read(file, &raw, &e) < 0 ||
	    charset_to_utf8(raw.data, raw.len, ctype, &html, NULL, 0, &e) < 0 ||
	    page_extract(html.data, html.len, url, xpath, a, pg, &e) < 0)
		fprintf(stderr, "%s: %s\n", file, e.msg);
	else
		rc = 0;
	buf_release(&raw);
	buf_release(&html);
	return rc;
}

static int extract_str(const char *html, const char *url, const char *xpath,
		       struct arena *a, struct page *pg)
{
	struct err e;

	return page_extract(html, strlen(html), url, xpath, a, pg, &e);
}

static void check_has(const char *text, const char *const *want)
{
	for (; *want; want++)
		if (!strstr(text, *want)) {
			fprintf(stderr, "missing: %s\n", *want);
			CHECK(!"text holds the article");
		}
}

static void check_lacks(const char *text, const char *const *bad)
{
	for (; *bad; bad++)
		if (strstr(text, *bad)) {
			fprintf(stderr, "furniture: %s\n", *bad);
			CHECK(!"text free of furniture");
		}
}

static void check_time(const struct page *pg, const char *want)
{
	char ts[21];

	CHECK(pg->has_published);
	date_format_rfc3339(pg->published, ts);
	CHECK_STREQ(ts, want);
}

static void t_article_without_furniture(void)
{
	static const char *const body[] = {
		"Генеральная прокуратура Кыргызской Республики завершила проверку",
		"Ущерб государству оценивается в 14,2 миллиона сомов.",
		"Возбуждены уголовные дела",
		"возбуждены два уголовных дела",
		"«Каждый сом, выделенный на отопление школ, должен дойти до детей»",
		"Прокуратура также внесла представления главам районных",
		NULL,
	};
	static const char *const furniture[] = {
		"Главная", "Политика", "Читайте также", "Прокуратура Бишкека вернула",
		"Facebook", "WhatsApp", "Комментарии", "Наконец-то навели порядок",
		"Отправить", "Популярное", "Курс доллара", "Все права защищены",
		"Адрес редакции", "Фото: пресс-служба", "Реклама", "Теги",
		"cookie", "просмотра", "Прокуратура Оша проверит", "Текст внутри",
		NULL,
	};
	struct arena a = ARENA_INIT;
	struct page pg;
	const char *p1, *p2, *p3;

	CHECK(extract_file(PAGES "ru-article.html", NULL,
			   "https://vesti-alatoo.kg/news/2026/11/18/ugol-naryn?x=1",
			   NULL, &a, &pg) == 0);
	check_has(pg.text, body);
	check_lacks(pg.text, furniture);
	/* In order, one blank line between paragraphs, no headline. */
	p1 = strstr(pg.text, "Генеральная прокуратура");
	p2 = strstr(pg.text, "Возбуждены уголовные дела");
	p3 = strstr(pg.text, "Прокуратура также");
	CHECK(p1 && p2 && p3 && p1 < p2 && p2 < p3);
	CHECK(strstr(pg.text, "ведомства.\n\nПо данным") != NULL);
	CHECK(strstr(pg.text, "закупки угля в Нарынской области\n") == NULL);
	CHECK(pg.method == PAGE_GENERIC);
	CHECK(strstr(pg.raw_text, "Генеральная прокуратура") != NULL);
	CHECK_STREQ(pg.title,
		    "Генпрокуратура проверила закупки угля в Нарынской области");
	CHECK_STREQ(pg.author, "Айгуль Маматова");
	CHECK_STREQ(pg.lang, "ru");
	CHECK_STREQ(pg.canonical_url,
		    "https://vesti-alatoo.kg/news/2026/11/18/ugol-naryn");
	check_time(&pg, "2026-11-18T04:15:00Z");
	arena_release(&a);
}

static void t_boilerplate_longer_than_article(void)
{
	static const char *const body[] = {
		"Прокуратура Таласской области выявила факты незаконной выдачи",
		"По данному факту начато досудебное производство.",
		"привлечь виновных к ответственности.",
		NULL,
	};
	static const char *const furniture[] = {
		"Рубрика", "Лента новостей", "Новость ленты", "Выбор редакции",
		"Короткое описание материала", "независимое информационное агентство",
		"Мнение редакции", "улица Ленина", NULL,
	};
	struct arena a = ARENA_INIT;
	struct page pg;

	CHECK(extract_file(PAGES "boilerplate-heavy.html", NULL,
			   "https://talas.example.kg/news/1", NULL, &a, &pg) == 0);
	check_has(pg.text, body);
	check_lacks(pg.text, furniture);
	/* The furniture outweighs the article several times. */
	CHECK(strlen(pg.text) * 4 < 14797);
	CHECK_STREQ(pg.title,
		    "Прокуратура Таласской области выявила незаконную выдачу земли");
	check_time(&pg, "2026-11-19T03:00:00Z");
	arena_release(&a);
}

static void t_legacy_encodings_end_to_end(void)
{
	static const char *const files[] = {
		PAGES "ru-cp1251-nodecl.html", PAGES "ru-cp1251-meta.html",
		PAGES "ru-koi8-none.html", PAGES "ru-utf8-mislabeled.html",
	};
	struct arena a = ARENA_INIT;
	struct page pg;

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		CHECK(extract_file(files[i], NULL, NULL, NULL, &a, &pg) == 0);
		CHECK_STREQ(pg.title,
			    "Прокуратура Чуйской области проверила детские сады");
		CHECK(strstr(pg.text, "Сокулукского и Аламудунского районов"));
		CHECK(!strstr(pg.text, "Главная"));
		CHECK(utf8_valid(pg.text, strlen(pg.text)));
		CHECK_STREQ(pg.lang, "ru");
		arena_reset(&a);
	}
	CHECK(extract_file(PAGES "ru-cp1251-nodecl.html",
			   "text/html; charset=windows-1251", NULL, NULL, &a,
			   &pg) == 0);
	CHECK(strstr(pg.text, "дисциплинарной ответственности"));
	arena_release(&a);
}

static void t_kyrgyz_page(void)
{
	struct arena a = ARENA_INIT;
	struct page pg;

	CHECK(extract_file(PAGES "ky-article.html", NULL,
			   "https://osh-news.example.kg/ky/news/4521", NULL, &a,
			   &pg) == 0);
	/* Declared "ru", written in Kyrgyz (ң ө ү). */
	CHECK_STREQ(pg.lang, "ky");
	CHECK_STREQ(pg.title,
		    "Башкы прокуратура Ош шаарындагы курулуштарды текшерди");
	/* "2026-жылдын 18-ноябры, 14:30" in Bishkek time. */
	check_time(&pg, "2026-11-18T08:30:00Z");
	CHECK(strstr(pg.text, "көп кабаттуу үйлөрдүн курулушуна"));
	CHECK(!strstr(pg.text, "Окшош жаңылыктар"));
	CHECK(!strstr(pg.text, "Бөлүшүү"));
	CHECK(!strstr(pg.text, "Жалал-Абадда"));
	arena_release(&a);
}

static void t_article_xpath(void)
{
	struct arena a = ARENA_INIT;
	struct page pg;
	struct buf raw = BUF_INIT;
	struct err e;

	CHECK(extract_file(PAGES "ky-article.html", NULL, NULL,
			   "//div[@class='post-text']", &a, &pg) == 0);
	CHECK(pg.method == PAGE_XPATH);
	CHECK(!pg.xpath_missed);
	CHECK(!strncmp(pg.text, "Кыргыз Республикасынын", 40));
	CHECK(strstr(pg.text, "ишеним телефону") != NULL);
	CHECK(extract_file(PAGES "ky-article.html", NULL, NULL,
			   "//div[@id='no-such-thing']", &a, &pg) == 0);
	CHECK(pg.xpath_missed);
	CHECK(pg.method == PAGE_GENERIC);
	CHECK(strstr(pg.text, "ишеним телефону") != NULL);
	file_read(PAGES "ky-article.html", &raw, &e);
	CHECK(page_extract(raw.data, raw.len, NULL, "//div[", &a, &pg, &e) == -1);
	CHECK(strstr(e.msg, "XPath") != NULL);
	buf_release(&raw);
	arena_release(&a);
}

static void t_jsonld_fallback(void)
{
	static const char html[] =
		"<html><head><title>T</title><script type=\"application/ld+json\">"
		"{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":"
		"\"WebSite\"},{\"@type\":\"NewsArticle\",\"headline\":\"Суд\","
		"\"datePublished\":\"2026-11-18 10:00\",\"author\":[{\"name\":"
		"\"A\"},{\"name\":\"B\"}],\"articleBody\":\"Первый абзац о решении "
		"суда по делу, которое вела прокуратура Бишкека в течение года.\\n"
		"Второй абзац с подробностями.\"}]}</script></head>"
		"<body><div id=app></div><p>Загрузка...</p></body></html>";
	struct arena a = ARENA_INIT;
	struct page pg;

	CHECK(extract_str(html, "https://x.kg/a", NULL, &a, &pg) == 0);
	CHECK(pg.method == PAGE_JSONLD);
	CHECK(strstr(pg.text, "года.\n\nВторой абзац") != NULL);
	CHECK_STREQ(pg.title, "Суд");
	CHECK_STREQ(pg.author, "A, B");
	check_time(&pg, "2026-11-18T04:00:00Z");
	arena_release(&a);
}

static void t_br_paragraphs_and_furniture_words(void)
{
	static const char html[] =
		"<html><body><div class=menu><a href=/>Главная</a></div>"
		"<div class=text>Первый абзац новости о работе прокуратуры Иссык-"
		"Кульской области, где проверили санатории.<br><br>Второй абзац: "
		"выявлено двенадцать нарушений, составлены протоколы.<br>"
		"<br>Реклама<br><br>Третий абзац, в котором прокуратура обещает "
		"повторную проверку летом, до начала сезона.</div></body></html>";
	struct arena a = ARENA_INIT;
	struct page pg;

	CHECK(extract_str(html, NULL, NULL, &a, &pg) == 0);
	CHECK(strstr(pg.text, "санатории.\n\nВторой абзац") != NULL);
	CHECK(strstr(pg.text, "протоколы.\n\nТретий абзац") != NULL);
	CHECK(!strstr(pg.text, "Реклама"));
	CHECK(!strstr(pg.text, "Главная"));
	arena_release(&a);
}

static void t_hostile_markup(void)
{
	struct arena a = ARENA_INIT;
	struct buf deep = BUF_INIT;
	struct page pg;
	struct err e;

	/* Nothing at all (libxml2 builds no document: an error, but the
	 * strings are still safe to use), or no article. */
	page_extract("", 0, NULL, NULL, &a, &pg, &e);
	CHECK(pg.method == PAGE_NONE);
	CHECK(pg.text != NULL && pg.raw_text != NULL);
	CHECK(extract_str("<html><body><nav><a href=/>x</a></nav></body></html>",
			  NULL, NULL, &a, &pg) == 0);
	CHECK_STREQ(pg.text, "");
	/* Deep nesting and an unclosed everything. */
	for (int i = 0; i < 20000; i++)
		buf_adds(&deep, "<div><span>");
	buf_adds(&deep, "<p>Глубоко вложенный абзац текста, который надо найти.");
	CHECK(page_extract(deep.data, deep.len, NULL, NULL, &a, &pg, &e) == 0);
	CHECK(utf8_valid(pg.text, strlen(pg.text)));
	/* NUL bytes and invalid UTF-8 from a careless caller. */
	CHECK(page_extract("<p>a\0b \xff</p>", 12, NULL, NULL, &a, &pg, &e) == 0);
	CHECK(utf8_valid(pg.text, strlen(pg.text)));
	/* An entity bomb is not expanded (no DTD loading, no NOENT). */
	CHECK(extract_str("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
			  "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><p>&b;&b;&b;</p>",
			  NULL, NULL, &a, &pg) == 0);
	CHECK(strlen(pg.text) < 1000);
	buf_release(&deep);
	arena_release(&a);
}

static void t_title_site_suffix(void)
{
	static const struct {
		const char *html, *want;
	} cases[] = {
		{ "<title>Суд оправдал мэра | 24.kg</title>", "Суд оправдал мэра" },
		{ "<title>Прокурор задержан - Kaktus.media</title>",
		  "Прокурор задержан" },
		{ "<meta property=og:site_name content=AKIpress><title>AKIpress "
		  "| Новая проверка на таможне</title>", "Новая проверка на таможне" },
		{ "<title>Бишкек - Ош: дорогу откроют в мае</title>",
		  "Бишкек - Ош: дорогу откроют в мае" },
		{ "<title>Новости</title><h1>Заголовок статьи</h1>",
		  "Заголовок статьи" },
	};
	struct arena a = ARENA_INIT;
	struct page pg;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		CHECK(extract_str(cases[i].html, NULL, NULL, &a, &pg) == 0);
		CHECK_STREQ(pg.title, cases[i].want);
	}
	arena_release(&a);
}

TESTS(T(t_article_without_furniture), T(t_boilerplate_longer_than_article),
      T(t_legacy_encodings_end_to_end), T(t_kyrgyz_page), T(t_article_xpath),
      T(t_jsonld_fallback), T(t_br_paragraphs_and_furniture_words),
      T(t_hostile_markup), T(t_title_site_suffix))
