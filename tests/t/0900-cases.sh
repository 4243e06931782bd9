#!/bin/sh
# 0900-cases: routing of reported violations on the fixture day (category
# -> department, region -> regional office, national -> central only,
# decided ones kept, a reprint joining its case), the case workflow, and
# alerts delivered once through a real SMTP exchange, a webhook and the
# Telegram Bot API, all on loopback; also after a run killed mid-send.
. "$(dirname "$0")/../lib.sh"
start_pg
start_fixture_server
mm db migrate >/dev/null

# The far ends of the channels: SMTP and HTTP sinks (start_sink in
# tests/lib.sh).  Test bodies run in subshells: what a later test needs
# is in files (NAME.pid, NAME.ports); servers started there are killed by
# their test, the first one at the end of the script.
start_sink sink

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 10
  per_host: 4
sources:
  - { name: gp, url: "$FIXTURE/digest/gp/rss.xml", own: true, weight: 1 }
  - { name: kabar, url: "$FIXTURE/digest/a/rss.xml", weight: 0.9 }
  - { name: vesti, url: "$FIXTURE/digest/b/rss.xml", weight: 0.7 }
  - { name: kaktus, url: "$FIXTURE/digest/c/rss.xml", weight: 0.6 }
EOF

# routing.yaml beside sources.yaml is found without --routing
write_routing() {
	cat >"$TRASH/routing.yaml" <<EOF
version: 1
lang: ru
route_stages: [alleged, acting]
departments:
  - { id: anticorruption, name: Антикоррупционное управление, email: anticor@test.example, categories: [corruption, abuse_of_office] }
  - { id: human_rights, name: Управление по правам человека, email: rights@test.example, categories: [torture, labour, other, domestic_violence, children] }
  - { id: economy, name: Управление по экономике, email: economy@test.example, categories: [land_property, environment, fraud] }
regional_offices:
  - { id: bishkek, name: Прокуратура города Бишкек, email: bishkek@test.example, regions: [bishkek] }
  - { id: osh_city, name: Прокуратура города Ош, email: osh-city@test.example, regions: [osh_city] }
  - { id: osh, name: Прокуратура Ошской области, email: osh@test.example, regions: [osh] }
  - { id: naryn, name: Прокуратура Нарынской области, email: naryn@test.example, regions: [naryn] }
leadership: { emails: [chief@test.example, press@test.example] }
alerts: { negative_min_weight: 0.8, resonance_outlets: 3, resonance_hours: 12, max_age_hours: 8000 }
smtp: { url: "smtp://127.0.0.1:$SMTP_PORT", from: mediamon@prokuror.test, timeout_s: 5 }
telegram: { token_env: MM_TEST_TG_TOKEN, chat_ids: ["42"], api_url: "http://127.0.0.1:$HTTP_PORT" }
webhook: { url: "http://127.0.0.1:$HTTP_PORT/hook" }
EOF
}
write_routing
export MM_TEST_TG_TOKEN=123:secret-token

# cases_of CATEGORY REGION: "status|department|office|reports"
cases_of() {
	sql "SELECT status || '|' || coalesce(department, '-') || '|' ||
	     coalesce(regional_office, '-') || '|' || reports FROM v_cases
	     WHERE category = '$1' AND coalesce(region, '-') = '$2'"
}

test_expect 'analyze routes what it finds' '
	mm crawl >/dev/null 2>&1 && mm analyze 2>err && cat err &&
	grep -q "routing: [0-9]* cases opened" err
'

test_expect 'category -> department, region -> regional office' '
	[ "$(cases_of torture osh)" = "new|human_rights|osh|1" ] &&
	[ "$(cases_of corruption bishkek)" = "new|anticorruption|bishkek|1" ]
'

test_expect 'a national report goes to the central department only' '
	[ "$(cases_of other -)" = "new|human_rights|-|1" ]
'

