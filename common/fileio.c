/*
 * fileio.c - whole-file reads and atomic writes.
 */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int file_read(const char *path, struct buf *out, struct err *e)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	char chunk[65536];
	ssize_t n;
	int ret = 0;

	if (fd < 0)
		return err_set(e, "cannot open '%s': %s", path,
			       strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = err_set(e, "could not read '%s': %s", path,
				      strerror(errno));
			break;
		}
		if (buf_add(out, chunk, (size_t)n) < 0) {
			ret = err_set(e, "'%s' is larger than %zu bytes", path,
				      out->cap);
			break;
		}
	}
	if (fd != 0)
		close(fd);
	return ret;
}

int file_write_atomic(const char *path, const char *data, size_t n,
		      struct err *e)
{
	char tmp[4096];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path,
			     (long)getpid()) >= sizeof(tmp))
		return err_set(e, "path too long: '%s'", path);
	f = fopen(tmp, "wb");
	if (!f)
		return err_set(e, "cannot create '%s': %s", tmp,
			       strerror(errno));
	if (fwrite(data, 1, n, f) != n || fflush(f) || fsync(fileno(f))) {
		int saved = errno;

		fclose(f);
		unlink(tmp);
		return err_set(e, "could not write '%s': %s", tmp,
			       strerror(saved));
	}
	if (fclose(f) || rename(tmp, path)) {
		int saved = errno;

		unlink(tmp);
		return err_set(e, "could not write '%s': %s", path,
			       strerror(saved));
	}
	return 0;
}
