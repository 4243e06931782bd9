/*
 * cmd_mentions.c - placeholder until its issue fills it in.
 */
#include "mediamon.h"

int cmd_mentions(int argc, char **argv, struct ctx *ctx)
{
	return cmd_not_implemented(argc, argv, ctx);
}
