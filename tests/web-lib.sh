# web-lib.sh - sourced by the web tests after lib.sh: the fixture day
# with its cases, a "mediamon serve" on a free loopback port, and curl
# helpers that sign in as a user and keep one cookie jar per user.

# Crawl, analyse and route the digest fixture day (tests/fixtures/web/
# digest) with a routing.yaml of four units.
web_fixture_day() {
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
	cat >"$TRASH/routing.yaml" <<EOF
version: 1
departments:
  - { id: anticorruption, name: Антикоррупционное управление, categories: [corruption, abuse_of_office] }
  - { id: human_rights, name: Управление по правам человека, categories: [torture, labour, other, domestic_violence, children] }
  - { id: economy, name: Управление по экономике, categories: [land_property, environment, fraud] }
regional_offices:
  - { id: bishkek, name: Прокуратура города Бишкек, regions: [bishkek] }
  - { id: osh_city, name: Прокуратура города Ош, regions: [osh_city] }
  - { id: osh, name: Прокуратура Ошской области, regions: [osh] }
EOF
	(cd "$TRASH" && mm crawl >/dev/null 2>&1 && mm analyze >/dev/null 2>&1)
}

# start_web [serve options]: (re)start the server; exports WEB.
start_web() {
	stop_web
	port=$(python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])")
	(cd "$TRASH" && exec "$MEDIAMON" serve --listen "127.0.0.1:$port" "$@") \
		>"$TRASH/serve.log" 2>&1 &
	echo $! >"$TRASH/serve.pid"
	WEB="http://127.0.0.1:$port"
	export WEB
	for _ in $(seq 100); do
		curl -s -o /dev/null "$WEB/login" && return 0
		sleep 0.1
	done
	cat "$TRASH/serve.log"
	return 1
}

stop_web() {
	[ -f "$TRASH/serve.pid" ] || return 0
	kill "$(cat "$TRASH/serve.pid")" 2>/dev/null
	wait "$(cat "$TRASH/serve.pid")" 2>/dev/null
	rm -f "$TRASH/serve.pid"
}

# login_code NAME PASSWORD [JAR]: the HTTP status of a sign-in; the
# session goes to JAR.jar (default NAME), the headers to JAR.headers.
login_code() {
	jar="$TRASH/${3:-$1}.jar"
	rm -f "$jar"
	t=$(curl -s -c "$jar" -b "$jar" "$WEB/login" |
		sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -c "$jar" -b "$jar" -D "$TRASH/${3:-$1}.headers" -o /dev/null \
		-w "%{http_code}" --data-urlencode "username=$1" \
		--data-urlencode "password=$2" --data-urlencode "csrf=$t" \
		"$WEB/login"
}

# login NAME PASSWORD: succeed when the sign-in redirects to /.
login() {
	[ "$(login_code "$1" "$2")" = 303 ]
}

# status PATH [USER]: the HTTP status of a GET.
status() {
	if [ -n "${2:-}" ]; then
		curl -s -o /dev/null -w "%{http_code}" -b "$TRASH/$2.jar" "$WEB$1"
	else
		curl -s -o /dev/null -w "%{http_code}" "$WEB$1"
	fi
}

# get USER PATH: the body of a GET.
get() {
	curl -s -b "$TRASH/$1.jar" "$WEB$2"
}

# csrf USER: the form token of the user's session.
csrf() {
	get "$1" / | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' |
		head -n 1
}

# post USER PATH DATA: the HTTP status of a form POST.
post() {
	curl -s -o "$TRASH/post.out" -w "%{http_code}" -b "$TRASH/$1.jar" \
		--data "$3" "$WEB$2"
}
