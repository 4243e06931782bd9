#!/usr/bin/env python3
"""gen-web.py - a fixture web of N news articles for the crash, outage,
concurrency and memory tests (test-only; Python 3 standard library).

  python3 tests/gen-web.py DIR N [FEEDS]

Writes DIR/feeds/big-K.xml (FEEDS feeds, default 1, the articles dealt
out among them, {{BASE}} links as the fixture server expects) and
DIR/news/big/I.html, each a page with a headline, a date and four
paragraphs in Russian; every third mentions the General Prosecutor's
Office with a criticism, every fifth reports a violation, so the
analyzer has mentions, tonality and violations to store.  The same N
always gives the same bytes."""
import os
import random
import sys

PLACES = ["Бишкеке", "Оше", "Чуйской области", "Иссык-Кульской области",
          "Нарыне", "Таласе", "Джалал-Абаде", "Баткене"]
TOPICS = ["ремонте дорог", "закупке угля", "строительстве школы",
          "выдаче земельных участков", "работе больниц", "тарифах на воду"]


WORDS = ("город район село улица школа больница дорога мост вода свет "
         "газ уголь хлеб рынок цена тариф налог бюджет проект план отчёт "
         "совет мэрия депутат житель студент учитель врач водитель фермер "
         "урожай скот пастбище арык канал река озеро горы перевал туннель "
         "автобус маршрут остановка парковка двор подъезд крыша ремонт "
         "стройка кран бетон асфальт тротуар фонарь сквер парк стадион "
         "турнир концерт театр музей выставка книга газета сайт новость "
         "интервью заявление встреча собрание опрос решение приказ закон "
         "норма правило срок месяц неделя утро вечер зима весна лето осень "
         "снег дождь жара ветер туман паводок сель оползень пожар авария "
         "помощь поддержка грант кредит заём банк вклад зарплата пенсия "
         "пособие льгота очередь справка паспорт виза граница таможня "
         "поезд вокзал аэропорт рейс билет гостиница туризм ярмарка").split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def article(i):
    # Each text its own words, seeded by its number: the story clusterer
    # sees distinct stories, as on a real day, not one template.
    rng = random.Random(i)
    place = PLACES[i % len(PLACES)]
    topic = TOPICS[i % len(TOPICS)]
    title = "Новость %d: %s, %s в %s" % (i, words(rng, 3), topic, place)
    paras = [
        "В %s обсуждают %s: %s." % (place, topic, words(rng, 25)),
        "Выпуск номер %d: %s." % (i, words(rng, 30)),
    ]
    if i % 3 == 0:
        paras.append("Генеральная прокуратура Кыргызской Республики "
                     "бездействует, заявили активисты, и не реагирует на "
                     "жалобы граждан о %s." % topic)
    if i % 5 == 0:
        paras.append("Прокуратура %s выявила коррупцию: чиновник получил "
                     "взятку в размере %d тысяч сомов, возбуждено уголовное "
                     "дело." % (place, 100 + i % 900))
    paras.append("Подробности будут опубликованы позже.")
    return title, paras


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    feeds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    os.makedirs(os.path.join(out, "feeds"), exist_ok=True)
    os.makedirs(os.path.join(out, "news", "big"), exist_ok=True)
    items = [[] for _ in range(feeds)]
    for i in range(n):
        title, paras = article(i)
        day = 1 + i % 28
        date = "2026-11-%02dT%02d:%02d:00+06:00" % (day, i % 24, i % 60)
        with open(os.path.join(out, "news", "big", "%d.html" % i), "w",
                  encoding="utf-8") as f:
            f.write("<!DOCTYPE html><html lang=\"ru\"><head><meta "
                    "charset=\"utf-8\"><title>%s</title><meta property="
                    "\"article:published_time\" content=\"%s\"></head>"
                    "<body><nav><a href=\"/\">Главная</a></nav><article>"
                    "<h1>%s</h1>%s</article><footer>© Фикстура</footer>"
                    "</body></html>\n" % (title, date, title, "".join(
                        "<p>%s</p>" % p for p in paras)))
        items[i % feeds].append(
            "<item><title>%s</title><link>{{BASE}}/news/big/%d.html</link>"
            "<guid>big-%d</guid><pubDate>%s</pubDate><description>%s"
            "</description></item>\n" % (title, i, i, date, paras[0]))
    for k in range(feeds):
        with open(os.path.join(out, "feeds", "big-%d.xml" % k), "w",
                  encoding="utf-8") as f:
            f.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss "
                    "version=\"2.0\"><channel><title>Big %d</title><link>"
                    "{{BASE}}/</link>\n%s</channel></rss>\n" %
                    (k, "".join(items[k])))
    with open(os.path.join(out, "robots.txt"), "w") as f:
        f.write("User-agent: *\nAllow: /\n")


if __name__ == "__main__":
    main()
