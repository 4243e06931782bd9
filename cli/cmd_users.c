/*
 * cmd_users.c - "mediamon users": accounts of the web interface.  A
 * password is read from standard input, one line (never an argument,
 * which any user of the machine could read in the process list); on a
 * terminal it is not echoed.
 */
#include "cli.h"
#include "common/log.h"
#include "digest/web/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PASSWORD_MIN 8

/* One line of standard input into a malloc'd string, or NULL. */
static char *read_password(void)
{
	struct termios old, quiet;
	int tty = isatty(0) && tcgetattr(0, &old) == 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (tty) {
		fputs("password: ", stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &quiet);
	}
	n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(0, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

static int with_password(const struct command *self, char **out)
{
	*out = read_password();
	if (!*out || strlen(*out) < PASSWORD_MIN) {
		free(*out);
		*out = NULL;
		return usage_error(self, "give the password on standard input, "
				   "one line of %d characters or more",
				   PASSWORD_MIN);
	}
	return 0;
}

static int done(const struct command *self, int rc, const char *what,
		const char *name, struct err *e)
{
	if (rc > 0)
		return usage_error(self, "%s", e->msg);
	if (rc < 0)
		return log_fail(NULL, "could not %s '%s': %s", what, name,
				e->msg), EXIT_FAIL;
	printf("%s: %s\n", name, what);
	return EXIT_OK;
}

int cmd_users_add(const struct command *self, int argc, char **argv,
		  struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role = NULL, *unit = NULL, *name;
	struct err e = { "" };
	char *pass;
	int c, rc;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c == 'r')
			role = optarg;
		else if (c == 'u')
			unit = optarg;
		else
			return EXIT_USAGE;
	}
	if (optind + 1 != argc)
		return usage_error(self, "needs one NAME");
	name = argv[optind];
	if (!users_role_valid(role))
		return usage_error(self, "--role must be press, department, "
				   "regional, leadership, analyst or admin");
	if (users_role_needs_unit(role) != (unit != NULL))
		return usage_error(self, unit ? "--unit is for department and "
				   "regional accounts only" : "a %s account "
				   "needs --unit ID", role);
	if (strlen(name) > 64 || !*name)
		return usage_error(self, "a name of 1 to 64 characters");
	if (with_password(self, &pass))
		return EXIT_USAGE;
	if (cli_setup(ctx, self->flags) != EXIT_OK) {
		free(pass);
		return EXIT_FAIL;
	}
	rc = users_add(ctx->db, name, role, unit, pass, &e);
	free(pass);
	return done(self, rc, "added", name, &e);
}

int cmd_users_passwd(const struct command *self, int argc, char **argv,
		     struct ctx *ctx)
{
	struct err e = { "" };
	char *pass;
	int rc;

	if (argc != 2)
		return usage_error(self, "needs one NAME");
	if (with_password(self, &pass))
		return EXIT_USAGE;
	if (cli_setup(ctx, self->flags) != EXIT_OK) {
		free(pass);
		return EXIT_FAIL;
	}
	rc = users_passwd(ctx->db, argv[1], pass, &e);
	free(pass);
	return done(self, rc, "password changed", argv[1], &e);
}

int cmd_users_disable(const struct command *self, int argc, char **argv,
		      struct ctx *ctx)
{
	struct err e = { "" };

	if (argc != 2)
		return usage_error(self, "needs one NAME");
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	return done(self, users_disable(ctx->db, argv[1], &e), "disabled",
		    argv[1], &e);
}

int cmd_users_list(const struct command *self, int argc, char **argv,
		   struct ctx *ctx)
{
	struct err e = { "" };

	if (argc > 1)
		return usage_error(self, "unexpected argument '%s'", argv[1]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (users_list(ctx->db, stdout, &e) < 0)
		return log_fail(NULL, "cannot list accounts: %s", e.msg),
		       EXIT_FAIL;
	return EXIT_OK;
}
