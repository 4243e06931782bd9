#!/usr/bin/env python3
"""gen-corpus.py - the deterministic corpus of "make bench" (issue 17).

Everything comes from one seed, so two runs write the same bytes: news
articles of 300-1500 words made of sentences of the project's own
labelled news (tests/data/analyzer/*.jsonl: Russian, Kyrgyz, English),
some reprinted by other outlets (story clusters), presented as

  feeds/NNNN.xml   RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) feeds, some in
                   windows-1251, some carrying the full text
  pages/NNNNN.html the articles' news pages: navigation, sidebars,
                   comments, footers, scripts and styles around the text
  texts.jsonl      the pages' texts as "analyze --jsonl" reads them
  store/           a WARC of full-text feeds (the storage stage) and its
                   sources.yaml
  day/             a WARC of a whole day (--day articles: feeds and every
                   article's page) and its sources.yaml

  gen-corpus.py OUT [--seed N] [--feeds N] [--items N] [--pages N]
                    [--store-feeds N] [--day N] [--day-feeds N]
Nothing here is timed: the bench times what reads these files.
"""
import argparse
import gzip
import hashlib
import html
import json
import os
import random
import re
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "analyzer")
DAY0 = datetime(2026, 11, 18, 0, 0, tzinfo=timezone(timedelta(hours=6)))


def load_bank():
    """Sentences of the labelled news, by language."""
    bank = {}
    names = sorted(n for n in os.listdir(DATA) if n.endswith(".jsonl"))
    for name in names:
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            for line in f:
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                lang = item.get("lang", "ru")
                if lang not in ("ru", "en", "ky"):
                    continue
                text = item.get("text", "")
                for s in re.split(r"(?<=[.!?»])\s+", text):
                    s = s.strip()
                    if 20 <= len(s) <= 600:
                        bank.setdefault(lang, []).append(s)
    return bank


WORDS = {
    "ru": "Главное Новости Политика Экономика Общество Происшествия "
          "Культура Спорт Мнения Видео Фото Регионы Бишкек Ош Мир "
          "Подписаться Реклама Контакты Архив Поиск".split(),
    "en": "Home News Politics Business Society Incidents Culture Sport "
          "Opinion Video Photo Regions World Subscribe Advertise Contact "
          "Archive Search".split(),
}
WORDS["ky"] = WORDS["ru"]
COMMENTERS = ["Айбек", "Нурлан", "Гульнара", "Читатель", "Гость",
              "Эркин", "Asel", "Марат", "Светлана", "Бакыт"]


