/*
 * cmd_alerts.c - "mediamon alerts send [--dry-run]": deliver what cannot
 * wait (new cases to their units; negative mentions and resonance to
 * leadership) through the channels routing.yaml sets up, each at most
 * once; "alerts list", and "alerts resend" / "alerts confirm" for a
 * person to settle an alert whose outcome a crash left unknown.
 */
#include "cli.h"
#include "common/log.h"
#include "digest/alert/alerts.h"

#include <stdio.h>
#include <string.h>

int cli_alerts(struct ctx *ctx, int dry_run)
{
	struct alert_stats st;
	struct err e = { "" };

	if (!ctx->routing->smtp_url)
		log_msg(LOG_INFO, NULL, "e-mail alerts are off: no 'smtp:' in "
			"'%s'", ctx->routing->path);
	if (alerts_send(ctx->db, ctx->routing, ctx->cfg, dry_run, NULL, stdout,
			&st, &e) < 0)
		return log_fail(NULL, "could not send alerts: %s", e.msg),
		       EXIT_FAIL;
	if (dry_run)
		printf("alerts: %ld would be sent, %ld waiting for a retry "
		       "(dry run: nothing sent or recorded)\n", st.planned,
		       st.waiting);
	else
		printf("alerts: %ld new, %ld sent, %ld failed (retried "
		       "later), %ld waiting, %ld of unknown outcome (not sent "
		       "again: see 'mediamon alerts list --status "
		       "unknown')\n", st.planned, st.sent, st.failed,
		       st.waiting, st.unsettled);
	return st.failed || st.unknown ? EXIT_FAIL : EXIT_OK;
}

int cmd_alerts_send(const struct command *self, int argc, char **argv,
		    struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int dry_run = 0, c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c != 'n')
			return EXIT_USAGE;
		dry_run = 1;
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	return cli_alerts(ctx, dry_run);
}

int cmd_alerts_list(const struct command *self, int argc, char **argv,
		    struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const states[] = {
		"pending", "handed", "sent", "failed", "unknown", NULL,
	};
	const char *status = NULL;
	struct err e = { "" };
	int json = 0, c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c == 's') {
			int i = 0;

			while (states[i] && strcmp(states[i], optarg))
				i++;
			if (!states[i])
				return usage_error(self, "--status must be "
						   "pending, handed, sent, "
						   "failed or unknown, not "
						   "'%s'", optarg);
			status = optarg;
		} else if (c == 'f') {
			if (strcmp(optarg, "table") && strcmp(optarg, "json"))
				return usage_error(self, "--format must be "
						   "table or json, not '%s'",
						   optarg);
			json = !strcmp(optarg, "json");
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (alerts_list(ctx->db, status, json, stdout, &e) < 0)
		return log_fail(NULL, "cannot read the alerts: %s", e.msg),
		       EXIT_FAIL;
	return EXIT_OK;
}

/* "alerts resend ID" and "alerts confirm ID": one body, two decisions. */
static int settle_cmd(const struct command *self, int argc, char **argv,
		      struct ctx *ctx, int resend)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *by = NULL, *id;
	struct err e = { "" };
	int c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c != 'b')
			return EXIT_USAGE;
		by = optarg;
	}
	if (optind + 1 != argc)
		return usage_error(self, "needs one alert ID");
	id = argv[optind];
	if (!*id || strspn(id, "0123456789") != strlen(id) || strlen(id) > 18)
		return usage_error(self, "'%s' is not an alert ID", id);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if ((resend ? alerts_resend : alerts_confirm)(ctx->db, id, by, &e) < 0)
		return log_fail(NULL, "could not %s alert %s: %s",
				resend ? "resend" : "confirm", id, e.msg),
		       EXIT_FAIL;
	printf(resend ? "alert %s: pending, sent on the next 'alerts send'\n"
		      : "alert %s: sent (confirmed)\n", id);
	return EXIT_OK;
}

int cmd_alerts_resend(const struct command *self, int argc, char **argv,
		      struct ctx *ctx)
{
	return settle_cmd(self, argc, argv, ctx, 1);
}

int cmd_alerts_confirm(const struct command *self, int argc, char **argv,
		       struct ctx *ctx)
{
	return settle_cmd(self, argc, argv, ctx, 0);
}
