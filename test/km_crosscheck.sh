#!/bin/bash
# test/km_crosscheck.sh: cross-check treg's Kaplan-Meier against R's
# survival::survfit (Debian: apt-get install r-base-core r-cran-survival).
#
#   test/km_crosscheck.sh            # scratch database, synthetic registry
#   test/km_crosscheck.sh DBNAME     # use DBNAME's registry (e.g. the demo)
#
# Uses psql's usual environment (PGHOST, PGPORT, ...; with the developer
# slots: /opt/treg-dev/slot E test/km_crosscheck.sh).  Compares, for every
# group and every observed time, at risk, events, censored, survival,
# standard error and the 95% limits of the log, log-log and plain intervals
# to 1e-9; quantiles (0.1 .. 0.9) and the restricted mean and its standard
# error at several days.  Groups: R's aml, lung and veteran data sets,
# synthetic sets with heavy ties, zero durations and durations beyond the
# dense range (>= 65536 days), and the registry's episodes by intensity at
# entry for each event definition.  Exits 1 on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scratch=0
db=${1:-}
if [ -z "$db" ]; then
	db=treg_km_crosscheck
	scratch=1
	dropdb --if-exists "$db"
	createdb --template=template0 --encoding=UTF8 "$db"
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION treg'
fi
start=$(date +%s)
Rscript "$here/crosscheck/km_survfit.R" textbook "$work/textbook.csv"

psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<SQL
CREATE TEMP TABLE xc_input (grp text, days int, event boolean);
\copy xc_input FROM '$work/textbook.csv' WITH (FORMAT csv, HEADER)

-- a deterministic synthetic registry, unless the database has one
DO \$\$
BEGIN
	IF NOT EXISTS (SELECT FROM treg.episode) THEN
		INSERT INTO treg.person (person_id, municipality_code)
		SELECT g, 101 FROM generate_series(1, 4000) g;
		INSERT INTO treg.provider (provider_id, name, name_key, internal)
		VALUES (1, 'Crosscheck', 'crosscheck', true);
		CREATE TEMP TABLE xc_ep AS
		SELECT g AS id,
			   ('x' || substr(md5('a' || g), 1, 7))::bit(28)::int AS h1,
			   ('x' || substr(md5('b' || g), 1, 7))::bit(28)::int AS h2,
			   ('x' || substr(md5('c' || g), 1, 7))::bit(28)::int AS h3
		FROM generate_series(1, 12000) g;
		INSERT INTO treg.episode (episode_id, person_id, provider_id, enrol_date,
								  discharge_date, discharge_reason, substance_group)
		SELECT id, 1 + id % 4000, 1, date '2019-01-01' + h1 % 2500,
			   CASE WHEN h3 % 10 < 8 THEN date '2019-01-01' + h1 % 2500
					+ (-ln((1 + h2 % 100000) / 100001.0) * 150 * (1 + h3 % 3))::int END,
			   CASE WHEN h3 % 10 < 8 THEN (ARRAY['completed', 'dropped_out', 'transferred',
					'terminated', 'incarcerated', 'death', 'other'])[1 + (h2 / 7) % 7] END,
			   (ARRAY['alcohol', 'non_opioid', 'opioid'])[1 + h3 % 3]
		FROM xc_ep;
		-- one or two segments: the first one's intensity is the entry intensity
		INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity,
								  start_date, end_date)
		SELECT 2 * e.episode_id, e.episode_id, e.person_id,
			   treg.intensity(1 + x.h2 % 3), e.enrol_date,
			   CASE WHEN x.h1 % 4 = 0 AND (e.discharge_date IS NULL
					OR e.discharge_date > e.enrol_date + 30) THEN e.enrol_date + 30
					ELSE e.discharge_date END
		FROM treg.episode e JOIN xc_ep x ON x.id = e.episode_id;
		INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity,
								  start_date, end_date)
		SELECT 2 * e.episode_id + 1, e.episode_id, e.person_id,
			   treg.intensity(1 + (x.h2 + 1) % 3), e.enrol_date + 31, e.discharge_date
		FROM treg.episode e JOIN xc_ep x ON x.id = e.episode_id
		WHERE x.h1 % 4 = 0 AND (e.discharge_date IS NULL OR e.discharge_date > e.enrol_date + 30);
	END IF;
END
\$\$;

INSERT INTO xc_input
SELECT 'registry/' || ev || '/' || coalesce(d.entry_intensity::text, 'none'),
	   d.days, d.event_happened
FROM unnest(ARRAY['dropout', 'any_discharge', 'not_completed']) ev,
	 LATERAL treg.episode_durations('2020-01-01', '2025-12-31', ev, '2025-06-30') d;

-- synthetic: heavy ties (30 distinct days), zero days, long durations
INSERT INTO xc_input
SELECT 'ties', (('x' || substr(md5('t' || g), 1, 7))::bit(28)::int) % 30,
	   (('x' || substr(md5('u' || g), 1, 7))::bit(28)::int) % 3 > 0
FROM generate_series(1, 3000) g;
INSERT INTO xc_input
SELECT 'long', (('x' || substr(md5('l' || g), 1, 7))::bit(28)::int) % 200000,
	   (('x' || substr(md5('m' || g), 1, 7))::bit(28)::int) % 4 > 0
