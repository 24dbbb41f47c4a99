/**
 * Numbered schema migrations, applied in order inside one transaction each; the database's
 * `PRAGMA user_version` records the last one applied. Append only: never edit a released migration.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "audit log",
    sql: `
      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        at         INTEGER NOT NULL,          -- unix milliseconds
        type       TEXT    NOT NULL,          -- e.g. auth.login, pairing.approved
        actor      TEXT,                      -- who did it (admin name, device id, ...)
        ip         TEXT,                      -- where from
        detail     TEXT    NOT NULL DEFAULT '{}' -- JSON, never secrets
      );
      CREATE INDEX audit_log_type_at ON audit_log (type, at);
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
  {
    version: 2,
    name: "admin sessions",
    sql: `
      CREATE TABLE admin_sessions (
        id_hash      TEXT    PRIMARY KEY,     -- SHA-256 of the cookie value; the value is never stored
        user_name    TEXT    NOT NULL,
        display_name TEXT,
        via          TEXT    NOT NULL CHECK (via IN ('password')),
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL,
        last_ip      TEXT
      );
      CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);
    `,
  },
];
