#!/bin/bash
# test/registry_concurrency.sh: the set-wise segment rules hold for
# concurrent transactions.  Two sessions write conflicting rows of one
# episode at the same time; the one that checks second must wait for the
# first (advisory lock per episode, or the SHARE ROW EXCLUSIVE table lock
# of a statement touching more than 64 episodes) and then fail.  Prints
# "registry concurrency: N passed, M failed".
#
# Uses the server given by PGHOST/PGPORT (and PGUSER), e.g.
#     /work/devtools/devpg N bash test/registry_concurrency.sh
set -u -o pipefail
DB=treg_concurrency_$$
OUT=$(mktemp -d --tmpdir treg_conc.XXXXXX)
cleanup() {
	dropdb --if-exists "$DB" >/dev/null 2>&1
	rm -rf "$OUT"
}
trap cleanup EXIT
createdb --template=template0 --encoding=UTF8 "$DB" || exit 1
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<'SQL' || exit 1
CREATE EXTENSION treg;
INSERT INTO treg.person SELECT p, false, NULL, NULL, 169 FROM generate_series(1, 200) p;
INSERT INTO treg.provider VALUES (1, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true);
INSERT INTO treg.episode SELECT p, p, 1, NULL, '2025-01-01', NULL, NULL, 'alcohol' FROM generate_series(1, 200) p;
SQL

passed=0
failed=0
q() { psql -X -q -v VERBOSITY=verbose -d "$DB" "$@"; }

# case NAME FIRST_SQL SECOND_SQL EXPECTED_STATE: FIRST holds its
# transaction open for 2 s after writing; SECOND starts 0.5 s later and
# must end with EXPECTED_STATE in its output, not before FIRST committed.
case_() {
	local name=$1 first=$2 second=$3 expected=$4
	q -c "BEGIN" -c "$first" -c "SELECT pg_sleep(2)" -c "COMMIT" >"$OUT/first" 2>&1 &
	local pid=$!
	sleep 0.5
	local t0=$(date +%s.%N)
	q -c "$second" >"$OUT/second" 2>&1
	local t1=$(date +%s.%N)
	wait $pid
	local waited=$(echo "$t1 - $t0 >= 1.0" | bc)
	local overlaps
	overlaps=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM treg.segment a JOIN treg.segment b
		ON a.episode_id = b.episode_id AND a.segment_id < b.segment_id
		AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]')")
	if grep -q "$expected" "$OUT/second" && [ "$waited" = 1 ] && [ "$overlaps" = 0 ] \
		&& ! grep -q ERROR "$OUT/first"; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name (waited: $waited, overlaps: $overlaps)"
		cat "$OUT/first" "$OUT/second"
		failed=$((failed + 1))
	fi
}

case_ "two single-row inserts overlapping in one episode (advisory lock)" \
	"INSERT INTO treg.segment VALUES (1, 1, 1, 'dag', '2025-01-01', '2025-01-31', NULL, false)" \
	"INSERT INTO treg.segment VALUES (2, 1, 1, 'dag', '2025-01-15', '2025-02-15', NULL, false)" \
	"23P01"
case_ "a bulk insert (table lock) and a single insert after it" \
	"INSERT INTO treg.segment SELECT 100 + p, p, p, 'ambulant', '2025-03-01', '2025-03-31', NULL, false FROM generate_series(1, 100) p" \
	"INSERT INTO treg.segment VALUES (3, 50, 50, 'dag', '2025-03-31', '2025-04-15', NULL, false)" \
	"23P01"
case_ "a single insert and a bulk insert after it (the bulk one waits)" \
	"INSERT INTO treg.segment VALUES (4, 60, 60, 'dag', '2025-05-10', '2025-05-20', NULL, false)" \
	"INSERT INTO treg.segment SELECT 300 + p, p, p, 'ambulant', '2025-05-01', '2025-05-31', NULL, false FROM generate_series(1, 100) p" \
	"23P01"
case_ "an episode discharged while a later segment is inserted" \
	"UPDATE treg.episode SET discharge_date = '2025-06-30', discharge_reason = 'completed' WHERE episode_id = 70" \
	"INSERT INTO treg.segment VALUES (5, 70, 70, 'dag', '2025-06-15', '2025-07-15', NULL, false)" \
	"23514"
case_ "a segment inserted while its episode is discharged before its end" \
	"INSERT INTO treg.segment VALUES (6, 80, 80, 'dag', '2025-06-15', '2025-07-15', NULL, false)" \
	"UPDATE treg.episode SET discharge_date = '2025-06-30', discharge_reason = 'completed' WHERE episode_id = 80" \
	"23514"
# the state stays exact under the same concurrency
if [ "$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM treg.state_check()')" = 0 ]; then
	echo "ok - the maintained state is exact after the concurrent writes"
	passed=$((passed + 1))
else
	echo "not ok - the maintained state differs after the concurrent writes"
	failed=$((failed + 1))
fi
echo "registry concurrency: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
