#!/bin/sh
# 0110-config-edges: what the config loader must refuse or survive: a
# failed file leaks nothing, "\0" is refused, 100,000 sources load in
# linear time, an XPath that does not compile is named with its spot.
. "$(dirname "$0")/../lib.sh"

head() {
	printf 'version: 1\nreviewed: %s\n' "$(date -u +%Y-%m-%d)"
}

# Under SAN=1 the binary carries AddressSanitizer, whose leak checker
# runs at exit (and valgrind cannot run it); else valgrind looks.
if [ "${BUILD:-build}" = build-san ]; then
	leak_check() { "$@"; }
else
	leak_check() {
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite \
			--suppressions="$TESTS_DIR/valgrind.supp" "$@"
	}
fi

test_expect 'a file that fails after defaults: leaks nothing' '
	{ head && printf "defaults:\n  lang: l\n"; } >defaults.yaml &&
	{ leak_check "$MEDIAMON" config check --file defaults.yaml 2>err
	  rc=$?; } &&
	cat err && [ "$rc" -eq 1 ] && grep -q "missing .sources. list" err
'

test_expect 'the YAML escape backslash-zero is refused, not cut short' '
	{ head && printf "sources:\n  - name: \"on\\\\0e\"\n" &&
	  printf "    url: http://e.example/\n"; } >nul.yaml &&
	cat nul.yaml &&
	! mm config check --file nul.yaml 2>err && cat err &&
	grep -q "nul.yaml:4:11: a NUL character" err
'

test_expect '100,000 sources load in linear time' '
	{ head && echo "sources:" &&
	  seq 100000 | awk "{ printf \"- {name: s%d, url: \\\"http://e/%d\\\"}\\n\", \$1, \$1 }"
	} >many.yaml &&
	# Quadratic name checks took 18 s of CPU; linear ones 0.5 s.
	( ulimit -t 8; mm config check --file many.yaml >out ) &&
	grep -q "ok, 100000 sources" out &&
	echo "- {name: s7, url: \"http://e/x\"}" >>many.yaml &&
	! mm config check --file many.yaml 2>err &&
	grep -q "many.yaml:100004:3: duplicate source name .s7. (first defined at line 10)" err
'

test_expect 'an XPath that does not compile is named with FILE:LINE:COL' '
	{ head && printf "sources:\n  - name: a\n    url: http://e.example/\n" &&
	  printf "    type: html\n    links: \"]]]\"\n"; } >xpath.yaml &&
	! mm sources check --offline --file xpath.yaml >out 2>err && cat err &&
	grep -q "xpath.yaml:7:12: .links. is not a valid XPath: .\]\]\]." err &&
	! grep -q "XPath error" err &&
	{ head && printf "sources:\n  - name: a\n    url: http://e.example/\n" &&
	  printf "    article: {xpath: \"//div[\"}\n"; } >article.yaml &&
	! mm sources check --offline --file article.yaml 2>err && cat err &&
	grep -q "article.yaml:6:22: .xpath. is not a valid XPath" err
'

finish