class Article:
    __slots__ = ("n", "outlet", "lang", "title", "paras", "when",
                 "reprint_of", "words")


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.bank = load_bank()
        self.arts = []
        # one style sheet and script per outlet style, as sites carry
        self.css = self.boiler("css", 12000)
        self.js = self.boiler("js", 30000)

    def boiler(self, kind, size):
        rng = random.Random(size)
        out = []
        n = 0
        while n < size:
            if kind == "css":
                s = (".b-%d .c-%d{margin:%dpx %dpx;color:#%06x;font:%dpx/1.4 "
                     "Arial,sans-serif}\n" % (rng.randrange(999),
                                              rng.randrange(999),
                                              rng.randrange(30),
                                              rng.randrange(30),
                                              rng.randrange(1 << 24),
                                              rng.randrange(10, 30)))
            else:
                s = ("function f%d(a,b){var x=document.querySelectorAll("
                     "'.item-%d');for(var i=0;i<x.length;i++){x[i].style."
                     "opacity=%d/10;}return a+b*%d;}\n"
                     % (rng.randrange(9999), rng.randrange(999),
                        rng.randrange(10), rng.randrange(99)))
            out.append(s)
            n += len(s)
        return "".join(out)

    def sentences(self, lang, words):
        got, out = 0, []
        bank = self.bank[lang]
        while got < words:
            s = bank[self.rng.randrange(len(bank))]
            out.append(s)
            got += s.count(" ") + 1
        return out

    def article(self, outlet, when):
        a = Article()
        a.n = len(self.arts)
        a.outlet = outlet
        a.when = when
        a.reprint_of = None
        r = self.rng.random()
        a.lang = "ru" if r < 0.8 else "en" if r < 0.92 else "ky"
        earlier = [b for b in self.arts[-200:] if b.reprint_of is None]
        if earlier and self.rng.random() < 0.15:
            # a reprint: another outlet's story, cut and re-titled
            src = earlier[self.rng.randrange(len(earlier))]
            a.lang = src.lang
            a.reprint_of = src.n
            keep = max(1, len(src.paras) - self.rng.randrange(3))
            a.paras = [list(p) for p in src.paras[:keep]]
            a.title = src.title
            if self.rng.random() < 0.5:
                a.title = src.title.rstrip(".") + (
                    " (обновлено)" if a.lang != "en" else " (updated)")
        else:
            n = self.rng.randrange(300, 1501)
            sents = self.sentences(a.lang, n)
            a.paras = []
            while sents:
                k = self.rng.randrange(2, 6)
                a.paras.append(sents[:k])
                sents = sents[k:]
            t = a.paras[0][0]
            a.title = t if len(t) < 110 else t[:t.rfind(" ", 0, 100)] + "…"
        a.words = sum(len(" ".join(p).split()) for p in a.paras)
        self.arts.append(a)
        return a

    # ---- pages ------------------------------------------------------
    def page(self, a, url, host):
        rng = self.rng
        style = a.outlet % 4
        lang = a.lang
        w = WORDS[lang]
        esc = html.escape
        menu = "".join('<li><a href="https://%s/%s/">%s</a></li>'
                       % (host, x.lower(), x) for x in w)
        heads = [b.title for b in self.arts[-12:-2]] or [a.title]
        side = "".join('<li><a href="https://%s/news/%d.html">%s</a>'
                       '<span class="views">%d</span></li>'
                       % (host, rng.randrange(100000), esc(t),
                          rng.randrange(99999)) for t in heads)
        body = "".join("<p>%s</p>\n" % esc(" ".join(p)) for p in a.paras)
        if style == 1:
            # an inline quote and a photo in the middle of the text
            body = body.replace("</p>\n", "</p>\n<figure><img src=\"/i/%d"
                                ".jpg\" alt=\"\"><figcaption>%s"
                                "</figcaption></figure>\n" %
                                (a.n, esc(w[3])), 1)
        comments = "".join(
            '<div class="comment"><b>%s</b> <time>%s</time><p>%s</p></div>'
            % (COMMENTERS[rng.randrange(len(COMMENTERS))],
               a.when.strftime("%d.%m.%Y %H:%M"),
               esc(self.bank[lang][rng.randrange(len(self.bank[lang]))]))
            for _ in range(rng.randrange(0, 15)))
        iso = a.when.isoformat()
        ld = ""
        if a.n % 2 == 0:
            ld = ('<script type="application/ld+json">%s</script>' %
                  json.dumps({"@context": "https://schema.org",
                              "@type": "NewsArticle", "headline": a.title,
                              "datePublished": iso,
                              "author": {"@type": "Person",
                                         "name": "Редакция"}},
                             ensure_ascii=False).replace("</", "<\\/"))
        wrap = ["article", "div class=\"news-text\"",
                "div class=\"content\" itemprop=\"articleBody\"",
                "section class=\"story\""][style]
        end = wrap.split()[0]
        css_cut = self.css[:6000 + 2000 * style]
        return (
            '<!DOCTYPE html>\n<html lang="%s"><head><meta charset="utf-8">'
            '<title>%s | Outlet %d</title>'
            '<meta name="viewport" content="width=device-width">'
            '<meta property="og:title" content="%s">'
            '<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="%s">'
            '<link rel="canonical" href="%s">%s'
            '<style>%s</style><script>%s</script></head>\n'
            '<body class="page-%d"><header class="top"><div class="logo">'
            'Outlet %d</div><nav class="menu"><ul>%s</ul></nav>'
            '<form class="search"><input name="q"></form></header>\n'
            '<div class="banner"><a href="https://ads.example/%d">'
            '<img src="/b/%d.gif" alt="ad"></a></div>\n'
            '<main><div class="breadcrumbs"><a href="/">%s</a> / '
            '<a href="/news/">%s</a></div>\n'
            '<%s><h1>%s</h1><div class="meta"><time datetime="%s">%s</time>'
            ' <span class="views">%d</span></div>\n%s</%s>\n'
            '<div class="share"><a href="#">VK</a> <a href="#">Telegram'
            '</a> <a href="#">WhatsApp</a></div>\n'
            '<div class="tags"><a href="/tag/1">%s</a> <a href="/tag/2">%s'
            '</a></div>\n<section class="comments"><h3>%s</h3>%s</section>'
            '</main>\n<aside class="sidebar"><h3>%s</h3><ul>%s</ul>'
            '<div class="widget">%s</div></aside>\n'
            '<footer><ul>%s</ul><p>© 2026 Outlet %d. %s</p></footer>'
            '<script>%s</script></body></html>\n'
            % (lang, esc(a.title), a.outlet, esc(a.title, quote=True), iso,
               url, ld, css_cut, self.js[:10000 + 4000 * style], style,
               a.outlet, menu, a.n, a.n, w[0], w[1], wrap, esc(a.title), iso,
               a.when.strftime("%d.%m.%Y %H:%M"), rng.randrange(99999),
               body, end, w[4], w[9], w[8], comments, w[1], side,
               esc(self.bank[lang][rng.randrange(len(self.bank[lang]))]),
               menu, a.outlet, w[17], self.js[20000:26000 + 1000 * style]))

    # ---- feeds ------------------------------------------------------
    def feed(self, fid, host, items, full):
        """One feed of items [(article, url)] in the format of fid."""
        kind = ("rss", "rss", "rss", "atom", "rss", "rdf", "atom")[fid % 7]
        cp1251 = kind == "rss" and fid % 5 == 1 and all(
            a.lang != "en" for a, _ in items)
        esc = html.escape
        ent = []
        for a, url in items:
            summ = a.paras[0][0]
            full_html = "".join("<p>%s</p>" % esc(" ".join(p))
                                for p in a.paras)
            t = esc(a.title)
            if kind == "rss":
                ent.append(
                    "<item><title>%s</title><link>%s</link>"
                    "<guid isPermaLink=\"true\">%s</guid>"
                    "<pubDate>%s</pubDate><category>%s</category>"
                    "<dc:creator>Редакция</dc:creator>"
                    "<description>%s</description>%s</item>\n"
                    % (t, url, url,
                       a.when.strftime("%a, %d %b %Y %H:%M:%S +0600"),
                       WORDS[a.lang][1 + a.n % 9],
                       esc("<p>%s</p>" % esc(summ)),
                       "<content:encoded><![CDATA[%s]]></content:encoded>"
                       % full_html if full else ""))
            elif kind == "atom":
                ent.append(
                    "<entry><title>%s</title><link rel=\"alternate\" "
                    "href=\"%s\"/><id>%s</id><published>%s</published>"
                    "<updated>%s</updated><author><name>Редакция</name>"
                    "</author><summary type=\"html\">%s</summary>%s"
                    "</entry>\n"
                    % (t, url, url, a.when.isoformat(), a.when.isoformat(),
                       esc("<p>%s</p>" % esc(summ)),
                       "<content type=\"html\">%s</content>"
                       % esc(full_html) if full else ""))
            else:
                ent.append(
                    "<item rdf:about=\"%s\"><title>%s</title><link>%s</link>"
                    "<dc:date>%s</dc:date><description>%s</description>"
                    "%s</item>\n"
                    % (url, t, url, a.when.isoformat(), esc(summ),
                       "<content:encoded><![CDATA[%s]]></content:encoded>"
                       % full_html if full else ""))
        title = "Outlet %d news" % fid
        lang = items[0][0].lang if items else "ru"
        enc = "windows-1251" if cp1251 else "utf-8"
        if kind == "rss":
            doc = ('<?xml version="1.0" encoding="%s"?>\n<rss version="2.0" '
                   'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   '<channel><title>%s</title><link>https://%s/</link>'
                   '<description>Новости</description>'
                   '<language>%s</language><lastBuildDate>%s</lastBuildDate>'
                   '\n%s</channel></rss>\n'
                   % (enc, title, host, lang,
                      DAY0.strftime("%a, %d %b %Y %H:%M:%S +0600"),
                      "".join(ent)))
        elif kind == "atom":
            doc = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns='
                   '"http://www.w3.org/2005/Atom" xml:lang="%s"><title>%s'
                   '</title><link href="https://%s/"/><id>https://%s/</id>'
                   '<updated>%s</updated>\n%s</feed>\n'
                   % (lang, title, host, host, DAY0.isoformat(),
                      "".join(ent)))
        else:
            seq = "".join('<rdf:li rdf:resource="%s"/>' % u for _, u in items)
            doc = ('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:'
                   'rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl'
                   '.org/dc/elements/1.1/" xmlns:content="http://purl.org/'
                   'rss/1.0/modules/content/"><channel rdf:about="https://%s'
                   '/rss"><title>%s</title><link>https://%s/</link>'
                   '<description>News</description><items><rdf:Seq>%s'
                   '</rdf:Seq></items></channel>\n%s</rdf:RDF>\n'
                   % (host, title, host, seq, "".join(ent)))
        if cp1251:
            return doc.encode("cp1251", "xmlcharrefreplace")
        return doc.encode("utf-8")


