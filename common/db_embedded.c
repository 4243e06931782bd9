/*
 * db_embedded.c - initdb and pg_ctl for the embedded cluster.
 *
 * PostgreSQL refuses to run as root, so when mediamon runs as root the
 * server runs as an unprivileged account ($MEDIAMON_PG_USER, else
 * "postgres" as Debian creates it, else "nobody") through runuser.  The
 * server listens on a Unix socket in the cluster directory only (no TCP),
 * and uses trust authentication, which is safe because only that socket,
 * with the directory's permissions, reaches it.  A lock file serialises
 * two mediamon processes that start the cluster at the same time.
 */
#include "db_embedded.h"
#include "buf.h"
#include "log.h"
#include "paths.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char cluster_dir[4096];

const char *db_embedded_dir(void)
{
	if (!cluster_dir[0])
		snprintf(cluster_dir, sizeof(cluster_dir), "%s/pg",
			 mm_vardir());
	return cluster_dir;
}

/* Directory holding initdb and pg_ctl: $MEDIAMON_PG_BIN, the newest
 * /usr/lib/postgresql/N/bin, or PATH (returned as ""). */
static void find_pg_bin(char *out, size_t n)
{
	const char *env = getenv("MEDIAMON_PG_BIN");
	DIR *d;
	struct dirent *de;
	int best = -1;

	out[0] = '\0';
	if (env && *env) {
		snprintf(out, n, "%s/", env);
		return;
	}
	d = opendir("/usr/lib/postgresql");
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		int v = atoi(de->d_name);
		char probe[512];

		snprintf(probe, sizeof(probe),
			 "/usr/lib/postgresql/%s/bin/initdb", de->d_name);
		if (v > best && access(probe, X_OK) == 0) {
			best = v;
			snprintf(out, n, "/usr/lib/postgresql/%s/bin/",
				 de->d_name);
		}
	}
	closedir(d);
}

static const struct passwd *server_account(void)
{
	const char *names[3] = { getenv("MEDIAMON_PG_USER"), "postgres",
				 "nobody" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct passwd *pw = names[i] ? getpwnam(names[i]) : NULL;

		if (pw && pw->pw_uid != 0)
			return pw;
	}
	return NULL;
}

/*
 * Run argv (as the server account when we are root), output appended to
 * the cluster's setup log.  Returns the exit status, or -1.
 */
