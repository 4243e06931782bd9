/*
 * users.h - accounts of the web interface: names, roles, units and
 * password hashes (libsodium's Argon2id, the field's standard slow hash;
 * no password is ever stored or logged).  Used by "mediamon users" and
 * the administrator's page.
 */
#ifndef MM_USERS_H
#define MM_USERS_H

#include "common/db.h"

#include <stdio.h>

/* Roles, as stored: press, department, regional, leadership, analyst,
 * admin.  Nonzero when role names one. */
int users_role_valid(const char *role);
/* department and regional accounts need a unit; the others take none. */
int users_role_needs_unit(const char *role);

/* Hash password into out (crypto_pwhash_STRBYTES).  -1 when libsodium
 * cannot (out of memory). */
int users_hash(const char *password, char *out, size_t n);
/* 1 when password matches hash, else 0. */
int users_verify(const char *hash, const char *password);

/* Add an account.  unit must be a department code (role department) or
 * a regional office code (regional) known from routing.yaml.  0; 1 when
 * the name is taken or the unit unknown (cause in e); -1 on a database
 * error. */
int users_add(struct db *db, const char *name, const char *role,
	      const char *unit, const char *password, struct err *e);
/* Set a new password; sessions of the account end.  0, 1 (no such
 * account), -1. */
int users_passwd(struct db *db, const char *name, const char *password,
		 struct err *e);
/* Disable an account and revoke its sessions at once.  0, 1, -1. */
int users_disable(struct db *db, const char *name, struct err *e);
/* One line per account to out.  0 or -1. */
int users_list(struct db *db, FILE *out, struct err *e);
/* Note a change in the audit log. */
int users_audit(struct db *db, const char *who, const char *address,
		const char *action, const char *object, const char *detail,
		struct err *e);

#endif
