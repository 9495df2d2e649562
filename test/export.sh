#!/bin/bash
# test/export.sh: tools/export.sh writes the committee report that a
# treg_analyst login may make: report.html opens in headless Chromium
# without console messages and has a chart in every section, report.pdf
# has a page per section and every heading, report.xlsx has every sheet
# with numbers as numbers, every CSV parses (RFC 4180), the page names
# the municipality and has no English word of the old report.
#
# Uses the server given by PGHOST/PGPORT (and PGUSER), e.g.
#     /work/devtools/devpg N bash test/export.sh
# Creates a scratch database and a login role (both dropped at the end).
# Prints "export: N passed, M failed"; exits non-zero on any failure.
set -u -o pipefail
cd "$(dirname "$0")/.."

DB=treg_export_$$
ROLE=regress_export_analyst_$$
PW=export_$$_$RANDOM
OUT=$(mktemp -d --tmpdir treg_export.XXXXXX)
PROFILE=$(mktemp -d --tmpdir treg_export_chromium.XXXXXX)
PY=/usr/bin/python3
SECTIONS="dagsudtraek maaneder flow varighed overgange dagbehandling garanti leverandoerer udgifter alder belaegning leverandoerskift resultater"
VIEWS="report_catalog report_census report_census_monthly report_flow report_age_groups report_durations report_durations_curve report_transitions report_day_treatment report_guarantee report_guarantee_cells report_providers report_costs report_cost_scenario report_occupancy report_provider_flow report_outcomes report_registry_summary"

cleanup() {
	dropdb --if-exists "$DB" >/dev/null 2>&1
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1
	rm -rf "$OUT" "$PROFILE"
}
trap cleanup EXIT

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
fail_setup() {
	echo "export: setup failed: $1" >&2
	echo "export: 0 passed, 1 failed"
	exit 1
}

start=$(date +%s)
createdb --template=template0 --encoding=UTF8 "$DB" || fail_setup "createdb"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" \
	-c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo' \
	-c 'SELECT count(*) FROM treg.demo_load(2000)' \
	-c "SELECT treg.set_report_config(169, '2026-04-08')" \
	-c "CREATE ROLE $ROLE LOGIN PASSWORD '$PW'" \
	-c "GRANT treg_analyst TO $ROLE" >/dev/null || fail_setup "demo registry"

# the export, as the analyst (a password in case the server asks for one)
if PGUSER=$ROLE PGPASSWORD=$PW PGDATABASE=$DB bash tools/export.sh "$OUT" >"$OUT/export.log" 2>&1; then
	ok "tools/export.sh as a treg_analyst login"
else
	not_ok "tools/export.sh as a treg_analyst login: $(tail -5 "$OUT/export.log")"
	echo "export: $passed passed, $((failed + 1)) failed"
	exit 1
fi
echo "# export took $(($(date +%s) - start)) s including the demo registry"

html=$OUT/report.html
# the page in headless Chromium: the DOM as it was rendered, every console message
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$PROFILE" \
	--enable-logging=stderr --v=0 --dump-dom "file://$html" >"$OUT/dom.html" 2>"$OUT/chromium.log"
check "chromium renders report.html" '[ -s "$OUT/dom.html" ] && grep -q "</html>" "$OUT/dom.html"'
check "no console message while loading the page" '! grep -q "CONSOLE" "$OUT/chromium.log"'
svgs=$(grep -o "<svg" "$OUT/dom.html" | wc -l)
nsec=$(wc -w <<<"$SECTIONS")
check "a chart per section in the DOM ($svgs svg, $nsec sections)" '[ "$svgs" -ge "$nsec" ]'
for s in $SECTIONS; do
	# the section and a chart inside it
	check "section $s has a chart and a table" \
		'$PY -c "import re,sys; d=open(sys.argv[1],encoding=\"utf-8\").read(); m=re.search(r\"<section id=\\\"$s\\\">(.*?)</section>\", d, re.S); sys.exit(0 if m and \"<svg\" in m.group(1) and \"<table\" in m.group(1) else 1)" "$OUT/dom.html"'
done
# the durations section: the quartile chart and the Kaplan-Meier curves with
# their confidence bands (fill_between: a PolyCollection per drawn curve)
check "section varighed: the quartile chart, the curves with bands and both tables" '$PY - "$OUT/dom.html" <<"EOF"
import re, sys
d = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<section id=\"varighed\">(.*?)</section>", d, re.S)
sec = m.group(1) if m else ""
ok = (sec.count("<svg") >= 2 and "PolyCollection" in sec and sec.count("<table") >= 2
      and "Kaplan-Meier" in sec)