static int run_tool(const char *const argv[], struct err *e)
{
	char logpath[4200];
	const struct passwd *pw = NULL;
	pid_t pid;
	int status;

	if (geteuid() == 0) {
		pw = server_account();
		if (!pw)
			return err_set(e, "running as root and no unprivileged "
				       "account to run PostgreSQL (set "
				       "MEDIAMON_PG_USER)");
	}
	snprintf(logpath, sizeof(logpath), "%s/setup.log", db_embedded_dir());
	pid = fork();
	if (pid < 0)
		return err_set(e, "could not start '%s': %s", argv[0],
			       strerror(errno));
	if (pid == 0) {
		int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (pw) {
			/* setgid before setuid; both must succeed. */
			if (setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
				_exit(126);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(e, "could not wait for '%s'", argv[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int make_dirs(struct err *e)
{
	const char *dir = db_embedded_dir();
	const struct passwd *pw = geteuid() == 0 ? server_account() : NULL;

	if (mkdir(mm_vardir(), 0755) < 0 && errno != EEXIST)
		return err_set(e, "cannot create '%s': %s", mm_vardir(),
			       strerror(errno));
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return err_set(e, "cannot create '%s': %s", dir,
			       strerror(errno));
	if (pw && chown(dir, pw->pw_uid, pw->pw_gid) < 0)
		return err_set(e, "cannot give '%s' to '%s': %s", dir,
			       pw->pw_name, strerror(errno));
	/* root must still traverse the directory to reach the socket. */
	if (pw)
		chmod(dir, 0711);
	return 0;
}

static char *conninfo_for(const char *dbname)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "host='%s' port=5432 user=mediamon dbname=%s",
		 db_embedded_dir(), dbname);
	return buf_detach(&b, NULL);
}

static int server_running(void)
{
	char *ci = conninfo_for("postgres");
	PGPing p = PQping(ci);

	free(ci);
	return p == PQPING_OK;
}

static int init_cluster(const char *bin, struct err *e)
{
	char initdb[600], data[4200], marker[4300];
	struct stat st;

	snprintf(data, sizeof(data), "%s/data", db_embedded_dir());
	snprintf(marker, sizeof(marker), "%s/PG_VERSION", data);
	if (stat(marker, &st) == 0)
		return 0;
	snprintf(initdb, sizeof(initdb), "%sinitdb", bin);
	log_msg(LOG_INFO, NULL, "initialising the embedded PostgreSQL "
		"cluster in '%s'", data);
	{
		const char *const argv[] = { initdb, "-D", data, "-U", "mediamon",
				       "-A", "trust", "-E", "UTF8",
				       "--locale=C.UTF-8", NULL };

		if (run_tool(argv, e) != 0)
			return err_set(e, "initdb failed (see '%s/setup.log')",
				       db_embedded_dir());
	}
	return 0;
}

static int start_server(const char *bin, struct err *e)
{
	char pg_ctl[600], data[4200], logf[4200], opts[4400];

	snprintf(pg_ctl, sizeof(pg_ctl), "%spg_ctl", bin);
	snprintf(data, sizeof(data), "%s/data", db_embedded_dir());
	snprintf(logf, sizeof(logf), "%s/server.log", db_embedded_dir());
	snprintf(opts, sizeof(opts),
		 "-c listen_addresses='' -c unix_socket_directories='%s' "
		 "-c port=5432", db_embedded_dir());
	log_msg(LOG_INFO, NULL, "starting the embedded PostgreSQL server in "
		"'%s'", db_embedded_dir());
	{
		const char *const argv[] = { pg_ctl, "-D", data, "-l", logf, "-o",
				       opts, "-w", "-t", "60", "start", NULL };

		if (run_tool(argv, e) != 0)
			return err_set(e, "could not start PostgreSQL (see "
				       "'%s')", logf);
	}
	return 0;
}

static int create_database(struct err *e)
{
	char *ci = conninfo_for("postgres");
	PGconn *c = PQconnectdb(ci);
	PGresult *r;
	int ret = 0;

	free(ci);
	if (PQstatus(c) != CONNECTION_OK) {
		ret = err_set(e, "cannot connect to the embedded server: %s",
			      PQerrorMessage(c));
		goto out;
	}
	r = PQexec(c, "SELECT 1 FROM pg_database WHERE datname = 'mediamon'");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 0) {
		PQclear(r);
		r = PQexec(c, "CREATE DATABASE mediamon");
		if (PQresultStatus(r) != PGRES_COMMAND_OK &&
		    !strstr(PQresultErrorMessage(r), "already exists"))
			ret = err_set(e, "cannot create database: %s",
				      PQresultErrorMessage(r));
	}
	PQclear(r);
out:
	PQfinish(c);
	return ret;
}

char *db_embedded_start(struct err *e)
{
	char bin[512], lockpath[4200];
	int lock = -1;
	char *ret = NULL;

	if (make_dirs(e) < 0)
		return NULL;
	snprintf(lockpath, sizeof(lockpath), "%s/start.lock",
		 db_embedded_dir());
	lock = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0 || flock(lock, LOCK_EX) < 0) {
		err_set(e, "cannot lock '%s': %s", lockpath, strerror(errno));
		goto out;
	}
	if (!server_running()) {
		find_pg_bin(bin, sizeof(bin));
		if (init_cluster(bin, e) < 0 || start_server(bin, e) < 0)
			goto out;
	}
	if (create_database(e) < 0)
		goto out;
	log_msg(LOG_DEBUG, NULL, "using the embedded PostgreSQL cluster in "
		"'%s'", db_embedded_dir());
	ret = conninfo_for("mediamon");
out:
	if (lock >= 0)
		close(lock);
	return ret;
}

/* The server's pid file: a server whose socket was removed from under
 * it (a /tmp cleaner, say) no longer answers a ping but still runs. */
static int pid_file_exists(void)
{
	char p[4300];

	snprintf(p, sizeof(p), "%s/data/postmaster.pid", db_embedded_dir());
	return access(p, F_OK) == 0;
}

int db_embedded_stop(int *was_running, struct err *e)
{
	char bin[512], pg_ctl[600], data[4200];

	*was_running = server_running() || pid_file_exists();
	if (!*was_running)
		return 0;
	find_pg_bin(bin, sizeof(bin));
	snprintf(pg_ctl, sizeof(pg_ctl), "%spg_ctl", bin);
	snprintf(data, sizeof(data), "%s/data", db_embedded_dir());
	{
		const char *const argv[] = { pg_ctl, "-D", data, "-m", "fast", "-w",
				       "stop", NULL };

		if (run_tool(argv, e) != 0)
			return err_set(e, "could not stop PostgreSQL (see "
				       "'%s/setup.log')", db_embedded_dir());
	}
	return 0;
}
