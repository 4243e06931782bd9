#!/bin/sh
# 1010-browser: the web interface in Debian's chromium driven by
# Playwright (tests/browser/web.mjs), then the database checked: the case
# a department closed in the browser is closed for "mediamon cases list",
# the press department's tonality correction moved the daily figures.
# Screenshots of each page are kept in $ARTIFACTS.
. "$(dirname "$0")/../lib.sh"
start_pg
start_fixture_server
mm db migrate >/dev/null
. "$TESTS_DIR/web-lib.sh"

web_fixture_day
for u in press1:press ana:analyst adm:admin; do
	echo "password-${u%%:*}" | mm users add "${u%%:*}" --role "${u#*:}" >/dev/null
done
echo password-hr | mm users add hr --role department --unit human_rights >/dev/null
start_web

test_expect 'Playwright can drive chromium (playwright-core from npm)' '
	command -v node >/dev/null && command -v chromium >/dev/null &&
	{ [ -d "$TESTS_DIR/browser/node_modules/playwright-core" ] ||
	  (cd "$TESTS_DIR/browser" && npm ci --no-audit --no-fund >/dev/null); }
'

test_expect 'a department closes its case; the press corrects a tonality' '
	HR_CASE=$(sql "SELECT case_id FROM v_cases WHERE department = ${q}human_rights${q} ORDER BY case_id LIMIT 1") &&
	AC_CASE=$(sql "SELECT case_id FROM v_cases WHERE department = ${q}anticorruption${q} LIMIT 1") &&
	ARTICLE=$(sql "SELECT id FROM articles WHERE canonical_url LIKE ${q}%advokat-osh%${q}") &&
	before=$(sql "SELECT negative FROM v_daily_tonality WHERE day = ${q}2026-11-17${q} AND source = ${q}kabar${q}") &&
	HR_CASE=$HR_CASE AC_CASE=$AC_CASE ARTICLE=$ARTICLE ARTIFACTS=$ARTIFACTS \
		node "$TESTS_DIR/browser/web.mjs" &&
	mm cases list --format json >l.json &&
	python3 -c "
import json; c = {x[\"id\"]: x for x in json.load(open(\"l.json\"))}
assert c[$HR_CASE][\"status\"] == \"closed\", c[$HR_CASE]" &&
	[ "$before" = 1 ] &&
	[ "$(sql "SELECT negative FROM v_daily_tonality WHERE day = ${q}2026-11-17${q} AND source = ${q}kabar${q}")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM audit_log WHERE action IN (${q}case${q}, ${q}tonality${q})")" = 2 ]
'

test_expect 'a screenshot of every page is kept' '
	for p in login home-department cases-board case-closed materials home-press digest-archive digest sources case admin \
		trends trends-regions search; do
		[ -s "$ARTIFACTS/web-$p.png" ] || { echo "no $p"; exit 1; }
	done
'

stop_web
finish
