#!/bin/bash
# Export the committee report from the database that the usual libpq
# variables (PGHOST, PGPORT, PGDATABASE, PGUSER) point at, as a user with
# treg_analyst (or more):
#
#   bash tools/export.sh [DIR]        (default DIR: ./treg-report)
#
# writes DIR/report.html (one self-contained page in Danish, charts inline),
# DIR/report.pdf (the page printed on A4 by headless Chromium),
# DIR/report.xlsx (one sheet per table) and DIR/NAME.csv for every
# reporting view (RFC 4180, UTF-8, header row).  Needs /usr/bin/python3
# with Debian's python3-matplotlib, python3-openpyxl and python3-psycopg2,
# and chromium (tools/setup.sh installs them).  TREG_EXPORT_NO_PDF=1 skips
# the PDF.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-treg-report}
mkdir -p "$dir"
/usr/bin/python3 "$here/committee_report.py" "$dir"
if [ -z "${TREG_EXPORT_NO_PDF:-}" ]; then
	profile=$(mktemp -d)
	trap 'rm -rf "$profile"' EXIT
	abs=$(cd "$dir" && pwd)
	rm -f "$abs/report.pdf"
	# a fresh profile, no network services; the page itself loads nothing
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$profile" --no-pdf-header-footer \
		--print-to-pdf="$abs/report.pdf" "file://$abs/report.html" >/dev/null 2>&1
	[ -s "$abs/report.pdf" ] || { echo "treg export: chromium did not print report.pdf" >&2; exit 1; }
	echo "treg export: report.pdf printed"
fi
