-- Version 2: certificates that trimming removed, refused as client certificates until they expire.
-- notAfter and revokedAt hold Unix time in nanoseconds, as certificates.notAfter.
CREATE TABLE IF NOT EXISTS revokedcerts (
    issuer BLOB NOT NULL,
    serial BLOB NOT NULL,
    type TEXT NOT NULL,
    notAfter TIMESTAMP,
    revokedAt TIMESTAMP,
    PRIMARY KEY (issuer, serial)
);
