/*
 * cmd_run.c - placeholder until its issue fills it in.
 */
#include "mediamon.h"

int cmd_run(int argc, char **argv, struct ctx *ctx)
{
	return cmd_not_implemented(argc, argv, ctx);
}
