/*
 * cmd_parse_feed.c - placeholder until its issue fills it in.
 */
#include "mediamon.h"

int cmd_parse_feed(int argc, char **argv, struct ctx *ctx)
{
	return cmd_not_implemented(argc, argv, ctx);
}
