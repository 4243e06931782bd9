#!/bin/sh
# 1200-package: what an administrator installs.  The man pages render
# without warnings; the systemd units pass systemd-analyze verify; the
# Debian package builds (dpkg-buildpackage on a copy of the tree), holds
# what it should, passes lintian without errors, and its maintainer
# scripts run into a throw-away root (dpkg --root with the scripts run
# outside it, commands that would touch the host stubbed and recorded);
# the installed binary works from the installed data.  The tools come
# from scripts/install-deps --package; without them the parts that need
# them are skipped with a note.
. "$(dirname "$0")/../lib.sh"
"$SRC_DIR/scripts/install-deps" --package --quiet >"$TRASH/deps.log" 2>&1 ||
	echo "# scripts/install-deps --package could not install everything"

if command -v man >/dev/null && command -v groff >/dev/null; then
test_expect 'the man pages render without warnings' '
	for f in "$SRC_DIR"/man/mediamon.1 "$SRC_DIR"/man/*.5; do
		MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "$f" \
			>page 2>warn || { cat warn; exit 1; }
		[ ! -s warn ] || { echo "$f:"; cat warn; exit 1; }
		[ "$(wc -l <page)" -gt 40 ] || exit 1
	done &&
	MANWIDTH=80 man -l "$SRC_DIR/man/mediamon.1" >m1 2>/dev/null &&
	for c in run crawl analyze digest "alerts send" "mentions set" \
		"cases update" "export articles" trends search report serve \
		"users add" "config check" "sources check" "db migrate" \
		parse-feed extract robots-check; do
		grep -q "mediamon $c" m1 || { echo "no $c"; exit 1; }
	done &&
	for v in MEDIAMON_SOURCES MEDIAMON_DB MEDIAMON_ROUTING MEDIAMON_LOG \
		MEDIAMON_HOME MEDIAMON_VAR MEDIAMON_PG_BIN MEDIAMON_PG_USER \
		MEDIAMON_NO_JIT MEDIAMON_NO_VMODEL JOURNAL_STREAM; do
		grep -q "$v" m1 || { echo "no $v"; exit 1; }
	done
'
else
	echo "# man or groff is missing: the man pages are not checked"
fi

if command -v systemd-analyze >/dev/null; then
test_expect 'the systemd units pass systemd-analyze verify' '
	mkdir units &&
	for u in "$SRC_DIR"/scripts/systemd/*; do
		sed "s|/usr/bin/mediamon|$MEDIAMON|g" "$u" >units/${u##*/}
	done &&
	systemd-analyze verify --man=no units/* >verify 2>&1; rc=$?;
	cat verify; [ $rc = 0 ] && [ ! -s verify ] &&
	systemd-analyze calendar "$(sed -n "s/^OnCalendar=//p" units/mediamon-digest.timer)" |
		grep -q "08:00:00 Asia/Bishkek" &&
	grep -q "^ProtectSystem=strict" units/mediamon-crawl.service &&
	grep -q "^NoNewPrivileges=yes" units/mediamon-db.service
'
else
	echo "# systemd-analyze is missing: the units are not verified"
fi

if [ "${BUILD:-build}" = build-san ]; then
	echo "# the package is built and checked by the plain run, not SAN=1"
	finish
	exit
fi
if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null ||
	! command -v lintian >/dev/null; then
	echo "# dpkg-buildpackage, debhelper or lintian is missing" \
		"(scripts/install-deps --package): the package is not checked"
	finish
	exit
fi

deb="$TRASH/mediamon_$(sed -n '1s/.*(\(.*\)).*/\1/p' "$SRC_DIR/debian/changelog")_$(dpkg --print-architecture).deb"
test_expect 'dpkg-buildpackage builds the mediamon package' '
	mkdir src && (cd "$SRC_DIR" && tar --exclude=./build --exclude=./build-san --exclude=./build-fuzz \
		--exclude=./var --exclude=./.git --exclude=./mediamon -cf - .) |
		tar -xf - -C src &&
	(cd src && DEB_BUILD_OPTIONS="parallel=2 nocheck noddebs" \
		dpkg-buildpackage -us -uc -b) >build.log 2>&1 ||
		{ tail -n 30 build.log; exit 1; }
	[ -s "$deb" ]
'

