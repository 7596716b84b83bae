-- Back to version 3: device credentials are lost.
DROP TABLE IF EXISTS credentials;
