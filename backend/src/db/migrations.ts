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
  {
    version: 3,
    name: "devices and pairing",
    sql: `
      CREATE TABLE devices (
        id           TEXT    PRIMARY KEY,
        name         TEXT    NOT NULL,
        type         TEXT    NOT NULL,
        model        TEXT,
        token_hash   TEXT    UNIQUE,          -- SHA-256 of the device token; NULL until collected
        scope        TEXT    NOT NULL,        -- JSON Scope
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER,                 -- unix ms; NULL = never
        last_seen_at INTEGER,
        last_ip      TEXT
      );
      CREATE TABLE pairing_requests (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        device_code_hash TEXT    NOT NULL UNIQUE, -- SHA-256; the device code itself is never stored
        user_code        TEXT    NOT NULL UNIQUE, -- short-lived, shown to admins only
        name             TEXT    NOT NULL,
        type             TEXT    NOT NULL,
        model            TEXT,
        ip               TEXT,
        created_at       INTEGER NOT NULL,
        expires_at       INTEGER NOT NULL,
        last_poll_at     INTEGER,
        status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
        device_id        TEXT    REFERENCES devices (id) ON DELETE CASCADE
      );
      CREATE INDEX pairing_requests_expires ON pairing_requests (expires_at);
    `,
  },
  {
    version: 4,
    name: "audit repeats and retention classes",
    sql: `
      -- One entry may stand for many repetitions (a device's same refused call): how many, and
      -- when the latest was (unix ms; NULL while count = 1).
      ALTER TABLE audit_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE audit_log ADD COLUMN last_at INTEGER;
      -- Retention prunes each class of types (device noise, everything else) by id on its own.
      CREATE INDEX audit_log_type_id ON audit_log (type, id);
    `,
  },
  {
    version: 5,
    name: "device presents as administrator",
    sql: `
      -- What auth/current_user says about the device (is_admin) and whether HA-admin-only event
      -- subscriptions are accepted (filtered); it grants nothing the scope does not. 0 = off.
      ALTER TABLE devices ADD COLUMN presents_as_admin INTEGER NOT NULL DEFAULT 0 CHECK (presents_as_admin IN (0, 1));
    `,
  },
  {
    version: 6,
    name: "per-device frontend user data",
    sql: `
      -- HA's frontend/set_user_data for a device (components/frontend/storage.py keeps it per HA
      -- user): one row per key, JSON text; never forwarded to HA. Gone with the device.
      CREATE TABLE user_data (
        device_id TEXT    NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        key       TEXT    NOT NULL,
        value     TEXT    NOT NULL,          -- JSON
        bytes     INTEGER NOT NULL,          -- UTF-8 bytes of key + value, for the per-device bound
        PRIMARY KEY (device_id, key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: "invite links and pass hours",
    sql: `
      -- An invite link (issue 13): the admin's scope, name and end of access for the devices it
      -- makes, each use its own device. Only a SHA-256 of the link's secret is kept.
      CREATE TABLE invites (
        id          TEXT    PRIMARY KEY,
        secret_hash TEXT    NOT NULL UNIQUE,
        name        TEXT    NOT NULL,
        scope       TEXT    NOT NULL,          -- JSON, as devices.scope
        expires_at  INTEGER NOT NULL,          -- unix ms: the link and its devices end here
        hours       TEXT,                      -- JSON PassHours, or NULL for any time
        max_uses    INTEGER NOT NULL CHECK (max_uses >= 1),
        uses        INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
        created_at  INTEGER NOT NULL,
        created_by  TEXT    NOT NULL,
        revoked_at  INTEGER
      );
      -- Weekly hours of a device's pass (JSON PassHours; NULL = any time), and the invite that
      -- made it, so revoking the invite ends every device it made.
      ALTER TABLE devices ADD COLUMN hours TEXT;
      ALTER TABLE devices ADD COLUMN invite_id TEXT REFERENCES invites (id) ON DELETE SET NULL;
      CREATE INDEX devices_invite ON devices (invite_id) WHERE invite_id IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: "guard rails",
    sql: `
      -- A device's own service-call rate (JSON ServiceRate; NULL = the default), issue 15.
      ALTER TABLE devices ADD COLUMN rate TEXT;
      -- The admin's settings that live with the data, not the add-on's options: where calls that
      -- need a confirmation are announced, and how long they wait (JSON per key).
      CREATE TABLE admin_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    name: "Home Assistant's login flow and interface",
    sql: `
      -- A pairing started from HA's /auth/authorize ends in a code for this client, not a cookie.
      ALTER TABLE pairing_requests ADD COLUMN client_id TEXT;
      ALTER TABLE pairing_requests ADD COLUMN redirect_uri TEXT;
      -- The HA login client that paired the device (its refresh token is the device token), and
      -- the HA dashboards it may open besides its generated Overview (JSON array of url_paths).
      ALTER TABLE devices ADD COLUMN client_id TEXT;
      ALTER TABLE devices ADD COLUMN dashboards TEXT NOT NULL DEFAULT '[]';
      -- Short-lived access tokens minted from a device's refresh token, by SHA-256 only. They
      -- go with their device (revoking it ends every one at once).
      CREATE TABLE device_access_tokens (
        token_hash TEXT PRIMARY KEY,
        device_id  TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX device_access_tokens_device ON device_access_tokens (device_id, created_at);
    `,
  },
  {
    version: 10,
    name: "HA apps' mobile_app registrations",
    sql: `
      -- The one HA app registered by a device (mobile-app/): its webhook id by SHA-256 only (the id
      -- is the webhook's credential), the app's own description as JSON, gone with its device.
      CREATE TABLE mobile_app_registrations (
        device_id    TEXT    PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
        webhook_hash TEXT    NOT NULL UNIQUE,
        registration TEXT    NOT NULL,        -- JSON: app_id, app_name, device_name, model...
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];