test_expect 'the package holds the binary, data, units, man pages, config' '
	dpkg -c "$deb" | awk "{ print \$6 }" | sed "s|^\./|/|" >contents &&
	for f in /usr/bin/mediamon /etc/mediamon/sources.yaml \
		/etc/mediamon/routing.yaml /etc/default/mediamon \
		/usr/share/mediamon/sql/001_schema.sql \
		/usr/share/mediamon/analyzer/lexicons/kg/country.yaml \
		/usr/share/mediamon/analyzer/lexicons/shared/violation-model.tsv \
		/usr/share/mediamon/digest/routing.yaml \
		/usr/share/mediamon/locale/ky/LC_MESSAGES/mediamon-ky.mo \
		/usr/share/mediamon/examples/crontab.example \
		/lib/systemd/system/mediamon-crawl.timer \
		/lib/systemd/system/mediamon-digest.timer \
		/lib/systemd/system/mediamon-serve.service \
		/lib/systemd/system/mediamon-db.service \
		/usr/share/man/man1/mediamon.1.gz \
		/usr/share/man/man5/mediamon-sources.yaml.5.gz \
		/usr/share/man/man5/mediamon-routing.yaml.5.gz \
		/usr/share/doc/mediamon/copyright /var/lib/mediamon/; do
		grep -qx "$f" contents || { echo "missing $f"; exit 1; }
	done &&
	dpkg-deb -e "$deb" ctl &&
	printf "/etc/default/mediamon\n/etc/mediamon/routing.yaml\n/etc/mediamon/sources.yaml\n" >want &&
	sort ctl/conffiles >got && test_cmp want got &&
	dpkg-deb -x "$deb" tree &&
	grep -q "^  warc_dir: /var/lib/mediamon/warc" tree/etc/mediamon/sources.yaml
'

test_expect 'lintian finds no errors' '
	lintian --no-tag-display-limit "$deb" >lintian.out 2>&1; cat lintian.out;
	! grep -q "^E:" lintian.out
'

# Commands the maintainer scripts run that would change the host (its
# users, its systemd) are stubs that record their arguments.
mkdir -p "$TRASH/stubs"
for t in adduser deluser deb-systemd-helper deb-systemd-invoke systemctl \
	chown; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$t" "$TRASH" \
		>"$TRASH/stubs/$t"
	chmod +x "$TRASH/stubs/$t"
done
root="$TRASH/root"
dpkg_root() {
	PATH="$TRASH/stubs:$PATH" dpkg --root="$root" --force-script-chrootless \
		--force-depends "$@"
}

test_expect 'install into a throw-away root: the user, enabled, not started' '
	mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" \
		"$root/var/lib/dpkg/triggers" &&
	: >"$root/var/lib/dpkg/status" && : >"$root/var/lib/dpkg/available" &&
	dpkg_root -i "$deb" >install.log 2>&1 || { cat install.log; exit 1; }
	cat calls &&
	grep -q "^adduser --system --group .*--home /var/lib/mediamon .* mediamon$" calls &&
	grep -q "^chown mediamon:mediamon $root/var/lib/mediamon$" calls &&
	grep -q "^deb-systemd-helper enable mediamon-crawl.timer$" calls &&
	grep -q "^deb-systemd-helper enable mediamon-digest.timer$" calls &&
	! grep -q "deb-systemd-invoke.* start\|systemctl.* start" calls &&
	[ "$(stat -c %a "$root/var/lib/mediamon")" = 750 ] &&
	dpkg --root="$root" -s mediamon | grep -q "^Status: install ok installed"
'

test_expect 'the installed binary works from the installed data' '
	MEDIAMON_HOME="$root/usr/share/mediamon" \
	"$root/usr/bin/mediamon" config check \
		--file "$root/etc/mediamon/sources.yaml" >check.out 2>&1 ||
		{ cat check.out; exit 1; }
	echo "Прокуратура Чуйской области вернула государству пастбища." |
		MEDIAMON_HOME="$root/usr/share/mediamon" \
		"$root/usr/bin/mediamon" analyze --text - >an.json &&
	grep -q "positive" an.json
'

test_expect 'remove and purge run their scripts; the data is kept' '
	: >calls && mkdir -p "$root/var/lib/mediamon/pg" &&
	dpkg_root -r mediamon >remove.log 2>&1 || { cat remove.log; exit 1; }
	dpkg_root -P mediamon >purge.log 2>&1 || { cat purge.log; exit 1; }
	cat calls && grep -q "deb-systemd-helper purge mediamon-crawl.timer" calls &&
	[ -d "$root/var/lib/mediamon/pg" ] && [ ! -e "$root/usr/bin/mediamon" ] &&
	[ ! -e "$root/etc/mediamon/sources.yaml" ]
'

finish
