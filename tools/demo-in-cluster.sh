#!/bin/bash
# Runs inside pg_virtualenv: create treg, load the demo registry, print the
# committee report and export it (HTML, PDF, xlsx and CSV) to ./treg-report.
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${TREG_DEMO_PERSONS:-5000}
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo'
psql -X -q -v ON_ERROR_STOP=1 -c "SELECT * FROM treg.demo_load($PERSONS, 1)"
psql -X -q -v ON_ERROR_STOP=1 -c "SELECT treg.set_report_config(home_municipality => 169, report_date => '2026-04-08')" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f tools/report.sql
bash tools/export.sh treg-report