def host_of(i):
    return "outlet%04d.example" % i


def url_of(i, n):
    return "https://%s/news/%d.html" % (host_of(i), n)


class Warc:
    """gzip-per-record WARC 1.1 response records, as crawler/warc/ writes
    them (warc_read.c reads them back for crawl --replay)."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.n = 0

    def add(self, uri, ctype, body, when):
        self.n += 1
        http = ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: "
                "%d\r\n\r\n" % (ctype, len(body))).encode()
        block = http + body
        head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: "
                "<urn:uuid:00000000-0000-4000-8000-%012d>\r\nWARC-Date: %s"
                "\r\nWARC-Target-URI: %s\r\nWARC-Block-Digest: sha256:%s\r\n"
                "WARC-Payload-Digest: sha256:%s\r\nContent-Type: "
                "application/http;msgtype=response\r\nContent-Length: %d"
                "\r\n\r\n" % (self.n, when.astimezone(timezone.utc)
                              .strftime("%Y-%m-%dT%H:%M:%SZ"), uri,
                              hashlib.sha256(block).hexdigest(),
                              hashlib.sha256(body).hexdigest(), len(block)))
        self.f.write(gzip.compress(head.encode() + block + b"\r\n\r\n",
                                   compresslevel=1, mtime=0))

    def close(self):
        self.f.close()


def sources_yaml(path, names_urls):
    with open(path, "w", encoding="utf-8") as f:
        f.write("version: 1\nreviewed: 2026-11-18\ncrawler:\n"
                "  allow_networks: [127.0.0.0/8]\n  max_articles: 1000\n"
                "sources:\n")
        for name, url in names_urls:
            f.write('  - { name: %s, url: "%s" }\n' % (name, url))


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--feeds", type=int, default=3000)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--store-feeds", type=int, default=100)
    ap.add_argument("--day", type=int, default=20000)
    ap.add_argument("--day-feeds", type=int, default=1000)
    o = ap.parse_args()
    g = Gen(o.seed)
    for d in ("feeds", "pages", "store", "day"):
        os.makedirs(os.path.join(o.out, d), exist_ok=True)

    # Feeds: items of their own outlet, a day of news each.
    for i in range(o.feeds):
        items = []
        for k in range(o.items):
            when = DAY0 + timedelta(minutes=(i * 7 + k * 61) % 1440)
            a = g.article(i, when)
            items.append((a, url_of(i, a.n)))
        write(os.path.join(o.out, "feeds", "%04d.xml" % i),
              g.feed(i, host_of(i), items, full=i % 10 == 0))

    # Pages, and their texts for analyze --jsonl.
    with open(os.path.join(o.out, "texts.jsonl"), "w",
              encoding="utf-8") as tx:
        for k in range(o.pages):
            a = g.arts[k * 7 % len(g.arts)]
            url = url_of(a.outlet, a.n)
            write(os.path.join(o.out, "pages", "%05d.html" % k),
                  g.page(a, url, host_of(a.outlet)).encode("utf-8"))
            text = a.title + "\n\n" + "\n\n".join(" ".join(p)
                                                  for p in a.paras)
            tx.write(json.dumps({"id": "bench-%d" % k, "text": text,
                                 "lang": a.lang}, ensure_ascii=False) + "\n")

    # Storage: full-text feeds in a WARC (no pages: what is timed is
    # storing the articles the feeds carry).
    w = Warc(os.path.join(o.out, "store", "store.warc.gz"))
    srcs = []
    for i in range(o.store_feeds):
        fid = 5000 + i
        items = []
        for k in range(25):
            a = g.article(fid, DAY0 + timedelta(minutes=k * 37 + i))
            items.append((a, url_of(fid, a.n)))
        url = "https://%s/rss.xml" % host_of(fid)
        w.add(url, "application/rss+xml", g.feed(fid * 7, host_of(fid),
                                                  items, True), DAY0)
        srcs.append(("store%04d" % i, url))
    w.close()
    sources_yaml(os.path.join(o.out, "store", "sources.yaml"), srcs)

    # The whole day: every feed, then every article's page.
    per = max(1, o.day // max(1, o.day_feeds))
    w = Warc(os.path.join(o.out, "day", "day.warc.gz"))
    srcs, pages = [], []
    for i in range(o.day_feeds):
        fid = 10000 + i
        items = []
        for k in range(per):
            when = DAY0 + timedelta(minutes=(k * 1440 // per + i) % 1440)
            a = g.article(fid, when)
            items.append((a, url_of(fid, a.n)))
        pages.extend(items)
        url = "https://%s/rss.xml" % host_of(fid)
        # feeds without the full text: the pages carry it
        w.add(url, "application/rss+xml", g.feed(fid * 7 + 1, host_of(fid),
                                                  items, False), DAY0)
        srcs.append(("day%04d" % i, url))
    for a, url in pages:
        w.add(url, "text/html; charset=utf-8",
              g.page(a, url, host_of(a.outlet)).encode("utf-8"), a.when)
    w.close()
    sources_yaml(os.path.join(o.out, "day", "sources.yaml"), srcs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
