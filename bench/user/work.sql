-- bench/user/work.sql — a CPU-bound sqlite3 workload for bench/run.py:
-- 200 000 generated rows, an index, joins, grouping, sorting, updates.
CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, s TEXT, v REAL);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)
INSERT INTO t(k, s, v) SELECT (x * 7919) % 5003, 'row' || (x * 104729 % 100003), x / 7.0 FROM c;
CREATE INDEX tk ON t(k);
SELECT count(*), printf('%.3f', sum(v)), max(s) FROM t;
SELECT k, count(*), printf('%.3f', avg(v)) FROM t GROUP BY k ORDER BY 2 DESC, 1 LIMIT 3;
SELECT count(*) FROM t a JOIN t b ON a.k = b.k AND b.id = a.id + 5003;
UPDATE t SET v = v * 2 WHERE k % 3 = 0;
DELETE FROM t WHERE id % 7 = 0;
SELECT count(*), printf('%.3f', total(v)) FROM t;
SELECT s FROM t ORDER BY s DESC, id LIMIT 3;
