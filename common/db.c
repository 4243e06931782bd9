/* placeholder, replaced by the real connection code shortly */
#include "db.h"
#include <stdlib.h>
struct db *db_open(const char *c, struct err *e)
{ (void)c; err_set(e, "db not implemented"); return NULL; }
void db_close(struct db *db) { free(db); }
