/*
 * test_csv.c - the CSV writer and reader (common/csv.c) and the reading
 * of site statistics exports (digest/report/visits.c): quoting, the
 * formula guard, a round trip, and the exports' spellings and errors.
 */
#include "harness.h"
#include "common/csv.h"
#include "digest/report/report.h"

static void t_writer_quotes_and_guards(void)
{
	struct buf b = BUF_INIT;

	csv_cell(&b, "plain", 1);
	csv_cell(&b, "a,b", 0);
	csv_cell(&b, "say \"hi\"", 0);
	csv_cell(&b, "=HYPERLINK(\"http://evil.example/\",\"x\")", 0);
	csv_cell(&b, "-27", 0);
	csv_cell(&b, NULL, 0);
	csv_end(&b);
	CHECK_STREQ(b.data, "plain,\"a,b\",\"say \"\"hi\"\"\","
		    "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\","
		    "-27,\r\n");
	buf_release(&b);
}

static void t_reader_round_trip(void)
{
	static const char *const cells[] = { "id", "a,b", "line\r\nbreak",
					     "\"quoted\"", "", "кириллица" };
	struct buf b = BUF_INIT;
	struct csv_reader r;
	struct arena a = ARENA_INIT;
	struct err e = { "" };
	char **f;
	int n;
	long line;

	buf_adds(&b, CSV_BOM);
	for (int i = 0; i < 6; i++)
		csv_cell(&b, cells[i], i == 0);
	csv_end(&b);
	buf_adds(&b, "next,row\r\n");
	csv_reader_init(&r, b.data, b.len);
	CHECK_INTEQ(csv_read(&r, &a, &f, &n, &line, &e), 1);
	CHECK_INTEQ(n, 6);
	CHECK_INTEQ(line, 1);
	for (int i = 0; i < 6 && i < n; i++)
		CHECK_STREQ(f[i], cells[i]);
	CHECK_INTEQ(csv_read(&r, &a, &f, &n, &line, &e), 1);
	CHECK_INTEQ(line, 3);
	CHECK_STREQ(f[1], "row");
	CHECK_INTEQ(csv_read(&r, &a, &f, &n, &line, &e), 0);
	arena_release(&a);
	buf_release(&b);
}

static void t_reader_errors(void)
{
	static const char open_quote[] = "a,\"b\nc\n";
	static const char after_quote[] = "a,\"b\"x,c\n";
	struct csv_reader r;
	struct arena a = ARENA_INIT;
	struct err e = { "" };
	char **f;
	int n;
	long line;

	csv_reader_init(&r, open_quote, sizeof(open_quote) - 1);
	CHECK_INTEQ(csv_read(&r, &a, &f, &n, &line, &e), -1);
	CHECK_STREQ(e.msg, "a quote opened on line 1 is never closed");
	csv_reader_init(&r, after_quote, sizeof(after_quote) - 1);
	CHECK_INTEQ(csv_read(&r, &a, &f, &n, &line, &e), -1);
	CHECK_STREQ(e.msg, "text after the closing quote of field 2");
	CHECK(csv_guess_sep("Дата;Страница;Визиты", 27) == ';');
	CHECK(csv_guess_sep("\"a;b\",c", 7) == ',');
	arena_release(&a);
}

static void t_visits_google_analytics(void)
{
	static const char ga[] =
		"# ----\n# Pages\n# 20261101-20261130\n\n"
		"Page path and screen class,Date,Views,Sessions\n"
		"/ru/news/1,20261117,\"1,234\",900\n"
		"https://prokuror.example/ru/news/2?x=1#top,20261118,5,4\n"
		",Grand total,1239,904\n"
		"\n# ----\nDay Index,Views\n11/17/26,1239\n";
	struct visits v;
	struct err e = { "" };

	CHECK_INTEQ(visits_parse("ga.csv", ga, sizeof(ga) - 1, &v, &e), 0);
	CHECK_INTEQ(v.n, 2);
	CHECK_STREQ(v.origin, "google_analytics");
	if (v.n == 2) {
		CHECK_STREQ(v.rows[0].day, "2026-11-17");
		CHECK_STREQ(v.rows[0].page, "/ru/news/1");
		CHECK_INTEQ(v.rows[0].visits, 900);
		CHECK_STREQ(v.rows[1].page, "/ru/news/2?x=1");
	}
	visits_release(&v);
}

static void t_visits_matomo_and_errors(void)
{
	static const char matomo[] =
		"\xef\xbb\xbf" "Date;Метка;Визиты\r\n"
		"17.11.2026;news/3;1 234\r\n";
	static const char bad[] = "date,page,visits\n2026-11-17,/a,1.5\n";
	struct visits v;
	struct err e = { "" };

	CHECK_INTEQ(visits_parse("m.csv", matomo, sizeof(matomo) - 1, &v, &e),
		    0);
	CHECK_STREQ(v.origin, "matomo");
	CHECK_INTEQ(v.n, 1);
	if (v.n == 1) {
		CHECK_STREQ(v.rows[0].page, "/news/3");
		CHECK_INTEQ(v.rows[0].visits, 1234);
	}
	visits_release(&v);
	CHECK_INTEQ(visits_parse("b.csv", bad, sizeof(bad) - 1, &v, &e), -1);
	CHECK_STREQ(e.msg, "b.csv:2: '1.5' is not a number of visits");
	visits_release(&v);
}

TESTS(T(t_writer_quotes_and_guards), T(t_reader_round_trip),
      T(t_reader_errors), T(t_visits_google_analytics),
      T(t_visits_matomo_and_errors))
