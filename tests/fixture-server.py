#!/usr/bin/env python3
"""fixture-server.py - the fixture web for crawl tests (test-only; Python 3
standard library).  Serves tests/fixtures/web on 127.0.0.1 with ETag and
Last-Modified (304 on a match), plus special routes: content encodings,
retry behaviour, hostile servers, and an admin API that edits content so
tests can watch revisions being stored.

  python3 tests/fixture-server.py --port 0 --port-file FILE \
          --root tests/fixtures/web [--log FILE]

Every request is logged, one line, to --log (default stderr):
  GET /news/a.html 200 t=1.234 ua="mediamon/0.1" inm=- ims=-
t is seconds since the server started (for politeness checks).

Text files may contain {{BASE}} (http://127.0.0.1:PORT) and {{HOST}}
(127.0.0.1:PORT), replaced when served.  ROOT/_headers sets headers per
path, one "PATH Name: value" per line ("#" starts a comment).

Routes (see tests/fixtures/web/README for the list with purposes):
  /PATH                   static file; a directory serves index.html
  /gz/PATH                PATH with Content-Encoding: gzip (always)
  /deflate/PATH           PATH with Content-Encoding: deflate (always)
  /slow/MS/PATH           PATH after a delay of MS milliseconds
  /retry-after/N/PATH     first request: 429 + Retry-After: N; then PATH
  /unavailable-once/PATH  first request: 503 + Retry-After: 1; then PATH
  /flaky/PATH             first request: 500; then PATH
  /redirect-to?url=U[&status=N]  redirect (302 or N) to U
  /hostile/...            misbehaving servers, listed in hostile_routes
  /admin/edit?path=P&from=X&to=Y   replace X by Y in P from now on
  /admin/robots?status=N  serve robots.txt with status N (0: normal)
  /admin/reset            forget edits, first-request state, robots
"""
import argparse
import email.utils
import gzip
import hashlib
import os
import posixpath
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STARTED = time.monotonic()
STOP = threading.Event()


