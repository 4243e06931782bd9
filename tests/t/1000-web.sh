#!/bin/sh
# 1000-web: the web interface under forged requests: who may see and
# change what (another department's case by id, page, API and POST),
# CSRF, revoked sessions, SQL metacharacters and markup in every query
# parameter, a 100 MB body, throttled logins; cookie flags; page timings.
. "$(dirname "$0")/../lib.sh"
start_pg
start_fixture_server
mm db migrate >/dev/null
. "$TESTS_DIR/web-lib.sh"

web_fixture_day		# crawl, analyse and route tests/fixtures/web/digest
for u in press1:press lead:leadership ana:analyst adm:admin; do
	echo "password-${u%%:*}" | mm users add "${u%%:*}" --role "${u#*:}" >/dev/null
done
echo password-hr | mm users add hr --role department --unit human_rights >/dev/null
echo password-ac | mm users add ac --role department --unit anticorruption >/dev/null
echo password-osh | mm users add osh --role regional --unit osh >/dev/null
start_web

# the ids of an anticorruption case and a human_rights one
ac_case=$(sql "SELECT case_id FROM v_cases WHERE department = 'anticorruption' LIMIT 1")
hr_case=$(sql "SELECT case_id FROM v_cases WHERE department = 'human_rights' ORDER BY case_id LIMIT 1")

test_expect 'signed out: pages go to /login, the API answers 401' '
	[ "$(status /)" = 303 ] && [ "$(status /cases)" = 303 ] &&
	[ "$(status /api/cases)" = 401 ] && [ "$(status /api/digest/2026-11-17)" = 401 ]
'

test_expect 'a wrong password is refused; the right one opens a session' '
	! login hr wrong-password && login hr password-hr &&
	grep -q "mm_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict" "$TRASH/hr.headers" &&
	! grep -q "Secure" "$TRASH/hr.headers"
'

test_expect 'a department sees its own cases only (page and API)' '
	get hr /cases >cases.html && grep -q "/cases/$hr_case\"" cases.html &&
	! grep -q "/cases/$ac_case\"" cases.html &&
	get hr /api/cases >cases.json &&
	python3 -c "import json; c = json.load(open(\"cases.json\")); assert c and all(x[\"department\"] == \"human_rights\" for x in c), c"
'

test_expect 'another department s case: 404 by page, by API, by a forged POST' '
	[ "$(status /cases/$ac_case hr)" = 404 ] &&
	[ "$(status /api/cases/$ac_case hr)" = 404 ] &&
	[ "$(post hr /cases/$ac_case "status=closed&resolution=forged&csrf=$(csrf hr)")" = 404 ] &&
	[ "$(sql "SELECT status FROM cases WHERE id = $ac_case")" = new ]
'

test_expect 'a POST without or with a wrong CSRF token changes nothing' '
	[ "$(post hr /cases/$hr_case "status=closed&resolution=x")" = 403 ] &&
	[ "$(post hr /cases/$hr_case "status=closed&resolution=x&csrf=0123")" = 403 ] &&
	[ "$(sql "SELECT status FROM cases WHERE id = $hr_case")" = new ]
'

test_expect 'the department closes its case; the command line sees it' '
	[ "$(post hr /cases/$hr_case "status=closed&resolution=%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D0%BA%D0%B0&csrf=$(csrf hr)")" = 303 ] &&
	mm cases list --format json >l.json &&
	python3 -c "
