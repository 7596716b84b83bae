-- Version 4: device credentials (basic and X.509) of every tenant. Times are Unix time in
-- nanoseconds like the other tables; version counts changes (the REST API's ETag).
CREATE TABLE IF NOT EXISTS credentials (
    id TEXT PRIMARY KEY,
    tenantId TEXT NOT NULL,
    kind TEXT NOT NULL,
    clientId TEXT NOT NULL,
    username TEXT,
    passwordHash TEXT,
    certIssuer TEXT,
    certSerial TEXT,
    certSha256 TEXT,
    certNotBefore INTEGER,
    certNotAfter INTEGER,
    state TEXT NOT NULL,
    createdAt INTEGER NOT NULL,
    updatedAt INTEGER NOT NULL,
    lastUseAt INTEGER,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS credentials_username ON credentials (tenantId, username)
    WHERE username IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS credentials_certificate ON credentials (certIssuer, certSerial)
    WHERE certIssuer IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS credentials_sha256 ON credentials (certSha256)
    WHERE certSha256 IS NOT NULL;
CREATE INDEX IF NOT EXISTS credentials_listing ON credentials (tenantId, kind, createdAt, id);
