#!/bin/bash
# test/dump_restore.sh: pg_dump + pg_restore of a database with demo data
# keeps every registry row.
#
# Uses the server given by PGHOST/PGPORT (and PGUSER), e.g.
#     /opt/treg-dev/slot F bash test/dump_restore.sh
# Creates two scratch databases (dropped at the end), loads
# treg.demo_load(PERSONS) into the first, dumps it with pg_dump -Fc, restores
# into the second and compares every registry table: row count and md5 of the
# rows in key order, and the maintained state (not dumped: rebuilt by the
# state triggers while pg_restore copies the rows; state_check() must find
# no difference).  Prints "dump/restore: N passed, M failed" and exits
# non-zero when anything differs or a step fails.
set -u -o pipefail

PERSONS=${PERSONS:-300}
SRC=treg_dump_src_$$
DST=treg_dump_dst_$$
DUMP=$(mktemp --tmpdir treg_dump.XXXXXX)

cleanup() {
	dropdb --if-exists "$SRC" >/dev/null 2>&1
	dropdb --if-exists "$DST" >/dev/null 2>&1
	rm -f "$DUMP"
}
trap cleanup EXIT

fail_setup() {
	echo "dump/restore: setup failed: $1" >&2
	echo "dump/restore: 0 passed, 1 failed"
	exit 1
}

createdb --template=template0 --encoding=UTF8 "$SRC" || fail_setup "createdb $SRC"
psql -X -q -v ON_ERROR_STOP=1 -d "$SRC" \
	-c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo' \
	-c "SELECT count(*) FROM treg.demo_load($PERSONS)" >/dev/null || fail_setup "demo_load"
pg_dump -Fc -d "$SRC" -f "$DUMP" || fail_setup "pg_dump"
createdb --template=template0 --encoding=UTF8 "$DST" || fail_setup "createdb $DST"
pg_restore --exit-on-error -d "$DST" "$DUMP" || fail_setup "pg_restore"

# one line per table: name, row count, md5 of the rows in key order
FINGERPRINT="
SELECT 'person', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY person_id), '')) FROM treg.person t
UNION ALL SELECT 'provider', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY provider_id), '')) FROM treg.provider t
UNION ALL SELECT 'request', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY request_id), '')) FROM treg.request t
UNION ALL SELECT 'episode', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY episode_id), '')) FROM treg.episode t
UNION ALL SELECT 'segment', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY segment_id), '')) FROM treg.segment t
UNION ALL SELECT 'tariff', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY tariff_id), '')) FROM treg.tariff t
UNION ALL SELECT 'constraints', count(*), md5(coalesce(string_agg(conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid), ',' ORDER BY conrelid::regclass::text, conname), ''))
	FROM pg_constraint WHERE connamespace = 'treg'::regnamespace
UNION ALL SELECT 'state', CASE WHEN (SELECT count(*) FROM treg.state_check()) = 0 THEN count(*) ELSE 0 END,
	md5(coalesce(string_agg(t::text, ',' ORDER BY person_id), '')) FROM treg.person_state t
"

src_fp=$(psql -X -At -F ' ' -v ON_ERROR_STOP=1 -d "$SRC" -c "$FINGERPRINT") || fail_setup "fingerprint $SRC"
dst_fp=$(psql -X -At -F ' ' -v ON_ERROR_STOP=1 -d "$DST" -c "$FINGERPRINT") || fail_setup "fingerprint $DST"

passed=0
failed=0
while read -r name count hash; do
	other=$(grep "^$name " <<<"$dst_fp")
	if [ "$other" = "$name $count $hash" ] && [ "$count" -gt 0 ]; then
		echo "ok - $name: $count rows, md5 $hash"
		passed=$((passed + 1))
	else
		echo "not ok - $name: source '$name $count $hash', restored '${other:-missing}'"
		failed=$((failed + 1))
	fi
done <<<"$src_fp"

echo "dump/restore: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -eq 8 ]
