-- 006_web.sql - the web interface: accounts with roles, server-side
-- sessions that can be revoked, login attempts for throttling, and the
-- audit log of every change made through the pages.

-- role: press (everything), department and regional (their own unit's
-- cases: unit is a departments.code or regional_offices.code), leadership
-- (read), analyst (read and tonality corrections), admin (accounts and
-- sources).  password_hash is libsodium's Argon2id string.
CREATE TABLE users (
	id serial PRIMARY KEY,
	name text NOT NULL UNIQUE,
	role text NOT NULL CHECK (role IN ('press', 'department', 'regional',
					   'leadership', 'analyst', 'admin')),
	unit text,
	password_hash text NOT NULL,
	disabled boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL DEFAULT now(),
	password_changed_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((role IN ('department', 'regional')) = (unit IS NOT NULL))
);

-- The cookie carries a random token; only its SHA-256 is stored, so a
-- stolen database does not hold live sessions.  csrf is the token every
-- form of the session must carry.
CREATE TABLE sessions (
	token_sha256 text PRIMARY KEY,
	user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf text NOT NULL,
	address text,
	created_at timestamptz NOT NULL DEFAULT now(),
	last_seen timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	revoked boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_attempts (
	id bigserial PRIMARY KEY,
	name text NOT NULL,
	address text,
	ok boolean NOT NULL,
	at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_name_idx ON login_attempts (name, at);
CREATE INDEX login_attempts_address_idx ON login_attempts (address, at);

-- Who changed what, when and from where (web pages and the users
-- command).
CREATE TABLE audit_log (
	id bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT now(),
	user_name text,
	address text,
	action text NOT NULL,
	object text,
	detail text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
