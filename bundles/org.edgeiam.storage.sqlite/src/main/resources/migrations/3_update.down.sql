-- Back to version 2: key pins are lost; each secondary node is pinned again to the first
-- client certificate it registers with.
DROP TABLE IF EXISTS nodekeypins;
