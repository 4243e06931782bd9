# pgcluster.sh - start and stop a throw-away PostgreSQL cluster for tests,
# as an unprivileged account when run as root (PostgreSQL refuses root).
# Sourced by tests/lib.sh and tests/run-tests.

# Run as the unprivileged account when root: PostgreSQL refuses root.
as_pg_user() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${MEDIAMON_PG_USER:-postgres}" -- "$@"
	else
		"$@"
	fi
}

pg_bin() {
	for d in ${MEDIAMON_PG_BIN:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	dirname "$(command -v initdb)"
}

# Start a throw-away cluster in $1 (a directory to create); MM_PG_OPTS
# adds server options (the bench's pg_stat_statements).
pg_cluster_start() {
	bin=$(pg_bin)
	mkdir -p "$1"
	[ "$(id -u)" = 0 ] && chown "${MEDIAMON_PG_USER:-postgres}" "$1"
	as_pg_user "$bin/initdb" -D "$1/data" -U mediamon -A trust -E UTF8 \
		--locale=C.UTF-8 >"$1/initdb.log" 2>&1 || {
		cat "$1/initdb.log"; return 1; }
	as_pg_user "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$1' -c fsync=off -c port=5432 ${MM_PG_OPTS:-}" \
		start >/dev/null || { cat "$1/server.log"; return 1; }
}

pg_cluster_stop() {
	as_pg_user "$(pg_bin)/pg_ctl" -D "$1/data" -m immediate -w stop \
		>/dev/null 2>&1
}

