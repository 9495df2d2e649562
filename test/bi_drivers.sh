#!/bin/bash
# test/bi_drivers.sh: every report view as a BI tool reads it, through the
# real drivers: psqlODBC (unixODBC, pyodbc) and the PostgreSQL JDBC driver.
#
# Starts its own throw-away cluster (the binaries of $PG_CONFIG, default
# Debian's PostgreSQL 15) on a free TCP port of 127.0.0.1 with password
# (SCRAM) authentication, since the JDBC driver cannot use a unix socket
# without junixsocket and BI tools connect over TCP anyway.  Loads
# treg.demo_load(1000), sets the report configuration and creates a login
# role in treg_analyst with a password.  Then, as that role:
#   - ODBC, DSN-less ("Driver=PostgreSQL Unicode", BoolsAsChar=0):
#     SQLDescribeColW of SELECT * FROM every view, SQLColumns of the view,
#     every row fetched (test/bi/odbc_types.py); also a connection with the
#     socket directory as Servername;
#   - JDBC: ResultSetMetaData of SELECT * FROM every view, every row fetched
#     (test/bi/ReportTypes.java, run as a single-file source program);
# and compares every column with information_schema.columns of the view
# (test/bi/compare.py): varchar(n) with length n, bigint, integer,
# numeric(p,s) with precision p and scale s, date and boolean, nothing
# OTHER, unknown or a memo (LONGVARCHAR).
# Prints "bi drivers: N passed, M failed"; exits 1 on any failure.
# Needs odbc-postgresql, unixodbc, python3-pyodbc, libpostgresql-jdbc-java
# and a Java 11+ runtime (tools/setup.sh installs them).
set -uo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
BINDIR=$("$PG_CONFIG" --bindir)
PYTHON=/usr/bin/python3			# Debian's, with python3-pyodbc
JDBC_JAR=/usr/share/java/postgresql.jar
DB=treg_bi
ANALYST=treg_bi_analyst
WORK=$(mktemp -d /tmp/treg_bi.XXXXXX)
chmod 755 "$WORK"
passed=0
failed=0

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
elapsed() { local ms=$((($(date +%s%N) - $1) / 1000000)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
finish() {
	echo "bi drivers: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit $?
}
fail_setup() {
	not_ok "setup: $1"
	finish
}
cleanup() {
	as_pg "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$WORK"

for need in "$PYTHON" "$JDBC_JAR"; do
	[ -e "$need" ] || fail_setup "$need is missing (tools/setup.sh installs it)"
done
command -v java >/dev/null || fail_setup "java is missing (tools/setup.sh installs it)"
"$PYTHON" -c 'import pyodbc' 2>/dev/null || fail_setup "python3-pyodbc is missing"
odbcinst -q -d -n 'PostgreSQL Unicode' >/dev/null 2>&1 || fail_setup "ODBC driver 'PostgreSQL Unicode' is not registered (odbc-postgresql)"

# the cluster: superuser by trust over the socket, everyone else by password
PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null ||
	fail_setup "initdb"
cat >>"$WORK/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
port = $PORT
password_encryption = 'scram-sha-256'
fsync = off
CONF
cat >"$WORK/data/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
HBA
as_pg "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w start >/dev/null || {
	cat "$WORK/server.log"; fail_setup "pg_ctl start"; }

export PGHOST=$WORK PGPORT=$PORT
unset PGPASSWORD PGOPTIONS PGDATABASE PGSERVICE
PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
SU() { psql -X -q -At -v ON_ERROR_STOP=1 -U postgres "$@"; }
psql -X -q -U postgres -d postgres -c "CREATE DATABASE $DB" >/dev/null || fail_setup "createdb"
SU -d $DB -c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo' \
	-c 'SELECT count(*) FROM treg.demo_load(1000)' \
	-c "SELECT treg.set_report_config(169, '2026-04-08')" \
	-c "CREATE ROLE $ANALYST LOGIN PASSWORD '$PASSWORD'" \
	-c "GRANT treg_analyst TO $ANALYST" >/dev/null || fail_setup "demo registry and analyst role"

# the catalog: every column of every report view
SU -d $DB -F $'\t' >"$WORK/catalog.tsv" -c "
	SELECT c.table_name, c.ordinal_position, c.column_name, c.data_type,
		   coalesce(c.character_maximum_length, 0), coalesce(c.numeric_precision, 0), coalesce(c.numeric_scale, 0)
	FROM information_schema.columns c
	JOIN pg_class v ON v.relname = c.table_name AND v.relnamespace = 'treg'::regnamespace AND v.relkind = 'v'
	WHERE c.table_schema = 'treg' AND c.table_name LIKE 'report\_%'
	ORDER BY c.table_name, c.ordinal_position" || fail_setup "catalog"
VIEWS=$(cut -f1 "$WORK/catalog.tsv" | sort -u)
nviews=$(wc -l <<<"$VIEWS")
if [ "$nviews" -ge 17 ]; then ok "$nviews report views, $(wc -l <"$WORK/catalog.tsv") columns in the catalog"
else not_ok "only $nviews report views in the catalog"; fi

# the analyst's row counts by psql over TCP with the password
for v in $VIEWS; do echo "SELECT '$v', count(*) FROM treg.\"$v\";"; done |
	PGPASSWORD=$PASSWORD psql -X -q -At -F $'\t' -v ON_ERROR_STOP=1 -h 127.0.0.1 -U $ANALYST -d $DB \
		>"$WORK/counts.tsv" || fail_setup "the analyst's row counts over TCP"
is_super=$(PGPASSWORD=$PASSWORD psql -X -At -h 127.0.0.1 -U $ANALYST -d $DB \
	-c "SELECT rolsuper OR pg_has_role('treg_writer', 'USAGE') FROM pg_roles WHERE rolname = current_user")
if [ "$is_super" = f ]; then ok "the login role is an analyst, neither superuser nor treg_writer"
else not_ok "the login role is not a plain analyst ($is_super)"; fi

# ODBC: the DSN options a BI user sets (README "Connecting a BI tool")
ODBC_OPTIONS="BoolsAsChar=0"
odbc_conn() { echo "Driver=PostgreSQL Unicode;Servername=$1;Port=$PORT;Database=$DB;Uid=$ANALYST;Pwd=$PASSWORD;$2"; }
t0=$(date +%s%N)
if BI_ODBC=$(odbc_conn 127.0.0.1 "$ODBC_OPTIONS") "$PYTHON" test/bi/odbc_types.py "$WORK/catalog.tsv" \
	>"$WORK/odbc.out" 2>"$WORK/odbc.err"; then
	ok "ODBC: every report view described, listed and fetched over TCP ($(elapsed $t0) s)"
else
	not_ok "ODBC: test/bi/odbc_types.py failed: $(cat "$WORK/odbc.err")"
fi

# psqlODBC also takes the socket directory as Servername (as PGHOST may be)
sock_rows=$(BI_ODBC=$(odbc_conn "$WORK" "$ODBC_OPTIONS") "$PYTHON" test/bi/odbc_types.py --count report_catalog 2>&1)
want=$(sed -n 's/^report_catalog\t//p' "$WORK/counts.tsv")
if [ "$sock_rows" = "$want" ]; then ok "ODBC: Servername=<socket directory> connects ($sock_rows catalogue rows)"
else not_ok "ODBC over the socket directory: '$sock_rows', psql '$want'"; fi

# what the DSN option is for: without BoolsAsChar=0 a boolean is text
default_bool=$(BI_ODBC=$(odbc_conn 127.0.0.1 "") "$PYTHON" test/bi/odbc_types.py --describe report_census is_total 2>&1)
echo "# psqlODBC without BoolsAsChar=0 describes a boolean as SQL type, size: $default_bool (12 is SQL_VARCHAR)"

# JDBC over TCP
t0=$(date +%s%N)
if BI_JDBC_URL="jdbc:postgresql://127.0.0.1:$PORT/$DB" BI_USER=$ANALYST BI_PASSWORD=$PASSWORD \
	java -cp "$JDBC_JAR" test/bi/ReportTypes.java "$WORK/catalog.tsv" >"$WORK/jdbc.out" 2>"$WORK/jdbc.err"; then
	ok "JDBC: every report view described and fetched over TCP ($(elapsed $t0) s)"
else
	not_ok "JDBC: test/bi/ReportTypes.java failed: $(cat "$WORK/jdbc.err")"
fi

# every column of both drivers against the catalog
"$PYTHON" test/bi/compare.py "$WORK/catalog.tsv" "$WORK/counts.tsv" "$WORK/odbc.out" "$WORK/jdbc.out" \
	>"$WORK/compare.out" 2>&1 || not_ok "test/bi/compare.py failed"
cat "$WORK/compare.out"
passed=$((passed + $(grep -c '^ok - ' "$WORK/compare.out")))
failed=$((failed + $(grep -c '^not ok - ' "$WORK/compare.out")))
finish
