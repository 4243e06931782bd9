/*
 * cmd_alerts.c - "mediamon alerts send [--dry-run]": deliver what cannot
 * wait (new cases to their units; negative mentions and resonance to
 * leadership) through the channels routing.yaml sets up, each once.
 */
#include "cli.h"
#include "common/log.h"
#include "digest/alert/alerts.h"

#include <stdio.h>

int cli_alerts(struct ctx *ctx, int dry_run)
{
	struct alert_stats st;
	struct err e = { "" };

	if (!ctx->routing->smtp_url)
		log_msg(LOG_INFO, NULL, "e-mail alerts are off: no 'smtp:' in "
			"'%s'", ctx->routing->path);
	if (alerts_send(ctx->db, ctx->routing, dry_run, stdout, &st, &e) < 0)
		return log_fail(NULL, "could not send alerts: %s", e.msg),
		       EXIT_FAIL;
	if (dry_run)
		printf("alerts: %ld would be sent, %ld waiting for a retry "
		       "(dry run: nothing sent or recorded)\n", st.planned,
		       st.waiting);
	else
		printf("alerts: %ld new, %ld sent, %ld failed (retried "
		       "later), %ld waiting\n", st.planned, st.sent, st.failed,
		       st.waiting);
	return st.failed ? EXIT_FAIL : EXIT_OK;
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
