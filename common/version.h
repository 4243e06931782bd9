/*
 * version.h - mediamon's version: printed by --version, written into the
 * WARC archive's warcinfo record and the User-Agent.
 */
#ifndef MM_VERSION_H
#define MM_VERSION_H

#define MEDIAMON_VERSION "0.1.0"

#endif
