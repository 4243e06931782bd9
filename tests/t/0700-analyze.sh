#!/bin/sh
# 0700-analyze: the analyzer's text, batch and database modes and the
# analyst's corrections ("mentions set/export").  Database mode must be
# re-runnable, re-analyse after a lexicon change keeping violations that
# are routed to a case, and share work between two analyzers.
. "$(dirname "$0")/../lib.sh"
start_pg

LEX="$SRC_DIR/analyzer/lexicons/kg"
an() { mm analyze --country kg --lexicons "$LEX" "$@"; }

test_expect 'text mode prints one JSON object with its evidence' '
	printf "%s" "Прокуратура Сокулукского района вернула в бюджет 5 млн сомов." >a.txt &&
	an --text a.txt >out &&
	[ "$(wc -l <out)" = 1 ] &&
	grep -q "\"tonality\":\"positive\"" out &&
	grep -q "\"rule\":\"role.credit\",\"text\":\"вернула\"" out &&
	grep -q "\"start\":0,\"end\":60,\"text\":\"Прокуратура Сокулукского района\"" out &&
	grep -q "\"regions\":\[\"chui\"\]" out
'

test_expect 'with --country kz the Kazakh office and region are found, the Kyrgyz office is foreign' '
	printf "%s" "Прокуратура Туркестанской области вернула государству 300 гектаров пастбищ. Генпрокуратура Кыргызстана направила запрос." >kz.txt &&
	mm analyze --country kz --text kz.txt >out &&
	grep -q "\"text\":\"Прокуратура Туркестанской области\"" out &&
	! grep -q "\"text\":\"Генпрокуратура Кыргызстана\"" out &&
	grep -q "\"country\":\"kz\"" out &&
	grep -q "\"regions\":\[\"turkistan\"\]" out &&
	an --text kz.txt >out &&
	grep -q "\"text\":\"Генпрокуратура Кыргызстана\"" out &&
	! grep -q "Туркестанской области\",\"rule" out
'

test_expect 'text mode reads stdin' '
	printf "Генпрокуратура России возбудила дело." | an --text - >out &&
	grep -q "\"mentions\":\[\]" out && grep -q "\"tonality\":null" out
'

test_expect 'nothing is matched inside links, addresses, handles or tags' '
	printf "%s" "Подробнее: https://prokuror.kg/ru/news/4521, press@prokuror.kg, @prokuror_kg #Бишкек #коррупция" >l.txt &&
	an --text l.txt >out &&
	grep -q "\"mentions\":\[\]" out && grep -q "\"tonality\":null" out &&
	grep -q "\"violations\":\[\]" out && grep -q "\"regions\":\[\]" out
'

test_expect 'batch mode: one line per input, errors numbered, batch goes on' '
	printf "%s\n" "{\"id\":\"a\",\"text\":\"Прокурор запросил 5 лет.\"}" \
		"not json" \
		"{\"id\":\"c\",\"text\":\"Генпрокуратура\",\"target\":{\"start\":0,\"end\":28}}" \
		"{\"id\":\"d\",\"text\":\"x\",\"target\":{\"start\":0,\"end\":9}}" >in.jsonl &&
	! an --jsonl in.jsonl >out 2>err &&
	[ "$(wc -l <out)" = 4 ] &&
	sed -n 1p out | grep -q "\"id\":\"a\".*\"tonality\":\"neutral\"" &&
	sed -n 2p out | grep -q "^{\"line\":2,\"error\":" &&
	sed -n 3p out | grep -q "\"target\":{\"tonality\":" &&
	sed -n 4p out | grep -q "^{\"line\":4,\"id\":\"d\",\"error\":" &&
	grep -q "line 2:" err
'

