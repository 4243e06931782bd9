/*
 * users.c - accounts: Argon2id hashes through libsodium (interactive
 * limits: about 0.1 s and 64 MiB a check, so guessing is slow and the
 * server stays responsive), units checked against the synchronised
 * departments and regional offices, every change in the audit log.
 */
#include "users.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *const roles[] = { "press", "department", "regional",
				     "leadership", "analyst", "admin" };

int users_role_valid(const char *role)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(*roles); i++)
		if (role && !strcmp(role, roles[i]))
			return 1;
	return 0;
}

int users_role_needs_unit(const char *role)
{
	return role && (!strcmp(role, "department") ||
			!strcmp(role, "regional"));
}

int users_hash(const char *password, char *out, size_t n)
{
	if (n < crypto_pwhash_STRBYTES || sodium_init() < 0)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ?
	       0 : -1;
}

int users_verify(const char *hash, const char *password)
{
	if (sodium_init() < 0)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) ==
	       0;
}

int users_audit(struct db *db, const char *who, const char *address,
		const char *action, const char *object, const char *detail,
		struct err *e)
{
	const char *p[5] = { who, address, action, object, detail };

	return db_exec(db, "INSERT INTO audit_log (user_name, address,"
		       " action, object, detail)"
		       " VALUES (coalesce($1, current_user), $2, $3, $4, $5)",
		       5, p, e);
}

int users_add(struct db *db, const char *name, const char *role,
	      const char *unit, const char *password, struct err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	const char *p[4] = { name, role, unit, hash };
	PGresult *r;

	if (unit) {
		const char *q[2] = { unit, role };

		r = db_query(db, "SELECT 1 FROM departments WHERE code = $1"
			     " AND $2 = 'department' UNION ALL"
			     " SELECT 1 FROM regional_offices WHERE code = $1"
			     " AND $2 = 'regional'", 2, q, e);
		if (!r)
			return -1;
		if (!PQntuples(r)) {
			PQclear(r);
			err_set(e, "no %s unit '%s' (the units come from "
				"routing.yaml: run 'mediamon cases route')",
				role, unit);
			return 1;
		}
		PQclear(r);
	}
	if (users_hash(password, hash, sizeof(hash)) < 0)
		return err_set(e, "cannot hash the password");
	r = db_query(db, "INSERT INTO users (name, role, unit, password_hash)"
		     " VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING"
		     " RETURNING id", 4, p, e);
	sodium_memzero(hash, sizeof(hash));
	if (!r)
		return -1;
	if (!PQntuples(r)) {
		PQclear(r);
		err_set(e, "there is already an account '%s'", name);
		return 1;
	}
	PQclear(r);
	return users_audit(db, NULL, NULL, "user.add", name, role, e) < 0 ?
	       -1 : 0;
}

/* Run sql on the account name; 1 when there is none. */
static int on_account(struct db *db, const char *sql, int n,
		      const char *const *p, struct err *e)
{
	PGresult *r = db_query(db, sql, n, p, e);
	int rows;

	if (!r)
		return -1;
	rows = atoi(PQcmdTuples(r));
	PQclear(r);
	if (!rows)
		return err_set(e, "there is no account '%s'", p[0]), 1;
	return 0;
}

int users_passwd(struct db *db, const char *name, const char *password,
		 struct err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	const char *p[2] = { name, hash };
	int ret;

	if (users_hash(password, hash, sizeof(hash)) < 0)
		return err_set(e, "cannot hash the password");
	ret = on_account(db, "UPDATE users SET password_hash = $2,"
			 " password_changed_at = now() WHERE name = $1", 2, p,
			 e);
	sodium_memzero(hash, sizeof(hash));
	if (ret)
		return ret;
	/* a new password ends the sessions opened with the old one */
	if (db_exec(db, "UPDATE sessions SET revoked = true WHERE user_id ="
		    " (SELECT id FROM users WHERE name = $1)", 1, p, e) < 0)
		return -1;
	return users_audit(db, NULL, NULL, "user.passwd", name, NULL, e) < 0 ?
	       -1 : 0;
}

int users_disable(struct db *db, const char *name, struct err *e)
{
	const char *p[1] = { name };
	int ret = on_account(db, "UPDATE users SET disabled = true"
			     " WHERE name = $1", 1, p, e);

	if (ret)
		return ret;
	if (db_exec(db, "UPDATE sessions SET revoked = true WHERE user_id ="
		    " (SELECT id FROM users WHERE name = $1)", 1, p, e) < 0)
		return -1;
	return users_audit(db, NULL, NULL, "user.disable", name, NULL, e) < 0 ?
	       -1 : 0;
}

int users_list(struct db *db, FILE *out, struct err *e)
{
	PGresult *r = db_query(db, "SELECT name, role, coalesce(unit, '-'),"
			       " CASE WHEN disabled THEN 'disabled' ELSE"
			       " 'active' END, to_char(created_at,"
			       " 'YYYY-MM-DD') FROM users ORDER BY name", 0,
			       NULL, e);

	if (!r)
		return -1;
	fprintf(out, "%-20s %-11s %-16s %-9s %s\n", "NAME", "ROLE", "UNIT",
		"STATE", "CREATED");
	for (int i = 0; i < PQntuples(r); i++)
		fprintf(out, "%-20s %-11s %-16s %-9s %s\n", PQgetvalue(r, i, 0),
			PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
			PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
	PQclear(r);
	return 0;
}