import json; c = {x[\"id\"]: x for x in json.load(open(\"l.json\"))}
x = c[$hr_case]; assert x[\"status\"] == \"closed\" and x[\"resolution\"] == \"проверка\", x
assert x[\"history\"][-1][\"by\"] == \"hr\", x" &&
	[ "$(sql "SELECT count(*) FROM audit_log WHERE user_name = ${q}hr${q} AND action = ${q}case${q}")" = 1 ]
'

test_expect 'a refused move says why and changes nothing' '
	[ "$(post hr /cases/$hr_case "status=sent&csrf=$(csrf hr)")" = 409 ] &&
	[ "$(sql "SELECT status FROM cases WHERE id = $hr_case")" = closed ]
'

test_expect 'an analyst cannot change a case; leadership cannot correct tonality' '
	login ana password-ana && login lead password-lead &&
	[ "$(post ana /cases/$ac_case "status=closed&resolution=x&csrf=$(csrf ana)")" = 403 ] &&
	aid=$(sql "SELECT id FROM articles WHERE canonical_url LIKE ${q}%advokat-osh%${q}") &&
	[ "$(post lead /materials/$aid/tonality "tonality=positive&csrf=$(csrf lead)")" = 403 ] &&
	[ "$(status /admin lead)" = 403 ] && [ "$(status /cases lead)" = 200 ]
'

test_expect 'trends and search: the pages draw, the API says what the command line says' '
	login lead password-lead && login ana password-ana &&
	get lead "/api/trends?from=2026-11-17&to=2026-11-17" >t.json &&
	mm trends --from 2026-11-17 --to 2026-11-17 --format json >t.cli &&
	test_cmp t.cli t.json && grep -q negative t.json &&
	get lead "/api/trends?from=2026-11-01&to=2026-11-30&by=week&group=region" >tr.json &&
	mm trends --from 2026-11-01 --to 2026-11-30 --by week --group region --format json >tr.cli &&
	test_cmp tr.cli tr.json &&
	get lead "/trends?from=2026-11-17&to=2026-11-17" >t.html &&
	grep -q "<svg" t.html && grep -q "2026-11-17" t.html &&
	get lead "/trends?from=2026-11-01&to=2026-11-30&group=region" >tr.html &&
	grep -q "class=\"bar\"" tr.html &&
	get ana "/api/search?q=%D0%BF%D0%B0%D1%81%D1%82%D0%B1%D0%B8%D1%89%D0%B5" >s.json &&
	mm search пастбище --format json >s.cli && test_cmp s.cli s.json &&
	grep -q "url" s.json &&
	get ana "/search?q=%D0%BF%D0%B0%D1%81%D1%82%D0%B1%D0%B8%D1%89%D0%B5" >s.html &&
	grep -q "<mark>" s.html
'

test_expect 'trends and search: roles and bad values' '
	login hr password-hr &&
	[ "$(status /trends hr)" = 403 ] && [ "$(status /api/search?q=x hr)" = 403 ] &&
	[ "$(status /api/trends)" = 401 ] && [ "$(status /search)" = 303 ] &&
	[ "$(status "/api/trends?by=year" lead)" = 400 ] &&
	[ "$(status "/api/trends?group=x" lead)" = 400 ] &&
	[ "$(status "/api/trends?from=2026-13-01" lead)" = 400 ] &&
	[ "$(status "/api/trends?from=2026-11-30&to=2026-11-01" lead)" = 400 ] &&
	[ "$(status "/api/trends?from=1000-01-01&to=2026-11-01" lead)" = 400 ] &&
	[ "$(status "/api/search" lead)" = 400 ] &&
	[ "$(status "/api/search?q=x&limit=100000" lead)" = 400 ] &&
	[ "$(status "/api/search?q=x&tonality=bad" lead)" = 400 ]
'

test_expect 'the press department corrects a tonality; the views follow' '
	login press1 password-press1 &&
	aid=$(sql "SELECT id FROM articles WHERE canonical_url LIKE ${q}%advokat-osh%${q}") &&
	[ "$(post press1 /materials/$aid/tonality "tonality=neutral&note=x&date=2026-11-17&csrf=$(csrf press1)")" = 303 ] &&
	[ "$(sql "SELECT tonality || set_by FROM tonality_overrides WHERE article_id = $aid")" = neutralpress1 ] &&
	[ "$(sql "SELECT negative FROM v_daily_tonality WHERE day = ${q}2026-11-17${q} AND source = ${q}kabar${q}")" = 0 ] &&
	get press1 "/api/trends?from=2026-11-17&to=2026-11-17&source=kabar" >after.json &&
	! grep -q negative after.json && grep -q neutral after.json
'

# cached USER PATH OUT: the body of a GET into OUT; prints the X-Cache
# header (hit or miss) of a kept page.  The test below also makes a page
# while a writer is in flight (psql holding a transaction open): once it
# commits, the page kept from before must not be served.
cached() {
	curl -s -D "$TRASH/$3.head" -o "$TRASH/$3" -b "$TRASH/$1.jar" "$WEB$2" &&
	tr -d "\r" <"$TRASH/$3.head" | sed -n "s/^X-Cache: //p"
}

test_expect 'a kept digest is served until a change commits, then made again' '
	login lead password-lead &&
	aid=$(sql "SELECT id FROM articles WHERE canonical_url LIKE ${q}%advokat-osh%${q}") &&
	d=/api/digest/2026-11-17 &&
	cached lead $d k0 >/dev/null && [ "$(cached lead $d k1)" = hit ] &&
	test_cmp k0 k1 &&
	login ana password-ana && [ "$(cached lead $d k1)" = hit ] &&
	mm mentions set "$aid" --tonality positive --note kept >/dev/null &&
	[ "$(cached lead $d k2)" = miss ] && ! cmp -s k1 k2 &&
	[ "$(cached lead $d k3)" = hit ] && test_cmp k2 k3 &&
	mm digest --date 2026-11-17 --format json >k.cli && test_cmp k.cli k3 &&
	{ { echo "BEGIN; UPDATE tonality_overrides SET tonality = ${q}negative${q} WHERE article_id = $aid;"
	    sleep 3; echo "COMMIT;"; } | psql -X -q >/dev/null & w=$!; } &&
	other=$(sql "SELECT min(article_id) FROM article_analysis WHERE tonality IS NOT NULL AND article_id <> $aid") &&
	sleep 1 && mm mentions set "$other" --tonality negative --note stale >/dev/null &&
	[ "$(cached lead $d k4)" = miss ] && [ "$(cached lead $d k5)" = hit ] &&
	wait $w && [ "$(cached lead $d k6)" = miss ] &&
	grep -q "\"negative\"" k6 && mm digest --date 2026-11-17 --format json >k6.cli &&
	test_cmp k6.cli k6 && [ "$(cached lead /digest/2026-11-17 k7)" = miss ]
'

# The server writes a digest's materials while PostgreSQL still runs the
# digest's other reads (digest_read.materials_ready): the page is still
# the one the command writes, the week's unanswered criticism (a read of
# its own) among the negative materials.
test_expect 'a digest the server makes is the one the command writes' '
	sql "UPDATE settings SET value = value WHERE key = ${q}country${q}" &&
	[ "$(cached lead /digest/2026-11-17 h17)" = miss ] &&
	[ "$(cached lead /digest/2026-11-18 h18)" = miss ] &&
	mm digest --date 2026-11-17 --format html >h17.cli &&
	mm digest --date 2026-11-18 --format html >h18.cli &&
	test_cmp h17.cli h17 && test_cmp h18.cli h18 &&
	grep -q "Критика без ответа более 24 часов" h18
'

# A digest made again reads half of its materials and its other reads
# over the worker's second connection, in the snapshot of the first
# (db_share_snapshot): while articles of the day are being added, a
# commit every few milliseconds, each page counts in its figures (read
# over the first) exactly the materials it lists (half read over each).
# With a snapshot of its own the second connection sees rows the first
# does not (checked: this test then fails, about one page in ten
# disagreeing among the 70-80 it reads).
test_expect 'a digest read over two connections shows one moment of the data' '
	sql "DO \$\$ BEGIN FOR i IN 1..800 LOOP
		INSERT INTO articles (source_id, url, canonical_url, title,
		       text, published)
		SELECT min(id), ${q}http://x.test/two${q} || i,
		       ${q}http://x.test/two${q} || i, ${q}two${q} || i, ${q}t${q},
		       timestamptz ${q}2026-11-19 12:00+06${q}
		  FROM sources WHERE NOT own;
		INSERT INTO article_analysis (article_id, lexicon_version, tonality)
		SELECT id, ${q}test${q}, ${q}neutral${q} FROM articles
		 WHERE canonical_url = ${q}http://x.test/two${q} || i;
		COMMIT;
		PERFORM pg_sleep(0.005);
	     END LOOP; END \$\$" >/dev/null & w=$! &&
	pages=0 && bad=0 &&
	while kill -0 $w 2>/dev/null; do
		get lead /api/digest/2026-11-19 >two.json &&
		m=$(grep -o "\"totals\":{[^}]*}" two.json |
		    sed -n "s/.*\"mentions\":\([0-9]*\).*/\1/p") &&
		[ "$m" = "$(grep -o "\"media_index\":" two.json | wc -l)" ] ||
			bad=$((bad + 1))
		pages=$((pages + 1))
	done &&
	wait $w && echo "$pages pages, $bad not agreeing" &&
	[ "$pages" -ge 10 ] && [ "$bad" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis aa JOIN articles a
	          ON a.id = aa.article_id WHERE a.canonical_url LIKE
	          ${q}http://x.test/two%${q}")" = 800 ] &&
	! grep -e "reading over one connection" -e "no second connection" \
		"$TRASH/serve.log"
'

test_expect 'the recent digests are made again in the background after a change' '
	today=$(TZ=Asia/Bishkek date +%Y-%m-%d) &&
	cached lead /digest/$today w0 >/dev/null && sleep 3 &&
	[ "$(cached lead /digest/$today w1)" = hit ] &&
	sql "INSERT INTO tonality_overrides (article_id, tonality, set_by)
	     SELECT min(article_id), ${q}neutral${q}, ${q}test${q} FROM article_analysis
	      WHERE article_id NOT IN (SELECT article_id FROM tonality_overrides)" &&
	sleep 5 && [ "$(cached lead /digest/$today w2)" = hit ] &&
	mm digest --date $today --format html >w.cli && test_cmp w.cli w2
'

# ids USER PATH: the materials a page lists, in its order
ids() {
	get "$1" "$2" | grep -o "action=\"/materials/[0-9]*/tonality\"" |
		grep -o "[0-9][0-9]*"
}

test_expect 'materials come a hundred a page, newest first; an article moved to another day goes' '
	login press1 password-press1 &&
	sql "INSERT INTO articles (source_id, url, canonical_url, title, text, published)
	     SELECT s.id, ${q}http://x.test/m${q} || g, ${q}http://x.test/m${q} || g,
	            ${q}m${q} || g, ${q}t${q}, timestamptz ${q}2026-11-20 09:00+06${q} + g * interval ${q}1 minute${q}
	       FROM generate_series(1, 150) g, (SELECT min(id) AS id FROM sources WHERE NOT own) s;
	     INSERT INTO article_analysis (article_id, lexicon_version, tonality)
	     SELECT id, ${q}test${q}, CASE WHEN id % 3 = 0 THEN ${q}negative${q} ELSE ${q}neutral${q} END
	       FROM articles WHERE canonical_url LIKE ${q}http://x.test/m%${q}" &&
	[ "$(sql "SELECT count(*) FROM article_analysis aa JOIN articles a ON a.id = aa.article_id
	          WHERE aa.day_at IS DISTINCT FROM coalesce(a.published, a.fetched_at)")" = 0 ] &&
	ids press1 "/materials?date=2026-11-20" >p1 && ids press1 "/materials?date=2026-11-20&page=2" >p2 &&
	[ "$(wc -l <p1)" = 100 ] && [ "$(wc -l <p2)" = 50 ] &&
	get press1 "/materials?date=2026-11-20" | grep -q "date=2026-11-20&amp;page=2" &&
	get press1 "/materials?date=2026-11-20&page=2" | grep -q "page=1" &&
	sql "SELECT id FROM articles WHERE canonical_url LIKE ${q}http://x.test/m%${q} ORDER BY published DESC, id DESC" >want &&
	cat p1 p2 >got && test_cmp want got &&
	ids press1 "/materials?date=2026-11-20&tonality=negative" >neg && [ "$(wc -l <neg)" = 50 ] &&
	top=$(head -n 1 p1) &&
	sql "UPDATE articles SET published = published - interval ${q}3 days${q} WHERE id = $top" &&
	! ids press1 "/materials?date=2026-11-20" | grep -qx "$top" &&
	ids press1 "/materials?date=2026-11-17" | grep -qx "$top" &&
	[ "$(status "/materials?date=2026-11-20&page=0" press1)" = 400 ] &&
	[ "$(status "/materials?date=2026-11-20&page=x" press1)" = 400 ] &&
	[ "$(status "/materials?date=2026-11-20&page=201" press1)" = 400 ]
'

test_expect 'a disabled account s session ends at once' '
	login osh password-osh && [ "$(status /cases osh)" = 200 ] &&
	mm users disable osh >/dev/null &&
	[ "$(status /cases osh)" = 303 ] && [ "$(status /api/cases osh)" = 401 ] &&
	! login osh password-osh
'

test_expect 'SQL metacharacters and markup in every query parameter' '
	bad="%27%3B%20DROP%20TABLE%20cases%3B--%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E" &&
	for path in "/materials?date=$bad&source=$bad&tonality=$bad&region=$bad&category=$bad" \
		"/cases?department=$bad" "/api/cases?status=$bad&department=$bad" \
		"/digest/$bad" "/api/digest/$bad" "/?lang=$bad" "/sources?x=$bad" \
		"/trends?source=$bad" "/api/trends?source=$bad" \
		"/search?q=$bad&source=$bad" "/api/search?q=$bad&source=$bad"; do
		code=$(status "$path" press1) &&
		case "$code" in 200|404) ;; *) echo "$path: $code"; exit 1 ;; esac &&
		get press1 "$path" >page.out &&
		if grep -q "<script>alert" page.out; then echo "$path: live markup"; exit 1; fi
	done &&
	[ "$(sql "SELECT count(*) FROM cases")" -ge 4 ]
'

test_expect 'a 100 MB body is refused before it is read' '
	head -c 104857600 /dev/zero >big.bin &&
	start=$(date +%s) &&
	code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TRASH/press1.jar" \
		-H "Content-Type: application/x-www-form-urlencoded" \
		--data-binary @big.bin "$WEB/cases/$hr_case") &&
	[ "$code" = 413 ] && [ $(( $(date +%s) - start )) -lt 20 ] &&
	[ "$(status /login)" = 200 ]
'

test_expect 'many parallel logins with a wrong password are throttled' '
	for i in $(seq 12); do
		{ login_code lead wrong-$i "lead$i"; echo; } >codes.$i &
	done; wait &&
	cat codes.* | sort | uniq -c &&
	grep -q 429 codes.* &&
	[ "$(login_code lead password-lead)" = 429 ]
'

# The digest's reads go to the server together (libpq's pipeline mode):
# one failing in the middle (here a lock held too long) fails the page
# with a line naming it, and the worker's one connection serves the next.
test_expect 'a read failing inside the digest'"'"'s batch: 500, named, then served' '
	port2=$(python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])") &&
	W2=http://127.0.0.1:$port2 && d=/api/digest/2026-11-17 &&
	{ PGOPTIONS="-c lock_timeout=300" "$MEDIAMON" serve --listen 127.0.0.1:$port2 --threads 1 >serve2.log 2>&1 & s2=$!; } &&
	for _ in $(seq 100); do curl -s -o /dev/null "$W2/login" && break; sleep 0.1; done &&
	{
		WEB=$W2 && login press1 password-press1 &&
		code() { curl -s -o "$1" -w "%{http_code}" -b press1.jar "$W2$d"; } &&
		[ "$(code f0)" = 200 ] &&
		{ psql -X -q -c "BEGIN; LOCK TABLE violations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;" >/dev/null & w=$!; } &&
		sleep 0.5 && sql "UPDATE settings SET value = value WHERE key = ${q}country${q}" &&
		[ "$(code f1)" = 500 ] &&
		grep -q "cannot read the violations: .*lock timeout" serve2.log &&
		wait $w && [ "$(code f2)" = 200 ] &&
		mm digest --date 2026-11-17 --format json >f.cli && test_cmp f.cli f2
	}; r=$?; kill $s2; wait $s2; [ $r = 0 ]
'

test_expect 'pages render fast enough (measured, reported)' '
	for path in / /cases /materials?date=2026-11-17 /digest/2026-11-17 /sources \
		"/trends?from=2026-11-01&to=2026-11-30" "/search?q=%D0%BF%D1%80%D0%BE%D0%BA%D1%83%D1%80%D0%BE%D1%80"; do
		curl -s -o /dev/null -b "$TRASH/press1.jar" -w "$path %{time_total}s\n" "$WEB$path"
	done
'

# last: it leaves a server with Secure cookies, which curl keeps off http
test_expect 'Secure cookies behind TLS' '
	start_web --secure-cookies && login press1 password-press1 &&
	grep -q "mm_session=.*; Secure" "$TRASH/press1.headers"
'

stop_web
finish