test_expect 'database mode analyses every article once' '
	mm db migrate >/dev/null &&
	sql "INSERT INTO sources (name, url, type, country) VALUES
	       (${q}s1${q}, ${q}http://x/${q}, ${q}rss${q}, ${q}kg${q});
	     INSERT INTO articles (source_id, url, canonical_url, title, text) VALUES
	       (1, ${q}u1${q}, ${q}u1${q}, ${q}Земля возвращена${q},
	        ${q}Прокуратура Ноокатского района вернула государству 20 гектаров пастбищ, незаконно переданных фермеру.${q}),
	       (1, ${q}u2${q}, ${q}u2${q}, NULL,
	        ${q}Бывший прокурор Таласского района задержан при получении взятки.${q}),
	       (1, ${q}u3${q}, ${q}u3${q}, NULL, ${q}В Оше прошел турнир по шахматам.${q})" &&
	an >out 2>err &&
	[ "$(sql "SELECT count(*) FROM article_analysis")" = 3 ] &&
	[ "$(sql "SELECT tonality FROM article_analysis WHERE article_id = 1")" = positive ] &&
	[ "$(sql "SELECT tonality FROM article_analysis WHERE article_id = 2")" = negative ] &&
	[ "$(sql "SELECT coalesce(tonality, ${q}null${q}) FROM article_analysis WHERE article_id = 3")" = null ] &&
	[ "$(sql "SELECT category || ${q}/${q} || stage || ${q}/${q} || region FROM violations WHERE article_id = 1")" = land_property/decided/osh ] &&
	[ "$(sql "SELECT regions FROM article_analysis WHERE article_id = 3")" = "{osh_city}" ] &&
	[ "$(sql "SELECT text FROM mentions WHERE article_id = 1")" = "Прокуратура Ноокатского района" ] &&
	sql "SELECT evidence->0->>${q}rule${q} FROM mentions WHERE article_id = 1" | grep -q "^role.credit$" &&
	grep -q "analysed 3 articles" err
'

test_expect 'a second run finds nothing to do' '
	sql "SELECT article_id, analyzed_at FROM article_analysis ORDER BY 1" >before &&
	an 2>err && grep -q "analysed 0 articles" err &&
	sql "SELECT article_id, analyzed_at FROM article_analysis ORDER BY 1" >after &&
	test_cmp before after
'

test_expect 'an edited article is analysed again' '
	sql "UPDATE articles SET text = ${q}Прокуратура Ноокатского района не отреагировала на жалобы.${q},
	     updated_at = now() WHERE id = 1" &&
	an 2>err && grep -q "analysed 1 articles" err &&
	[ "$(sql "SELECT tonality FROM article_analysis WHERE article_id = 1")" = negative ]
'

test_expect 'a lexicon change re-analyses all, keeping violations routed to a case' '
	sql "INSERT INTO cases (category) VALUES (${q}corruption${q});
	     UPDATE violations SET case_id = 1 WHERE article_id = 2" &&
	vid=$(sql "SELECT id FROM violations WHERE article_id = 2") &&
	cp -R "$LEX" lex2 && echo "# changed" >>lex2/tonality.yaml &&
	old=$(sql "SELECT DISTINCT lexicon_version FROM article_analysis") &&
	mm analyze --country kg --lexicons lex2 2>err &&
	grep -q "analysed 3 articles" err &&
	[ "$(sql "SELECT count(DISTINCT lexicon_version) FROM article_analysis")" = 1 ] &&
	[ "$(sql "SELECT lexicon_version FROM article_analysis LIMIT 1")" != "$old" ] &&
	[ "$(sql "SELECT id FROM violations WHERE article_id = 2")" = "$vid" ] &&
	[ "$(sql "SELECT count(*) FROM mentions WHERE article_id = 2")" = 1 ]
'

test_expect '--all re-analyses even with the same lexicons' '
	mm analyze --country kg --lexicons lex2 --all 2>err &&
	grep -q "analysed 3 articles" err
'

test_expect 'two analyzers at once do not double-count' '
	sql "INSERT INTO articles (source_id, url, canonical_url, text)
	     SELECT 1, ${q}b${q} || g, ${q}b${q} || g,
	            ${q}Прокуратура Кеминского района направила в суд дело о мошенничестве.${q}
	       FROM generate_series(1, 300) g" &&
	(mm analyze --country kg --lexicons lex2 --batch 7 2>err1 &
	 mm analyze --country kg --lexicons lex2 --batch 7 2>err2; wait) &&
	[ "$(sql "SELECT count(*) FROM article_analysis")" = 303 ] &&
	[ "$(sql "SELECT count(*) FROM mentions WHERE article_id > 3")" = 300 ] &&
	[ "$(sql "SELECT count(*) FROM violations WHERE article_id > 3")" = 300 ] &&
	a=$(sed -n "s/.*analysed \([0-9]*\) articles.*/\1/p" err1) &&
	b=$(sed -n "s/.*analysed \([0-9]*\) articles.*/\1/p" err2) &&
	[ $((a + b)) = 300 ]
'

test_expect 'an analyst decision wins and survives re-analysis' '
	mm mentions set 2 --tonality neutral --note "procedural" --by tester >out &&
	grep -q "article 2: tonality neutral (analyzer: negative)" out &&
	mm mentions set 2 --tonality negative --by tester >/dev/null &&
	[ "$(sql "SELECT tonality || ${q}/${q} || set_by FROM tonality_overrides WHERE article_id = 2")" = negative/tester ] &&
	[ "$(sql "SELECT count(*) FROM tonality_override_history WHERE article_id = 2")" = 2 ] &&
	mm analyze --country kg --lexicons lex2 --all 2>/dev/null &&
	[ "$(sql "SELECT tonality FROM tonality_overrides WHERE article_id = 2")" = negative ] &&
	[ "$(sql "SELECT tonality FROM v_mentions WHERE article_id = 2")" = negative ]
'

test_expect 'mentions set refuses bad input' '
	! mm mentions set 999 --tonality neutral 2>err && grep -q "cannot find article 999" err &&
	mm mentions set 2 --tonality great 2>err; [ $? = 2 ] &&
	mm mentions set abc --tonality neutral 2>err; [ $? = 2 ]
'

test_expect 'corrections export as news-set JSON lines' '
	mm mentions export >out &&
	[ "$(wc -l <out)" = 1 ] &&
	python3 -c "
import json,sys
d=json.loads(open(\"out\").read())
assert d[\"id\"]==\"article-2\" and d[\"tonality\"]==\"negative\"
assert d[\"mentions\"]==[\"прокурор Таласского района\"], d
assert d[\"violations\"][0][\"category\"]==\"corruption\"
assert d[\"country\"]==\"kg\" and d[\"regions\"]==[\"talas\"]
" &&
	mm mentions export --since 2999-01-01 >out && [ ! -s out ]
'

test_expect 'database mode with --country kz reads with the Kazakh lexicons' '
	printf "version: 1\nreviewed: 2026-01-01\nsources:\n  - name: s1\n    url: http://x/\n" >kg.yaml &&
	sql "INSERT INTO articles (source_id, url, canonical_url, text) VALUES
	       (1, ${q}k1${q}, ${q}k1${q},
	        ${q}Прокуратура Туркестанской области вернула государству 300 гектаров пастбищ.${q})" &&
	id=$(sql "SELECT id FROM articles WHERE url = ${q}k1${q}") &&
	mm --sources kg.yaml analyze --country kz 2>err &&
	[ "$(sql "SELECT regions FROM article_analysis WHERE article_id = $id")" = "{turkistan}" ] &&
	[ "$(sql "SELECT text FROM mentions WHERE article_id = $id")" = "Прокуратура Туркестанской области" ] &&
	[ "$(sql "SELECT count(*) FROM mentions WHERE article_id = 1")" = 0 ]
'

finish