test_expect 'a reprint joins its case instead of opening another' '
	[ "$(cases_of torture osh_city)" = "new|human_rights|osh_city|2" ] &&
	[ "$(sql "SELECT count(*) FROM cases WHERE category = ${q}torture${q} AND region = ${q}osh_city${q}")" = 1 ]
'

test_expect 'decided violations are kept for the record, not routed' '
	[ "$(sql "SELECT count(*) FROM cases WHERE stage = ${q}decided${q}")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM v_violations WHERE stage = ${q}decided${q} AND status = ${q}not_routed${q}")" -ge 2 ] &&
	sql "SELECT DISTINCT route_note FROM violations WHERE stage = ${q}decided${q}" | grep -q "stage .decided. is not routed"
'

test_expect 'routing again changes nothing' '
	sql "SELECT id, case_id, route_note FROM violations ORDER BY id" >before &&
	mm analyze 2>/dev/null && mm cases route 2>/dev/null &&
	sql "SELECT id, case_id, route_note FROM violations ORDER BY id" >after &&
	test_cmp before after && [ "$(sql "SELECT count(*) FROM cases")" = 4 ]
'

test_expect 'cases list: JSON objects with their keys, CSV with a header' '
	mm cases list --format json >cases.json &&
	python3 -c "
import json; c = json.load(open(\"cases.json\"))
keys = {\"id\",\"status\",\"category\",\"region\",\"department\",\"regional_office\",\"url\",\"title\",\"source\",\"published\",\"history\"}
assert len(c) == 4 and all(keys <= set(x) for x in c), c
assert all(x[\"history\"][0][\"to\"] == \"new\" for x in c)" &&
	mm cases list --format csv --department human_rights >cases.csv &&
	head -n 1 cases.csv | grep -q "^id,status,category,region,department,regional_office,url,title,source,published" &&
	[ "$(python3 -c "import csv; print(len(list(csv.reader(open(\"cases.csv\")))))")" = 4 ]
'

test_expect 'alerts send --dry-run says what it would send and changes nothing' '
	mm alerts send --dry-run >dry.out 2>&1 && cat dry.out &&
	grep -q "would send case:[0-9]* via email to rights@test.example" dry.out &&
	grep -q "would send negative:[0-9]* via telegram to 42" dry.out &&
	grep -q "would send resonance:[0-9]* via email to chief@test.example" dry.out &&
	[ "$(sql "SELECT count(*) FROM alerts")" = 0 ] &&
	[ ! -e "$TRASH/sink/mail-0001.eml" ]
'

test_expect 'alerts arrive by SMTP with a readable Cyrillic subject' '
	mm alerts send >send.out 2>send.err; cat send.out send.err
	grep -q "alerts: 19 new, 19 sent, 0 failed" send.out &&
	[ "$(ls "$TRASH"/sink/mail-*.eml | wc -l)" = 11 ] &&
	python3 - "$TRASH/sink" <<PY
import email, email.header, glob, sys
subjects = []
for f in sorted(glob.glob(sys.argv[1] + "/mail-*.eml")):
    m = email.message_from_bytes(open(f, "rb").read())
    s = str(email.header.make_header(email.header.decode_header(m["Subject"])))
    assert m["Message-ID"] and m["Date"] and m["To"], f
    kinds = [p.get_content_type() for p in m.walk()]
    assert "text/plain" in kinds and "text/html" in kinds, kinds
    subjects.append((m["To"], s))
cases = [s for t, s in subjects if s.startswith("Дело №")]
assert len(cases) == 7, subjects
assert any("пытки" in s for s in cases), cases
assert any(s.startswith("Негативный материал: kabar") for t, s in subjects)
assert any(s.startswith("Резонанс: сюжет подхватили 3 издания") for t, s in subjects)
print("\n".join(t + " " + s for t, s in subjects))
PY
'

test_expect 'the webhook and Telegram receive theirs; cases are now sent' '
	[ "$(grep -l "^/hook" "$TRASH"/sink/post-*.json | wc -l)" = 6 ] &&
	[ "$(grep -l "^/bot123:secret-token/sendMessage" "$TRASH"/sink/post-*.json | wc -l)" = 2 ] &&
	grep -h "\"chat_id\":\"42\"" "$TRASH"/sink/post-*.json | grep -q Резонанс &&
	[ "$(sql "SELECT count(*) FROM cases WHERE status = ${q}sent${q}")" = 4 ] &&
	[ "$(sql "SELECT count(*) FROM case_history WHERE to_status = ${q}sent${q}")" = 4 ]
'

test_expect 'a second run sends nothing again' '
	mm alerts send >send2.out 2>&1 &&
	grep -q "alerts: 0 new, 0 sent" send2.out &&
	[ "$(ls "$TRASH"/sink/mail-*.eml | wc -l)" = 11 ]
'

test_expect 'digest --send mails the digest to leadership, once' '
	mm digest --date 2026-11-17 --send >ds.out 2>&1 && cat ds.out &&
	grep -q "digest of 2026-11-17: 2 sent, 0 failed" ds.out &&
	mm digest --date 2026-11-17 --send >ds2.out 2>&1 &&
	grep -q "0 sent" ds2.out &&
	python3 - "$TRASH/sink" <<PY
import email, email.header, glob, sys
got = []
for f in sorted(glob.glob(sys.argv[1] + "/mail-*.eml")):
    m = email.message_from_bytes(open(f, "rb").read())
    s = str(email.header.make_header(email.header.decode_header(m["Subject"])))
    if s.startswith("Дайджест СМИ"):
        html = [p for p in m.walk() if p.get_content_type() == "text/html"][0]
        body = html.get_payload(decode=True).decode()
        assert "<svg" in body and "17 ноября 2026 г." in body, s
        got.append((m["To"], s))
assert sorted(t for t, s in got) == ["chief@test.example", "press@test.example"], got
assert all(s == "Дайджест СМИ: 17 ноября 2026 г." for t, s in got), got
PY
'

test_expect 'case transitions: allowed moves, refused moves, history' '
	id=$(sql "SELECT min(id) FROM cases") &&
	mm cases update "$id" --status in_review --by alice >out &&
	{ mm cases update "$id" --status sent 2>err; [ $? = 2 ]; } &&
	grep -q "cannot move case $id from in_review to sent" err &&
	{ mm cases update "$id" --status closed 2>err; [ $? = 2 ]; } &&
	grep -q "needs --resolution" err &&
	mm cases update "$id" --status closed --resolution "проверка проведена, виновные наказаны" --by alice &&
	{ mm cases update "$id" --status rejected --resolution x 2>err; [ $? = 2 ]; } &&
	{ mm cases update "$id" --status in_review 2>err; [ $? = 2 ]; } &&
	mm cases update "$id" --status in_review --resolution "новые обстоятельства" --by bob &&
	mm cases show "$id" >show.out && cat show.out &&
	grep -q "in_review -> closed  by alice: проверка проведена" show.out &&
	grep -q "closed -> in_review  by bob: новые обстоятельства" show.out &&
	[ "$(sql "SELECT count(*) FROM case_history WHERE case_id = $id")" = 5 ] &&
	{ mm cases update 999999 --status closed --resolution x 2>err; [ $? = 2 ]; } &&
	grep -q "there is no case 999999" err
'

test_expect 'a failed delivery is retried with backoff, under the same Message-ID' '
	kill "$(cat "$TRASH/sink.pid")" && start_sink sink2 "--fail-first 1" && write_routing &&
	sql "INSERT INTO violations (article_id, category, stage, country, region)
	     SELECT id, ${q}environment${q}, ${q}alleged${q}, ${q}kg${q}, ${q}naryn${q}
	     FROM articles WHERE canonical_url LIKE ${q}%pogoda-vchera%${q}" &&
	mm cases route 2>/dev/null &&
	{ mm alerts send >s.out 2>s.err; [ $? = 1 ]; } && cat s.out s.err &&
	grep -q "1 failed" s.out &&
	[ "$(sql "SELECT status || attempts FROM alerts WHERE subject_key LIKE ${q}case:%${q} AND channel = ${q}email${q} AND status <> ${q}sent${q}")" = failed1 ] &&
	mm alerts send >s2.out 2>&1 && grep -q "0 sent" s2.out &&
	sql "UPDATE alerts SET next_attempt_at = now() WHERE status = ${q}failed${q}" &&
	mm alerts send >s3.out 2>&1 && grep -q "1 sent, 0 failed" s3.out &&
	[ "$(sql "SELECT count(*) FROM alerts WHERE status <> ${q}sent${q}")" = 0 ]
'

# wait_status STATUS: until an alert is in STATUS (at most 30 s)
wait_status() {
	for _ in $(seq 300); do
		[ "$(sql "SELECT count(*) FROM alerts WHERE status = ${q}$1${q}")" -ge 1 ] && return 0
		sleep 0.1
	done
	return 1
}

# new_case CATEGORY: a violation of that category routed to a new case
new_case() {
	sql "INSERT INTO violations (article_id, category, stage, country, region)
	     SELECT id, ${q}$1${q}, ${q}alleged${q}, ${q}kg${q}, ${q}naryn${q}
	     FROM articles WHERE canonical_url LIKE ${q}%pogoda-vchera%${q}" &&
	mm cases route 2>/dev/null
}

# ids_in SINK: the Message-IDs of the mail SINK received, one a line
ids_in() {
	python3 - "$TRASH/$1" <<PY
import email, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/mail-*.eml")):
    print(email.message_from_bytes(open(f, "rb").read())["Message-ID"].strip("<>"))
PY
}

test_expect 'killed before the hand-over: nobody has it, the next run sends it once' '
	kill "$(cat "$TRASH/sink2.pid")" && start_sink sink3 "--delay-rcpt 4" && write_routing &&
	new_case fraud &&
	{ mm_exec alerts send >k.out 2>&1 & pid=$!; } &&
	wait_status pending && sleep 1.5 && kill -9 $pid; wait $pid 2>/dev/null
	[ "$(sql "SELECT count(*) FROM alerts WHERE status = ${q}pending${q}")" -ge 1 ] &&
	ids_in sink3 >ids3 && [ ! -s ids3 ] &&
	mm alerts send >k2.out 2>&1 && cat k2.out &&
	[ "$(sql "SELECT count(*) FROM alerts WHERE status <> ${q}sent${q}")" = 0 ] &&
	ids_in sink3 >ids4 && cat ids4 && [ "$(sort ids4 | uniq -d)" = "" ] &&
	sql "SELECT message_id FROM alerts WHERE subject_key = (SELECT ${q}case:${q} || max(id) FROM cases) AND channel = ${q}email${q} ORDER BY 1" >want4 &&
	sort ids4 >got4 && test_cmp want4 got4
'

test_expect 'killed after the hand-over: not sent again, reported, a person settles it' '
	kill "$(cat "$TRASH/sink3.pid")" && start_sink sink5 "--delay-data 3" && write_routing &&
	new_case abuse_of_office &&
	{ mm_exec alerts send >u.out 2>&1 & pid=$!; } &&
	wait_status handed && kill -9 $pid; wait $pid 2>/dev/null
	id=$(sql "SELECT min(id) FROM alerts WHERE status = ${q}handed${q}") &&
	[ -n "$id" ] &&
	{ mm alerts send >u2.out 2>u2.err; [ $? = 1 ]; } && cat u2.out u2.err &&
	grep -q "alert case (id $id): a run stopped after handing it over" u2.err &&
	grep -q "1 of unknown outcome" u2.out &&
	[ "$(sql "SELECT status FROM alerts WHERE id = $id")" = unknown ] &&
	mm alerts list --status unknown >list.out && cat list.out &&
	grep -q "^$id	unknown	case:" list.out &&
	mm alerts send >u3.out 2>&1 && grep -q "0 sent" u3.out &&
	sleep 3 && ids_in sink5 >ids5 && cat ids5 &&
	[ "$(grep -c "$(sql "SELECT message_id FROM alerts WHERE id = $id")" ids5)" = 1 ] &&
	{ mm alerts resend 999999 2>r.err; [ $? = 1 ]; } && grep -q "there is no alert 999999" r.err &&
	sent=$(sql "SELECT min(id) FROM alerts WHERE status = ${q}sent${q}") &&
	{ mm alerts confirm "$sent" 2>c.err; [ $? = 1 ]; } && grep -q "alert $sent is sent; only" c.err &&
	mm alerts confirm "$id" --by press-duty >c.out && cat c.out &&
	[ "$(sql "SELECT status || ${q}/${q} || settled_by FROM alerts WHERE id = $id")" = sent/press-duty ] &&
	[ "$(sql "SELECT count(*) FROM alerts WHERE status <> ${q}sent${q}")" = 0 ]
'

test_expect 'a person may send an alert of unknown outcome again' '
	id=$(sql "SELECT min(id) FROM alerts WHERE subject_key LIKE ${q}case:%${q}") &&
	sql "UPDATE alerts SET status = ${q}unknown${q} WHERE id = $id" &&
	mm alerts resend "$id" >rs.out && cat rs.out &&
	mm alerts send >rs2.out 2>&1 && cat rs2.out && grep -q "1 sent" rs2.out &&
	[ "$(sql "SELECT status FROM alerts WHERE id = $id")" = sent ]
'

test_expect 'mentions respond: what was answered, how fast, and what is still owed' '
	aid=$(sql "SELECT id FROM articles WHERE canonical_url LIKE ${q}%advokat-osh%${q}") &&
	mm digest --date 2026-11-19 --format json >before.json &&
	python3 -c "import json; d = json.load(open(\"before.json\")); assert [u[\"source\"] for u in d[\"unanswered\"]] == [\"kabar\"], d[\"unanswered\"]" &&
	mm mentions respond "$aid" --url https://prokuror.test/ru/news/otvet --kind refutation >r.out &&
	grep -q "answered (refutation)" r.out &&
	mm digest --date 2026-11-19 --format json >after.json &&
	python3 -c "import json; d = json.load(open(\"after.json\")); assert d[\"unanswered\"] == [], d[\"unanswered\"]" &&
	mm digest --date 2026-11-17 --format text >d.txt &&
	grep -q "дан ответ (опровержение) через" d.txt &&
	{ mm mentions respond "$aid" --url javascript:alert --kind refutation 2>err; [ $? = 2 ]; }
'

test_expect 'the digest shows case numbers' '
	mm digest --date 2026-11-17 --format json >d.json &&
	python3 -c "
import json; d = json.load(open(\"d.json\"))
routed = [v for v in d[\"violations\"] if v[\"case_id\"]]
assert len(routed) >= 4, d[\"violations\"]"
'

test_expect 'routing.yaml errors name the spot; unknown keys are refused' '
	sed "s/^lang: ru/lang: ru\nlanguage: fr/" routing.yaml >bad.yaml &&
	{ mm --routing bad.yaml config check >/dev/null 2>err; [ $? = 1 ]; } &&
	grep -q "bad.yaml:3:1: unrecognized key .language." err &&
	sed "s/categories: \[land_property/categories: [torture, land_property/" routing.yaml >dup.yaml &&
	{ mm --routing dup.yaml config check >/dev/null 2>err; [ $? = 1 ]; } &&
	grep -q "dup.yaml:[0-9]*:[0-9]*: category .torture. belongs to both" err &&
	sed "s/regions: \[naryn\]/regions: [narn]/" routing.yaml >reg.yaml &&
	{ mm --routing reg.yaml config check >/dev/null 2>err; [ $? = 1 ]; } &&
	grep -q "reg.yaml:[0-9]*:[0-9]*: unknown region .narn." err
'

# the sinks started inside test bodies are not in server_pids
for f in "$TRASH"/*.pid; do kill "$(cat "$f")" 2>/dev/null; done

finish
