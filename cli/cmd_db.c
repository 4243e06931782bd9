/*
 * cmd_db.c - placeholder until its issue fills it in.
 */
#include "mediamon.h"

int cmd_db(int argc, char **argv, struct ctx *ctx)
{
	return cmd_not_implemented(argc, argv, ctx);
}
