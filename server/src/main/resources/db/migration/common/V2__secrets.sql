-- Secret scopes. A scope is named by the workspace-wide unique name that every call uses.
CREATE TABLE secret_scopes (
  name         VARCHAR(128) PRIMARY KEY,
  backend_type VARCHAR(32) NOT NULL,
  creator      VARCHAR(255) NOT NULL,
  created_at   BIGINT NOT NULL
);

-- Secret values, encrypted with AES-256-GCM under a key kept outside the database.
-- ciphertext is base64 of nonce || ciphertext || tag (text, so one column type fits H2 and
-- PostgreSQL); master_key_id names the key that sealed it, so keys can be rotated later.
CREATE TABLE secrets (
  scope                  VARCHAR(128) NOT NULL REFERENCES secret_scopes (name) ON DELETE CASCADE,
  secret_key             VARCHAR(128) NOT NULL,
  master_key_id          VARCHAR(64) NOT NULL,
  ciphertext             VARCHAR(200000) NOT NULL,
  last_updated_timestamp BIGINT NOT NULL,
  PRIMARY KEY (scope, secret_key)
);

-- Who may do what on a scope: a user name, or the group "users" (everyone) or "admins".
CREATE TABLE secret_acls (
  scope      VARCHAR(128) NOT NULL REFERENCES secret_scopes (name) ON DELETE CASCADE,
  principal  VARCHAR(255) NOT NULL,
  permission VARCHAR(16) NOT NULL,
  PRIMARY KEY (scope, principal)
);
CREATE INDEX secret_acls_principal ON secret_acls (principal);
