#!/bin/bash
# tests/user/debian/sqlite3.sh TERN CACHE [ENGINE] — Debian's sqlite3: a file
# database (journal, locking with fcntl, fsync), recursive CTEs, aggregates,
# indexes, printf of doubles, JSON, and an SQL error's message and status.
. "$(dirname "$0")/lib.sh"
need /usr/bin/sqlite3
cat >"$seed/work.sql" <<'SQL'
CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v REAL);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000)
INSERT INTO t(k, v) SELECT 'key' || (x * 7919 % 113), x * 1.5 / 7 FROM c;
CREATE INDEX tk ON t(k);
SELECT count(*), sum(v), printf('%.6f', avg(v)), min(k), max(k) FROM t;
SELECT k, count(*), printf('%.3f', total(v)) FROM t GROUP BY k ORDER BY 2 DESC, 1 LIMIT 5;
BEGIN; UPDATE t SET v = v * 2 WHERE id % 3 = 0; DELETE FROM t WHERE id % 5 = 0; COMMIT;
SELECT count(*), printf('%.4f', sum(v)) FROM t;
SELECT json_object('a', 1, 'b', json_array(1.5, 'x', NULL));
SELECT hex('ab'), length(zeroblob(100)), upper('abc'), substr('hello', 2, 3);
SELECT 1e308 * 10, -0.0, 1 / 3.0, 10 / 3, 7 % 3, abs(-5), round(2.5), cast('12abc' AS INTEGER);
SELECT group_concat(x, '|') FROM (SELECT DISTINCT k AS x FROM t ORDER BY k LIMIT 4);
PRAGMA integrity_check;
SQL
seal
check file_db /dev/null /usr/bin/sqlite3 db.sqlite '.read work.sql'
check memory_db "$seed/work.sql" /usr/bin/sqlite3 -batch
check csv /dev/null /usr/bin/sqlite3 -csv -header :memory: 'SELECT 1 AS a, "x,y" AS b, 2.5 AS c;'
check error /dev/null /usr/bin/sqlite3 -bail :memory: 'SELECT * FROM missing;'
finish
