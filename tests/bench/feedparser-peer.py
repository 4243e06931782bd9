#!/usr/bin/env python3
"""feedparser-peer.py - the Python peer of "make bench": Debian's
python3-feedparser over the same feed files as mediamon's parser, in one
process, the files read before the clock starts.  Prints
"feedparser: FEEDS feeds BYTES bytes SECONDS s ENTRIES entries".
  /usr/bin/python3 feedparser-peer.py FILE...
"""
import sys
import time

import feedparser


def main():
    docs = []
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            docs.append(f.read())
    entries = 0
    t0 = time.monotonic()
    for d in docs:
        entries += len(feedparser.parse(d).entries)
    sec = time.monotonic() - t0
    print("feedparser: %d feeds %d bytes %.3f s %d entries"
          % (len(docs), sum(map(len, docs)), sec, entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
