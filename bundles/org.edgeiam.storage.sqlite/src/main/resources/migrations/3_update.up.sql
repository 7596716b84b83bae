-- Version 3: the public keys a secondary node may register with on the protected server
-- (hex SHA-256 of the DER SubjectPublicKeyInfo of its client certificates). addedAt holds Unix
-- time in nanoseconds; the newest few per node are kept.
CREATE TABLE IF NOT EXISTS nodekeypins (
    nodeId TEXT NOT NULL,
    pin TEXT NOT NULL,
    addedAt TIMESTAMP NOT NULL,
    PRIMARY KEY (nodeId, pin)
);
