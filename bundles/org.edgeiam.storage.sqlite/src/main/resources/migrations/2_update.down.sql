-- Back to version 1: the revocation list is lost; trimmed client certificates are accepted again
-- while their chain and validity are fine.
DROP TABLE IF EXISTS revokedcerts;
