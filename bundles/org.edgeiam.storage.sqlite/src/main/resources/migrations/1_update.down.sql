-- Back to version 0: no tables (their rows are lost).
DROP TABLE IF EXISTS nodeinfo;
DROP TABLE IF EXISTS certificates;
