# tools/sql-include.awk: builds an upgrade script from its source in
# extension/upgrade/ (run by make, see the Makefile and README, "Developing").
#
#     awk -v target=extension/scripts/treg--A--B.sql -f tools/sql-include.awk \
#         extension/upgrade/treg--A--B.sql > extension/scripts/treg--A--B.sql
#
# Copies the source line by line, except that a line
#
#     --@include extension/reports/report_census.sql
#
# (path from the repository root, nothing else on the line) is replaced by
# that file, in which every line beginning "CREATE FUNCTION", "CREATE
# PROCEDURE", "CREATE AGGREGATE", "CREATE VIEW" or "CREATE TRIGGER" becomes
# "CREATE OR REPLACE ...", so that the objects of the included file are
# replaced when the old version has them and created when it has not.
# Every other line (COMMENT ON, GRANT, CREATE TABLE, ...) is copied as it
# is.  An included file may not include again.  Fails (exit 1) on a missing
# file or a malformed directive.

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

BEGIN {
	if (target == "")
		target = "(upgrade script)"
	printf "/* %s: built by make from %s with tools/sql-include.awk; edit the source, not this file */\n\n",
		target, ARGV[1]
}

/^--@/ {
	if ($1 != "--@include" || NF != 2)
		fail("malformed directive (expected: --@include path/from/repository/root.sql): " $0)
	file = $2
	printf "/* ---- --@include %s ---- */\n", file
	n = 0
	while ((status = (getline line < file)) > 0) {
		n++
		if (line ~ /^--@/)
			fail("an included file may not contain directives: " file ":" n)
		if (line ~ /^CREATE (FUNCTION|PROCEDURE|AGGREGATE|VIEW|TRIGGER)[ \t(]/)
			sub(/^CREATE /, "CREATE OR REPLACE ", line)
		print line
	}
	if (status < 0)
		fail("cannot read " file)
	if (n == 0)
		fail("empty file " file)
	close(file)
	printf "/* ---- end of %s ---- */\n", file
	next
}

{ print }

END {
	if (failed)
		exit 1
}
