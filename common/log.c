/*
 * log.c - one-line diagnostics on stderr, escaped and written atomically.
 * When stderr is the systemd journal, the journal stamps the time itself:
 * the line then starts with a priority prefix journald reads ("<4>warn
 * crawl kloop: ...") instead of a second timestamp.
 */
#include "log.h"
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static enum log_level threshold = LOG_INFO;
static int threshold_read;
static const char *component = "mediamon";
static int progress_active;
static int journal = -1;	/* stderr is the journal: unknown (-1), 0, 1 */

static const char *const level_names[] = { "error", "warn", "info",
					   "debug" };

void log_set_component(const char *name)
{
	component = name;
}

void log_set_progress(int active)
{
	progress_active = active;
}

int log_progress_shown(void)
{
	return progress_active;
}

void log_set_level(enum log_level level)
{
	threshold = level;
	threshold_read = 1;
}

/* The level MEDIAMON_LOG names, or -1 for a name that is no level. */
static int env_level(const char *v)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(*level_names); i++)
		if (!strcasecmp(v, level_names[i]))
			return (int)i;
	return -1;
}

static void read_threshold(void)
{
	const char *v = getenv("MEDIAMON_LOG");

	threshold_read = 1;
	if (v && *v && env_level(v) >= 0)
		threshold = (enum log_level)env_level(v);
}

int log_check_env(struct err *e)
{
	const char *v = getenv("MEDIAMON_LOG");

	if (v && *v && env_level(v) < 0)
		return err_set(e, "MEDIAMON_LOG='%s' is not a level (error, "
			       "warn, info or debug)", v);
	return 0;
}

int log_enabled(enum log_level level)
{
	if (!threshold_read)
		read_threshold();
	return level <= threshold;
}

/*
 * Whether stderr is connected to the journal: systemd sets JOURNAL_STREAM
 * to "DEVICE:INODE" of the stream it gave the service, and a stderr with
 * that device and inode is that stream (sd_journal_stream_fd(3)); a
 * process whose stderr was redirected elsewhere keeps the variable but
 * not the stream.
 */
static int stderr_is_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char end;

	if (!v || sscanf(v, "%llu:%llu%c", &dev, &ino, &end) != 2)
		return 0;
	if (fstat(STDERR_FILENO, &st) < 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

/* Append s escaping control bytes, so one message is always one line. */
static void add_escaped(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if (c == '\t')
			buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(out, "\\x%02x", c);
		else
			buf_addch(out, c);
	}
}

static void log_vmsg(enum log_level level, const char *source,
		     const char *fmt, va_list ap)
{
	/* syslog priorities of error, warn, info and debug */
	static const int priority[] = { 3, 4, 6, 7 };
	struct buf msg = BUF_INIT, line = BUF_INIT;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (journal < 0)
		journal = stderr_is_journal();
	buf_vaddf(&msg, fmt, ap);
	if (progress_active) {
		buf_adds(&line, "\r\033[K");
		progress_active = 0;	/* until it is drawn again */
	}
	if (journal) {
		buf_addf(&line, "<%d>%s %s ", priority[level],
			 level_names[level], component);
	} else {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_addf(&line, "%s %s %s ", stamp, level_names[level],
			 component);
	}
	if (source) {
		add_escaped(&line, source, strlen(source));
		buf_adds(&line, ": ");
	}
	add_escaped(&line, msg.data, msg.len);
	buf_addch(&line, '\n');
	/* One write() so lines from concurrent processes do not interleave. */
	if (write(STDERR_FILENO, line.data, line.len) < 0) {
		/* nowhere left to report it */
	}
	buf_release(&msg);
	buf_release(&line);
}

void log_msg(enum log_level level, const char *source, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	log_vmsg(level, source, fmt, ap);
	va_end(ap);
}

int log_fail(const char *source, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_ERROR, source, fmt, ap);
	va_end(ap);
	return -1;
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}

int err_set(struct err *e, const char *fmt, ...)
{
	char msg[sizeof(e->msg)];
	va_list ap;

	if (!e)
		return -1;
	/* through a copy: an argument that is e->msg itself must not be
	 * read while it is overwritten (err_prefix is the way to do that) */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(e->msg, msg, sizeof(msg));
	return -1;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
	char cause[sizeof(e->msg)];
	va_list ap;
	int n;

	if (!e)
		return -1;
	memcpy(cause, e->msg, sizeof(cause));
	va_start(ap, fmt);
	n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(e->msg))
		snprintf(e->msg + n, sizeof(e->msg) - (size_t)n, ": %s", cause);
	return -1;
}
