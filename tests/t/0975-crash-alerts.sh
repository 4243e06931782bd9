#!/bin/sh
# 0975-crash-alerts: the crash test of 0970 for cases and alerts (issue
# 16).  With a routing.yaml, analyze opens cases; analyze and then
# "alerts send" are killed (SIGKILL) at random moments, again and again,
# then run to completion.  The database must be one clean run's (no case
# opened twice, no alert recorded twice or left unsent), and the SMTP
# and webhook sink must hold every alert, none twice.  A message a kill
# caught after it was handed over is not sent again but left of unknown
# outcome (README "Routing, cases and alerts"); the test settles each as
# a person would - confirmed if the sink has it, sent again if not -
# and such alerts must not outnumber the kills.  Replay with
# MM_KILL_SEED=N make test T=0975.
. "$(dirname "$0")/../lib.sh"
start_pg
SEED=${MM_KILL_SEED:-$(date +%s)}
echo "# seed $SEED"
python3 "$TESTS_DIR/gen-web.py" "$TRASH/web" 90 3
start_fixture_server --root "$TRASH/web"

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 0
  per_host: 4
  retries: 0
sources:
  - { name: big0, url: "$FIXTURE/feeds/big-0.xml", weight: 1 }
  - { name: big1, url: "$FIXTURE/feeds/big-1.xml", weight: 0.9 }
  - { name: big2, url: "$FIXTURE/feeds/big-2.xml", weight: 0.5 }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

# One sink for both runs (the webhook's URL is a recipient, so it must
# be the same); the clean run's messages are moved aside.  routing.yaml
# beside sources.yaml is found without --routing.
start_sink sink
cat >"$TRASH/routing.yaml" <<EOF
version: 1
lang: ru
departments:
  - { id: anticorruption, name: Антикоррупционное управление, email: anticor@test.example, categories: [corruption, abuse_of_office, fraud] }
  - { id: human_rights, name: Управление по правам человека, email: rights@test.example, categories: [torture, labour, other, children] }
regional_offices:
  - { id: bishkek, name: Прокуратура города Бишкек, email: bishkek@test.example, regions: [bishkek] }
  - { id: osh_city, name: Прокуратура города Ош, email: osh-city@test.example, regions: [osh_city] }
  - { id: naryn, name: Прокуратура Нарынской области, email: naryn@test.example, regions: [naryn] }
leadership: { emails: [chief@test.example] }
alerts: { negative_min_weight: 0.8, max_age_hours: 8000 }
smtp: { url: "smtp://127.0.0.1:$SMTP_PORT", from: mediamon@prokuror.test, timeout_s: 5 }
webhook: { url: "http://127.0.0.1:$HTTP_PORT/hook" }
EOF

# received SINK: one line "MESSAGE-ID COUNT" per Message-ID the sink got
# (e-mail headers, the webhook's "message_id")
received() {
	python3 - "$TRASH/$1" <<'PY'
import collections, email, glob, json, sys
n = collections.Counter()
for f in glob.glob(sys.argv[1] + "/mail-*.eml"):
    m = email.message_from_bytes(open(f, "rb").read())
    n[m["Message-ID"].strip("<>")] += 1
for f in glob.glob(sys.argv[1] + "/post-*.json"):
    path, body = open(f, encoding="utf-8").read().split("\n", 1)
    n[json.loads(body)["message_id"]] += 1
for k in sorted(n):
    print(k, n[k])
PY
}

# check_sink SINK DATABASE MAX_COPIES: every alert of DATABASE arrived,
# nothing else did, and at most MAX_COPIES arrived a second time
check_sink() {
	received "$1" >"$1.got" &&
	PGDATABASE=$2 sql "SELECT message_id FROM alerts ORDER BY 1" >"$1.want" &&
	cut -d' ' -f1 "$1.got" >"$1.ids" &&
	test_cmp "$1.want" "$1.ids" &&
	copies=$(awk '{ c += $2 - 1 } END { print c + 0 }' "$1.got") &&
	echo "$(wc -l <"$1.want") alerts, $copies sent again" >"$1.summary" &&
	[ "$copies" -le "$3" ]
}

CLEAN="${PGDATABASE}_clean"
psql -q -X -d postgres -c "CREATE DATABASE $CLEAN" >/dev/null

