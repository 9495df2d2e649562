#!/bin/bash
# Runs inside pg_virtualenv (PGHOST, PGPORT, PGUSER set): every test suite.
# Prints regression.diffs when pg_regress fails; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
status=0

if ! make -s installcheck; then
	echo "---- regression.diffs ----"
	cat regression.diffs 2>/dev/null
	status=1
fi
make -s prove || status=1
for t in test/*.sh; do
	[ -e "$t" ] || continue
	bash "$t" || status=1
done
if [ $status -ne 0 ]; then
	echo "treg tests: FAILED"
else
	echo "treg tests: all suites passed"
fi
exit $status