print("#", sec.count("<svg"), "charts,", sec.count("PolyCollection"), "bands,",
      sec.count("<table"), "tables in the durations section")
sys.exit(0 if ok else 1)
EOF'
check "page loads nothing from outside (no external src/href)" \
	'! grep -Eiq "(src|href)=\"(https?:)?//" "$html" && ! grep -qi "<script" "$html"'
check "page names the municipality (Høje-Taastrup)" 'grep -q "Høje-Taastrup Kommune" "$html"'
check "page is in Danish: no English word of the old report" \
	'! grep -Eiq "unknown|\bentry\b|within 3 months|later or not|shortened" "$html"'
check "page explains x, 0 and the noise" \
	'grep -q "diskretioneret" "$html" && grep -q "<b>0</b> betyder" "$html" && grep -q "støj" "$html"'
check "Danish number format in the tables (1.234 and 12,3 %)" \
	'grep -Eq "<td class=\"n\">[0-9]{1,3}\.[0-9]{3}</td>" "$html" && grep -Eq "<td class=\"n\">[0-9]+,[0-9] %</td>" "$html"'
check "suppressed cells shown as x" 'grep -q "<td class=\"n x\" title=\"diskretioneret\">x</td>" "$html"'

# the PDF: A4, a page per section at least, every heading in its text
pdf=$OUT/report.pdf
pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "report.pdf has at least a page per section ($pages pages)" '[ "${pages:-0}" -ge "$nsec" ]'
check "report.pdf is A4" 'pdfinfo "$pdf" | grep -q "^Page size:.*(A4)"'
pdftotext -layout "$pdf" "$OUT/report.txt" 2>/dev/null
check "every section heading is in the PDF text" \
	'$PY -c "import re,sys,html as h; d=open(sys.argv[1],encoding=\"utf-8\").read(); t=\" \".join(open(sys.argv[2],encoding=\"utf-8\").read().split()); hs=[\" \".join(h.unescape(x).split()) for x in re.findall(r\"<h2>(.*?)</h2>\", d)]; miss=[x for x in hs if x not in t]; print(\"# missing:\", miss) if miss else None; sys.exit(1 if miss or not hs else 0)" "$html" "$OUT/report.txt"'
check "pdftoppm renders the first and the last page" \
	'pdftoppm -r 30 -png -f 1 -l 1 "$pdf" "$OUT/first" && pdftoppm -r 30 -png -f "$pages" -l "$pages" "$pdf" "$OUT/last" && ls "$OUT"/first*.png "$OUT"/last*.png >/dev/null'

# the workbook: every table a sheet, numbers as numbers, x with a comment
check "report.xlsx: a sheet per table with numeric cells, x cells with a comment" '$PY - "$OUT/report.xlsx" "$html" <<"EOF"
import re, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
tables = len(re.findall(r"<table>", open(sys.argv[2], encoding="utf-8").read()))
sheets = wb.sheetnames[1:]
bad = []
if wb.sheetnames[0] != "Om tallene" or len(sheets) != tables:
    bad.append(f"sheets {wb.sheetnames} for {tables} tables")
xs = 0
for name in sheets:
    ws = wb[name]
    nums = [c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, (int, float))]
    if not nums:
        bad.append(f"{name}: no numeric cell")
    for row in ws.iter_rows(min_row=5):
        for c in row:
            if c.value == "x":
                xs += 1
                if c.comment is None:
                    bad.append(f"{name}!{c.coordinate}: x without a comment")
    if not ws["A4"].value:
        bad.append(f"{name}: no header")
if xs == 0:
    bad.append("no suppressed cell at all")
print("# xlsx:", len(sheets), "sheets,", xs, "suppressed cells", bad[:5])
sys.exit(1 if bad else 0)
EOF'

# the CSV files: one per view, RFC 4180 (CRLF, a header), every row as wide as the header
for v in $VIEWS; do
	check "$v.csv parses as RFC 4180 CSV with a header" '$PY - "$OUT/$v.csv" <<"EOF"
import csv, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
ok = (not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and len(rows) >= 2
      and all(len(r) == len(rows[0]) for r in rows) and rows[0][0] != "")
sys.exit(0 if ok else 1)
EOF'
done
check "CSV keeps Danish letters in UTF-8" 'grep -q "Døgnbehandling" "$OUT/report_costs.csv"'

echo "# test/export.sh took $(($(date +%s) - start)) s"
echo "export: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