test_expect 'one clean run opens cases and sends their alerts' '
	PGDATABASE=$CLEAN mm db migrate >/dev/null 2>&1 &&
	PGDATABASE=$CLEAN mm crawl >clean-crawl.out 2>&1 &&
	PGDATABASE=$CLEAN mm analyze >clean-analyze.out 2>&1 &&
	PGDATABASE=$CLEAN mm alerts send >clean-alerts.out 2>&1 &&
	cat clean-alerts.out && mkdir clean-sink && mv sink/* clean-sink/ &&
	db_snapshot "$CLEAN" >clean.snap && grep "^totals" clean.snap &&
	[ "$(PGDATABASE=$CLEAN sql "SELECT count(*) FROM cases")" -ge 5 ] &&
	[ "$(PGDATABASE=$CLEAN sql "SELECT count(DISTINCT kind) FROM alerts")" = 2 ] &&
	check_sink clean-sink "$CLEAN" 0
'

test_expect 'analyze (routing) killed at random moments, then completed' '
	mm db migrate >/dev/null 2>&1 && mm crawl >crawl.out 2>&1 &&
	kill_at_random "$SEED" 5 1500 "$MEDIAMON" analyze --batch 10 \
		>analyze-kills.out &&
	cat analyze-kills.out "$TRASH/kill.final.out"
'

test_expect 'alerts send killed at random moments, then completed' '
	{ kill_at_random "$((SEED + 1))" 8 500 "$MEDIAMON" alerts send \
		>alerts-kills.out; rc=$?; } &&
	cat alerts-kills.out "$TRASH/kill.final.out" &&
	unknown=$(sql "SELECT count(*) FROM alerts WHERE status = ${q}unknown${q}") &&
	echo "# $unknown of unknown outcome, final run exit $rc" &&
	{ [ $rc = 0 ] || { [ $rc = 1 ] && [ "$unknown" -ge 1 ]; }; } &&
	[ "$unknown" -le "$(grep -c killed alerts-kills.out)" ] &&
	[ "$(sql "SELECT count(*) FROM alerts WHERE status NOT IN (${q}sent${q}, ${q}unknown${q})")" = 0 ]
'

# settle: each alert of unknown outcome confirmed when the sink has it,
# sent again when not (what the press duty officer would do)
test_expect 'alerts of unknown outcome are settled as a person would' '
	received sink >settle.got &&
	for row in $(sql "SELECT id || ${q}:${q} || message_id FROM alerts WHERE status = ${q}unknown${q}"); do
		if grep -q "^${row#*:} " settle.got; then
			mm alerts confirm "${row%%:*}" --by crash-test || exit 1
		else
			mm alerts resend "${row%%:*}" --by crash-test || exit 1
		fi
	done &&
	mm alerts send >settle.out 2>&1 && cat settle.out &&
	[ "$(sql "SELECT count(*) FROM alerts WHERE status <> ${q}sent${q}")" = 0 ]
'

# An alert sent again after a person's decision counts that attempt too:
# its attempts column is left out of the comparison.
test_expect 'the database is the clean run'"'"'s: no case or alert twice' '
	db_snapshot "$PGDATABASE" >killed.snap &&
	grep "^totals" killed.snap &&
	if [ "$(sql "SELECT count(*) FROM alerts WHERE settled_by IS NOT NULL")" = 0 ]; then
		test_cmp clean.snap killed.snap
	else
		awk -F"|" -v OFS="|" "\$1 == \"alert\" { \$8 = \"-\" } 1" clean.snap >clean.cmp &&
		awk -F"|" -v OFS="|" "\$1 == \"alert\" { \$8 = \"-\" } 1" killed.snap >killed.cmp &&
		test_cmp clean.cmp killed.cmp
	fi
'

test_expect 'each alert arrived exactly once' '
	check_sink sink "$PGDATABASE" 0
'

kills() { grep -c killed "$TRASH/$1-kills.out" 2>/dev/null; }
echo "# analyze killed $(kills analyze) times, alerts send $(kills alerts);" \
	"$(cat "$TRASH/sink.summary" 2>/dev/null)"
psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $CLEAN" >/dev/null 2>&1
finish
