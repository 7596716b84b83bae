-- Version 1: the certificate and node tables, named as in the AosEdge reference database.
-- notAfter holds Unix time in nanoseconds; nodeinfo.info holds the node as cloud-protocol JSON.
-- IF NOT EXISTS: a reference database at version 0 may already have these tables.
CREATE TABLE IF NOT EXISTS certificates (
    type TEXT NOT NULL,
    issuer BLOB NOT NULL,
    serial BLOB NOT NULL,
    certURL TEXT,
    keyURL TEXT,
    notAfter TIMESTAMP,
    PRIMARY KEY (issuer, serial)
);

CREATE TABLE IF NOT EXISTS nodeinfo (
    id TEXT NOT NULL PRIMARY KEY,
    info TEXT
);
