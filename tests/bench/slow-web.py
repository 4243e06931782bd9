#!/usr/bin/env python3
"""slow-web.py - a loopback web of many outlets for the crawl figures of
"make bench" (issue 17): every host name sNNNNN.localhost (curl resolves
*.localhost to the loopback address itself) is an outlet with a
robots.txt, an RSS feed /rss.xml of --items articles and their pages,
made on the fly from the host's number, so 10,000 outlets cost nothing
to set up.  Every response waits --delay-ms first, as a distant server
would; a feed asked again with its ETag answers 304.  HTTP/1.1
keep-alive, one asyncio loop; it counts what it served and writes
"requests N" to --stats when it is stopped (SIGTERM).

  slow-web.py --port-file FILE [--delay-ms 100] [--items 1] [--stats F]
"""
import argparse
import asyncio
import os
import signal
import sys

ROBOTS = b"User-agent: *\nAllow: /\n"
SENTENCES = [
    "Прокуратура Чуйской области вернула государству 120 гектаров "
    "пастбищ.",
    "Жители села жалуются, что обращения в районную прокуратуру "
    "остаются без ответа.",
    "The prosecutor's office opened a case after reports of unpaid "
    "wages at the mine.",
    "Суд отменил решение айыл окмоту о передаче земли частному лицу.",
    "По словам адвоката, заявление о пытках пролежало без движения "
    "больше месяца.",
]


def feed(host, port, n, items):
    base = "http://%s:%d" % (host, port)
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
           '<channel><title>Outlet %d</title><link>%s/</link>'
           '<language>ru</language>\n' % (n, base)]
    for k in range(items):
        out.append("<item><title>Новость %d-%d: %s</title><link>%s/news/"
                   "%d.html</link><guid>%s/news/%d.html</guid><pubDate>"
                   "Wed, 18 Nov 2026 %02d:%02d:00 +0600</pubDate>"
                   "<description>%s</description></item>\n"
                   % (n, k, SENTENCES[(n + k) % 5], base, k, base, k,
                      k % 24, n % 60, SENTENCES[(n + 2 * k) % 5]))
    out.append("</channel></rss>\n")
    return "".join(out).encode()


def page(n, k):
    body = " ".join(SENTENCES[(n + k + i) % 5] for i in range(40))
    return ("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
            "<title>Новость %d-%d</title></head><body><nav><a href=\"/\">"
            "Главная</a></nav><article><h1>Новость %d-%d</h1><p>%s</p>"
            "<p>%s</p></article><footer>© Outlet %d</footer></body></html>"
            % (n, k, n, k, body, body, n)).encode()


class Web:
    def __init__(self, o):
        self.o = o
        self.requests = 0
        self.port = 0

    def answer(self, method, path, headers):
        host = headers.get("host", "").split(":")[0]
        n = 0
        if host.startswith("s") and host.endswith(".localhost"):
            try:
                n = int(host[1:-len(".localhost")])
            except ValueError:
                n = 0
        if path == "/robots.txt":
            return 200, "text/plain", ROBOTS, {}
        if path == "/rss.xml":
            etag = '"f%d"' % n
            if headers.get("if-none-match") == etag:
                return 304, None, b"", {"ETag": etag}
            return (200, "application/rss+xml; charset=utf-8",
                    feed(host, self.port, n, self.o.items), {"ETag": etag})
        if path.startswith("/news/") and path.endswith(".html"):
            try:
                k = int(path[6:-5])
            except ValueError:
                k = -1
            if 0 <= k < self.o.items:
                return 200, "text/html; charset=utf-8", page(n, k), {}
        return 404, "text/plain", b"not found\n", {}

    async def client(self, reader, writer):
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                parts = line.decode("latin-1").split()
                headers = {}
                while True:
                    h = await reader.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                if len(parts) < 2:
                    break
                self.requests += 1
                await asyncio.sleep(self.o.delay_ms / 1000.0)
                status, ctype, body, extra = self.answer(parts[0],
                                                         parts[1], headers)
                head = ["HTTP/1.1 %d %s" % (status, "OK" if status == 200
                                            else "Other"),
                        "Content-Length: %d" % len(body)]
                if ctype:
                    head.append("Content-Type: " + ctype)
                for k, v in extra.items():
                    head.append("%s: %s" % (k, v))
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() +
                             (body if parts[0] != "HEAD" else b""))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def main(self):
        server = await asyncio.start_server(self.client, "127.0.0.1", 0,
                                            backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        tmp = self.o.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % self.port)
        os.rename(tmp, self.o.port_file)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for s in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(s, stop.set)
        async with server:
            await stop.wait()
        if self.o.stats:
            with open(self.o.stats, "w") as f:
                f.write("requests %d\n" % self.requests)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--delay-ms", type=float, default=100)
    ap.add_argument("--items", type=int, default=1)
    ap.add_argument("--stats")
    o = ap.parse_args()
    asyncio.run(Web(o).main())
    return 0


if __name__ == "__main__":
    sys.exit(main())
