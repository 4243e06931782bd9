#!/bin/sh
# 0010-style: the house rules of scripts/checksrc hold for every file.
. "$(dirname "$0")/../lib.sh"

test_expect 'no banned functions, every file says its job, tabs indent' '
	"$SRC_DIR/scripts/checksrc"
'

test_expect 'checksrc catches a banned call and a missing header' '
	printf "int f(char *d)\n{\n\treturn sprintf(d, \"x\");\n}\n" >bad.c &&
	! "$SRC_DIR/scripts/checksrc" "$PWD/bad.c" >out 2>&1 && cat out &&
	grep -q "bad.c:3:.*banned" out && grep -q "bad.c:1: no header" out
'

test_expect 'every catalog translates every string the sources mark' '
	for po in "$SRC_DIR"/po/??.po; do
		msgfmt --check --statistics -o /dev/null "$po" 2>stats || exit 1
		cat stats
		if grep -q "untranslated\|fuzzy" stats; then
			echo "$po is incomplete"; exit 1
		fi
	done &&
	xgettext --from-code=UTF-8 --language=C --keyword=tr:2 \
		--keyword=trc:2c,3 --keyword=trn:2,3 --keyword=N_ \
		--keyword=NC_:1c,2 -o marked.pot \
		$(cd "$SRC_DIR" && find cli common crawler analyzer digest \
			-name "*.c" | sed "s|^|$SRC_DIR/|") &&
	msgcmp --use-untranslated marked.pot "$SRC_DIR/po/ru.po" 2>missing ||
	{ cat missing; echo "run make po, then translate"; exit 1; }
'

finish