FROM generate_series(1, 2000) g;
INSERT INTO xc_input
SELECT 'no censoring', g % 50, true FROM generate_series(1, 500) g;
INSERT INTO xc_input VALUES ('one event', 7, true), ('one censored', 7, false),
	('flat at half', 1, true), ('flat at half', 2, false), ('flat at half', 3, true),
	('flat at half', 4, false);

\copy xc_input TO '$work/input.csv' WITH (FORMAT csv, HEADER)
SQL

Rscript "$here/crosscheck/km_survfit.R" fit "$work/input.csv" "$work"

status=0
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<SQL || status=$?
CREATE TEMP TABLE xc_input (grp text, days int, event boolean);
\copy xc_input FROM '$work/input.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE r_curve (grp text, conf_type text, day int, at_risk bigint,
	events bigint, censored bigint, survival float8, std_err float8,
	lower float8, upper float8);
\copy r_curve FROM '$work/curve.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE r_quantile (grp text, p float8, q float8);
\copy r_quantile FROM '$work/quantile.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE r_rmean (grp text, tau int, rmean float8, se float8);
\copy r_rmean FROM '$work/rmean.csv' WITH (FORMAT csv, HEADER)

CREATE TEMP TABLE t_state AS
SELECT grp, treg.retention_agg(days, event) AS r FROM xc_input GROUP BY grp;
CREATE FUNCTION pg_temp.off(a float8, b float8, tol float8) RETURNS boolean
	LANGUAGE sql IMMUTABLE
	AS 'SELECT NOT ((a IS NULL AND b IS NULL) OR abs(a - b) <= tol)';

CREATE TEMP TABLE diffs (what text, grp text, detail text);
INSERT INTO diffs
SELECT 'curve', coalesce(r.grp, t.grp),
	   format('%s day %s: R %s / treg %s', coalesce(r.conf_type, t.conf_type),
			  coalesce(r.day, t.day), r, t)
FROM r_curve r
FULL JOIN (SELECT s.grp, c.conf_type, k.*
		   FROM t_state s,
				unnest(ARRAY['log', 'log-log', 'plain']) c(conf_type),
				LATERAL treg.km_curve(s.r, c.conf_type) k) t
  ON t.grp = r.grp AND t.conf_type = r.conf_type AND t.day = r.day
WHERE r.grp IS NULL OR t.grp IS NULL
   OR r.at_risk <> t.at_risk OR r.events <> t.events OR r.censored <> t.censored
   OR pg_temp.off(r.survival, t.survival, 1e-9)
   OR pg_temp.off(r.std_err, t.std_err, 1e-9)
   OR pg_temp.off(r.lower, t.lower, 1e-9)
   OR pg_temp.off(r.upper, t.upper, 1e-9);
INSERT INTO diffs
SELECT 'quantile', q.grp, format('p %s: R %s / treg %s', q.p, q.q, treg.km_quantile(s.r, q.p))
FROM r_quantile q JOIN t_state s USING (grp)
WHERE pg_temp.off(q.q, treg.km_quantile(s.r, q.p), 1e-9);
INSERT INTO diffs
SELECT 'rmean', m.grp, format('tau %s: R %s (se %s) / treg %s (se %s)', m.tau, m.rmean, m.se,
							  treg.km_rmst(s.r, m.tau), treg.km_rmst_std_err(s.r, m.tau))
FROM r_rmean m JOIN t_state s USING (grp)
WHERE pg_temp.off(m.rmean, treg.km_rmst(s.r, m.tau), 1e-9 * greatest(1, m.rmean))
   OR pg_temp.off(m.se, treg.km_rmst_std_err(s.r, m.tau), 1e-9 * greatest(1, m.se));

\pset footer off
SELECT grp, treg.retention_count(r) AS n, treg.retention_events(r) AS events,
	   (SELECT count(*) FROM r_curve c WHERE c.grp = s.grp) AS curve_rows_compared,
	   (SELECT count(*) FROM diffs d WHERE d.grp = s.grp) AS differences
FROM t_state s
ORDER BY grp;
SELECT count(*) AS curve_rows, max(greatest(abs(r.survival - t.survival), abs(r.std_err - t.std_err),
		   abs(r.lower - t.lower), abs(r.upper - t.upper))) AS max_abs_difference
FROM r_curve r
JOIN (SELECT s.grp, c.conf_type, k.*
	  FROM t_state s,
		   unnest(ARRAY['log', 'log-log', 'plain']) c(conf_type),
		   LATERAL treg.km_curve(s.r, c.conf_type) k) t
  ON t.grp = r.grp AND t.conf_type = r.conf_type AND t.day = r.day;
SELECT what, grp, detail FROM diffs ORDER BY what, grp LIMIT 20;
DO \$\$
DECLARE
	n bigint := (SELECT count(*) FROM diffs);
BEGIN
	IF n > 0 THEN
		RAISE EXCEPTION 'km_crosscheck: % differences from R', n;
	END IF;
END
\$\$;
SQL

if [ "$scratch" = 1 ]; then
	dropdb "$db"
fi
if [ "$status" = 0 ]; then
	echo "km_crosscheck: OK ($(( $(date +%s) - start )) s)"
else
	echo "km_crosscheck: FAILED"
fi
exit $status
