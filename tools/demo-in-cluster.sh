#!/bin/bash
# Runs inside pg_virtualenv: create treg, load the demo registry, print the
# committee report.
set -euo pipefail
cd "$(dirname "$0")/.."
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION treg'
psql -X -q -v ON_ERROR_STOP=1 -f tools/report.sql
