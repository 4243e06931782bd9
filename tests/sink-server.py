#!/usr/bin/env python3
"""sink-server.py - the far end of the alert channels, on loopback, for
the tests: a small SMTP server that stores each accepted message, and an
HTTP server that stores each POST (webhooks, the Telegram Bot API).

  sink-server.py --dir DIR --port-file FILE [--fail-first N]
                 [--delay-data SECONDS] [--delay-rcpt SECONDS]

FILE receives "SMTP_PORT HTTP_PORT".  Messages go to DIR/mail-NNNN.eml
(the raw message, dot-unstuffed), posts to DIR/post-NNNN.json (first line
the path, then the body).  --fail-first N answers the first N messages
with a temporary failure (451) so that retries can be tested;
--delay-data waits after the end of the first message's data before
storing and accepting it, so that a test can kill the sender after it
handed the message over; --delay-rcpt waits before answering the first
RCPT, so that it can kill the sender before.  Test code only.
"""
import argparse
import http.server
import os
import socketserver
import threading
import time

args = None
lock = threading.Lock()
counter = {"mail": 0, "post": 0, "refused": 0, "rcpt": 0, "data": 0}


def store(kind, data):
    with lock:
        counter[kind] += 1
        n = counter[kind]
    ext = "eml" if kind == "mail" else "json"
    path = os.path.join(args.dir, "%s-%04d.%s" % (kind, n, ext))
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.rename(path + ".tmp", path)


def first(what):
    """True the first time `what` happens."""
    with lock:
        counter[what] += 1
        return counter[what] == 1


class SMTPHandler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.send("220 sink ESMTP test server")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").strip()
            verb = cmd.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
                self.wfile.flush()
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                if verb == "RCPT" and first("rcpt"):
                    time.sleep(args.delay_rcpt)
                self.send("250 OK")
            elif verb == "DATA":
                self.send("354 end with <CRLF>.<CRLF>")
                data = []
                while True:
                    l = self.rfile.readline()
                    if not l:
                        return  # cut short: a server discards it
                    if l in (b".\r\n", b".\n"):
                        break
                    if l.startswith(b".."):
                        l = l[1:]
                    data.append(l)
                if first("data"):
                    time.sleep(args.delay_data)
                with lock:
                    refuse = counter["refused"] < args.fail_first
                    if refuse:
                        counter["refused"] += 1
                if refuse:
                    self.send("451 try again later")
                else:
                    store("mail", b"".join(data))
                    self.send("250 OK queued")
            elif verb == "QUIT":
                self.send("221 bye")
                return
            else:
                self.send("502 not implemented")


class HTTPHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        if len(body) < n:
            return  # cut short: not a request
        store("post", self.path.encode() + b"\n" + body)
        answer = b'{"ok":true,"result":{}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *a):
        pass


class ThreadingTCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--delay-data", type=float, default=0)
    p.add_argument("--delay-rcpt", type=float, default=0)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    smtp = ThreadingTCP(("127.0.0.1", 0), SMTPHandler)
    web = ThreadingTCP(("127.0.0.1", 0), HTTPHandler)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    threading.Thread(target=web.serve_forever, daemon=True).start()
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d %d\n" % (smtp.server_address[1], web.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
