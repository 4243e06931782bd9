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

finish
