#!/bin/bash
# Export every committee report as CSV (one file per view, UTF-8, header
# row, comma-separated, "." as decimal point so any tool can read it) and
# the printed report as an HTML page, from the database that the usual
# libpq variables (PGHOST, PGPORT, PGDATABASE, PGUSER) point at.
#
#   bash tools/export.sh [DIR]        (default DIR: ./treg-report)
#
# The views read their settings from treg.report_config; the user needs
# treg_analyst (or more).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-treg-report}
mkdir -p "$dir"
for v in report_census report_flow report_durations report_transitions report_day_treatment \
	report_guarantee report_providers report_costs report_cost_scenario report_age_groups; do
	psql -X -q -v ON_ERROR_STOP=1 -c "\\copy (SELECT * FROM treg.$v) TO '$dir/$v.csv' WITH (FORMAT csv, HEADER)"
done
{
	printf '%s\n' '<!DOCTYPE html>' '<html lang="da"><head><meta charset="utf-8">' \
		'<title>treg: rapport til Socialudvalget</title>' \
		'<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:2px 8px}td{text-align:right}td:first-child,td:nth-child(2){text-align:left}</style>' \
		'</head><body><h1>Rapport til Socialudvalget</h1>' '<p>x = diskretioneret (under 5 borgere, eller kunne regnes ud fra totalerne).</p>'
	psql -X -q -v ON_ERROR_STOP=1 -v hopen='<h2>' -v hclose='</h2>' -H -f "$here/report.sql" | sed 's/ border="1"//'
	printf '%s\n' '</body></html>'
} > "$dir/report.html"
echo "treg export: $(ls "$dir"/*.csv | wc -l) CSV files and report.html in $dir"
