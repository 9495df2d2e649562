#!/bin/bash
# Runs inside pg_virtualenv (PGHOST, PGPORT, PGUSER set): every test suite.
# Prints regression.diffs when pg_regress fails; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
status=0

if ! make -s installcheck; then
	echo "---- regression.diffs ----"
	cat regression.diffs 2>/dev/null
	status=1
fi
make -s prove || status=1
for t in test/*.sh; do
	[ -e "$t" ] || continue
	echo "---- $t ----"
	bash "$t" || status=1
done
# the Kaplan-Meier cross-check against R on the demo registry too
echo "---- test/km_crosscheck.sh on the demo registry ----"
dropdb --if-exists treg_km_demo
createdb --template=template0 --encoding=UTF8 --locale=C.UTF-8 treg_km_demo
if psql -X -q -v ON_ERROR_STOP=1 -d treg_km_demo -c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo' \
	-c 'SELECT count(*) FROM treg.demo_load(3000, 11)' >/dev/null; then
	bash test/km_crosscheck.sh treg_km_demo || status=1
else
	status=1
fi
dropdb --if-exists treg_km_demo
if [ $status -ne 0 ]; then
	echo "treg tests: FAILED"
else
	echo "treg tests: all suites passed"
fi
exit $status