class State:
    """What the admin API and first-request routes change, shared by all
    handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.edits = {}         # path -> [(from, to)]
        self.edited_at = {}     # path -> time of the last edit
        self.seen = set()       # first-request routes already hit
        self.robots_status = 0
        self.bomb = None        # the gzip bomb, built on first use

    def first_time(self, key):
        with self.lock:
            if key in self.seen:
                return False
            self.seen.add(key)
            return True


STATE = State()
LOG_LOCK = threading.Lock()


def make_bomb():
    """A gzip body of about 130 KB that inflates to 128 MiB of zeros.
    Built in ~50 ms: after a full flush the deflate output for another
    MiB of zeros is always the same bytes, so it is repeated, and the
    CRC is computed over the zeros without compressing them."""
    with STATE.lock:
        if STATE.bomb is None:
            prefix = b"<rss><channel><title>"
            chunk = b"\0" * (1 << 20)
            n = 128
            co = zlib.compressobj(9, zlib.DEFLATED, -15)
            first = co.compress(prefix) + co.compress(chunk) + \
                co.flush(zlib.Z_FULL_FLUSH)
            rep = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
            crc = zlib.crc32(prefix)
            for _ in range(n):
                crc = zlib.crc32(chunk, crc)
            size = len(prefix) + n * len(chunk)
            STATE.bomb = b"".join([
                b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff",
                first, rep * (n - 1), b"\x03\x00",
                struct.pack("<II", crc, size & 0xffffffff)])
        return STATE.bomb


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture/1.0"
    sys_version = ""

    # -- logging ---------------------------------------------------------
    def log_message(self, fmt, *args):  # silence the default log
        pass

    def log_line(self, status):
        h = self.headers
        line = '%s %s %d t=%.3f ua="%s" inm=%s ims=%s\n' % (
            self.command, self.path, status, time.monotonic() - STARTED,
            (h.get("User-Agent") or "").replace('"', "'"),
            "yes" if h.get("If-None-Match") else "-",
            "yes" if h.get("If-Modified-Since") else "-")
        with LOG_LOCK:
            self.server.logf.write(line)
            self.server.logf.flush()

    # -- helpers ---------------------------------------------------------
    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def send(self, status, body=b"", headers=None, log=True):
        """Send a complete response with Content-Length."""
        headers = dict(headers or {})
        self.send_response_only(status)
        self.send_header("Date", email.utils.formatdate(usegmt=True))
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)
        if log:
            self.log_line(status)

    def start_raw(self, status, headers):
        """Headers only; the caller streams the body and closes."""
        self.close_connection = True
        self.send_response_only(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        self.log_line(status)

    def redirect(self, location, status=302):
        self.send(status, b"moved\n", {"Location": location,
                                       "Content-Type": "text/plain"})

    # -- static files ----------------------------------------------------
    def load(self, path):
        """(bytes, headers dict, mtime) of a file under the root, after
        templating and admin edits; None when absent."""
        root = self.server.root
        clean = posixpath.normpath(urllib.parse.unquote(path))
        if not clean.startswith("/") or "/../" in clean + "/":
            return None
        fs = os.path.join(root, clean.lstrip("/"))
        if os.path.isdir(fs):
            fs = os.path.join(fs, "index.html")
            clean = clean.rstrip("/") + "/index.html"
        if not os.path.isfile(fs) or os.path.basename(fs) == "_headers":
            return None
        with open(fs, "rb") as f:
            data = f.read()
        headers = {"Content-Type": guess_type(fs)}
        headers.update(self.server.extra_headers.get(clean, {}))
        ctype = headers["Content-Type"]
        if is_text(ctype):
            data = data.replace(b"{{BASE}}", self.base().encode())
            data = data.replace(
                b"{{HOST}}", self.base()[len("http://"):].encode())
        mtime = os.path.getmtime(fs)
        with STATE.lock:
            for frm, to in STATE.edits.get(clean, []):
                data = data.replace(frm, to)
            mtime = max(mtime, STATE.edited_at.get(clean, 0))
        return data, headers, mtime

    def serve_file(self, path, encoding=None):
        got = self.load(path)
        if got is None:
            self.send(404, b"not found\n", {"Content-Type": "text/plain"})
            return
        data, headers, mtime = got
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        lastmod = email.utils.formatdate(int(mtime), usegmt=True)
        headers["ETag"] = etag
        headers["Last-Modified"] = lastmod
        headers["Cache-Control"] = "max-age=60"
        if not_modified(self.headers, etag, int(mtime)):
            self.send(304, b"", {"ETag": etag, "Last-Modified": lastmod})
            return
        if encoding == "gzip":
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        elif encoding == "deflate":
            data = zlib.compress(data)
            headers["Content-Encoding"] = "deflate"
            headers["Vary"] = "Accept-Encoding"
        self.send(200, data, headers)

    # -- routing ---------------------------------------------------------
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, urllib.parse.parse_qs(url.query)
        parts = path.split("/")
        if path == "/robots.txt" and STATE.robots_status:
            st = STATE.robots_status
            self.send(st, b"robots status %d\n" % st,
                      {"Content-Type": "text/plain"})
        elif path == "/redirect-to" and "url" in query:
            code = int(query.get("status", ["302"])[0])
            self.redirect(query["url"][0], code)
        elif path.startswith("/admin/"):
            self.admin(path, query)
        elif path.startswith("/hostile/") and path in HOSTILE:
            HOSTILE[path](self)
        elif path.startswith("/gz/"):
            self.serve_file(path[3:], "gzip")
        elif path.startswith("/deflate/"):
            self.serve_file(path[8:], "deflate")
        elif len(parts) > 3 and parts[1] == "slow" and parts[2].isdigit():
            time.sleep(int(parts[2]) / 1000.0)
            self.serve_file("/" + "/".join(parts[3:]))
        elif len(parts) > 3 and parts[1] == "retry-after" and \
                parts[2].isdigit():
            if STATE.first_time(path):
                self.send(429, b"slow down\n", {"Retry-After": parts[2],
                          "Content-Type": "text/plain"})
            else:
                self.serve_file("/" + "/".join(parts[3:]))
        elif path.startswith("/unavailable-once/"):
            if STATE.first_time(path):
                self.send(503, b"unavailable\n", {"Retry-After": "1",
                          "Content-Type": "text/plain"})
            else:
                self.serve_file(path[len("/unavailable-once"):])
        elif path.startswith("/flaky/"):
            if STATE.first_time(path):
                self.send(500, b"oops\n", {"Content-Type": "text/plain"})
            else:
                self.serve_file(path[len("/flaky"):])
        else:
            self.serve_file(path)

    def admin(self, path, query):
        one = {k: v[0] for k, v in query.items()}
        if path == "/admin/edit" and "path" in one and "from" in one:
            with STATE.lock:
                STATE.edits.setdefault(one["path"], []).append(
                    (one["from"].encode(), one.get("to", "").encode()))
                STATE.edited_at[one["path"]] = time.time() + 1
            self.send(200, b"edited\n", {"Content-Type": "text/plain"})
        elif path == "/admin/robots":
            STATE.robots_status = int(one.get("status", "0"))
            self.send(200, b"ok\n", {"Content-Type": "text/plain"})
        elif path == "/admin/reset":
            with STATE.lock:
                STATE.reset()
            self.send(200, b"reset\n", {"Content-Type": "text/plain"})
        else:
            self.send(400, b"bad admin request\n",
                      {"Content-Type": "text/plain"})


# -- hostile routes ----------------------------------------------------------

def h_500(h):
    h.send(500, b"internal error\n", {"Content-Type": "text/plain"})


def h_404(h):
    h.send(404, b"not found\n", {"Content-Type": "text/plain"})


def h_loop(h):
    # /hostile/loop -> /hostile/loop2 -> /hostile/loop -> ...
    h.redirect("/hostile/loop2" if h.path == "/hostile/loop"
               else "/hostile/loop")


def h_metadata(h):
    h.redirect("http://169.254.169.254/latest/meta-data/")


def h_private(h):
    h.redirect("http://10.0.0.1/feed.xml")


def h_file(h):
    h.redirect("file:///etc/passwd")


def h_hang(h):
    # Accept, read the request, never answer.
    h.log_line(0)
    h.close_connection = True
    STOP.wait(600)


def h_close(h):
    # Close the connection without a response.
    h.log_line(0)
    h.close_connection = True
    try:
        h.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def h_trickle(h):
    h.start_raw(200, {"Content-Type": "application/rss+xml",
                      "Content-Length": "100000"})
    for _ in range(600):
        if STOP.is_set():
            break
        h.wfile.write(b"<")
        h.wfile.flush()
        time.sleep(1)


def h_bomb(h):
    data = make_bomb()
    h.send(200, data, {"Content-Type": "application/rss+xml",
                       "Content-Encoding": "gzip"})


def h_endless(h):
    h.start_raw(200, {"Content-Type": "application/rss+xml"})
    h.wfile.write(b"<?xml version=\"1.0\"?><rss><channel>")
    item = b"<item><title>again</title></item>\n" * 1000
    while not STOP.is_set():
        h.wfile.write(item)


def h_big(h):
    # Declares 200 MB; libcurl's MAXFILESIZE refuses it up front.
    h.start_raw(200, {"Content-Type": "application/rss+xml",
                      "Content-Length": str(200 * 1024 * 1024)})
    block = b" " * 65536
    while not STOP.is_set():
        h.wfile.write(block)


def h_retry_long(h):
    h.send(429, b"come back in an hour\n", {"Retry-After": "3600",
                                            "Content-Type": "text/plain"})


def h_retry_date(h):
    when = email.utils.formatdate(time.time() + 7200, usegmt=True)
    h.send(503, b"maintenance\n", {"Retry-After": when,
                                   "Content-Type": "text/plain"})


def h_bad_gzip(h):
    h.send(200, b"\x1f\x8b\x08\x00garbage-not-deflate" * 10,
           {"Content-Type": "application/rss+xml",
            "Content-Encoding": "gzip"})


def h_static(h):
    h.serve_file(h.path)


HOSTILE = {
    "/hostile/500": h_500,
    "/hostile/404": h_404,
    "/hostile/loop": h_loop,
    "/hostile/loop2": h_loop,
    "/hostile/metadata": h_metadata,
    "/hostile/private-redirect": h_private,
    "/hostile/file-redirect": h_file,
    "/hostile/hang": h_hang,
    "/hostile/close": h_close,
    "/hostile/trickle": h_trickle,
    "/hostile/gzip-bomb": h_bomb,
    "/hostile/endless": h_endless,
    "/hostile/big": h_big,
    "/hostile/retry-after-long": h_retry_long,
    "/hostile/retry-after-date": h_retry_date,
    "/hostile/bad-gzip": h_bad_gzip,
    "/hostile/xxe.xml": h_static,
    "/hostile/billion-laughs.xml": h_static,
    "/hostile/not-a-feed.html": h_static,
}


# -- HTTP details --------------------------------------------------------------

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


def guess_type(fs):
    return TYPES.get(os.path.splitext(fs)[1], "application/octet-stream")


def is_text(ctype):
    c = ctype.split(";")[0].strip()
    return c.startswith("text/") or c.endswith("xml") or c.endswith("json")


def not_modified(headers, etag, mtime):
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip() for t in inm.split(",")]
        return "*" in tags or etag in tags or "W/" + etag in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            t = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return mtime <= t
    return False


def read_headers_file(root):
    """ROOT/_headers: "PATH Name: value" lines."""
    extra = {}
    fn = os.path.join(root, "_headers")
    if not os.path.exists(fn):
        return extra
    with open(fn, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            path, _, header = line.partition(" ")
            name, _, value = header.partition(":")
            extra.setdefault(path, {})[name.strip()] = value.strip()
    return extra


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # Clients hanging up on hostile routes is the point, not news.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "fixtures", "web"))
    ap.add_argument("--log")
    args = ap.parse_args()

    srv = Server(("127.0.0.1", args.port), Handler)
    srv.root = os.path.abspath(args.root)
    srv.extra_headers = read_headers_file(srv.root)
    srv.logf = open(args.log, "a", encoding="utf-8") if args.log \
        else sys.stderr
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        STOP.set()
        srv.server_close()


if __name__ == "__main__":
    main()
