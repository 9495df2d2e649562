#!/bin/bash
# test/log_privacy.sh: no CPR number reaches the server log.
#
# Starts a throw-away cluster of its own with the binaries of
# $PG_CONFIG --bindir (as user postgres when run as root; a free port; the
# socket and the log in a temporary directory), with
# shared_preload_libraries = 'treg', twice: once with the settings README
# recommends ("Logging and CPR numbers") and once with logging turned up
# (every statement, its duration and its parameters), where treg's log
# hook alone must keep the numbers out.  As a superuser it provokes every
# path by which PostgreSQL writes data into the log: the CONTEXT line of a
# bad COPY row, the key of a unique violation, the row of a CHECK
# violation, the STATEMENT line of a failed statement with a CPR literal,
# a failing function with a CPR parameter, a logged statement and its
# parameters.  Fails when any test number's serial digits appear in the
# log, or when a path did not reach the log (in masked form) at all.
# Prints "log privacy: N passed, M failed".
set -u -o pipefail

PG_CONFIG=${PG_CONFIG:-pg_config}
BINDIR=$("$PG_CONFIG" --bindir)
WORK=$(mktemp -d --tmpdir treg_log_privacy.XXXXXX)
DATA=$WORK/data
LOG=$WORK/server.log
passed=0
failed=0

as_postgres() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

stop_cluster() {
	as_postgres "$BINDIR/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1
}

cleanup() {
	stop_cluster
	rm -rf "$WORK"
}
trap cleanup EXIT

fail_setup() {
	echo "log privacy: setup failed: $1" >&2
	[ -f "$LOG" ] && tail -20 "$LOG" >&2
	echo "log privacy: $passed passed, $((failed + 1)) failed"
	exit 1
}

# a port nobody listens on (the socket lives in $WORK, so this only avoids
# confusing anyone who looks)
PORT=
for p in $(shuf -i 20000-29999 -n 50); do
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [ ! -e "/tmp/.s.PGSQL.$p" ]; then
		PORT=$p
		break
	fi
done
[ -n "$PORT" ] || fail_setup "no free port"

[ "$(id -u)" = 0 ] && chown postgres "$WORK"
as_postgres "$BINDIR/initdb" -D "$DATA" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres \
	>/dev/null || fail_setup "initdb"

# The numbers the test uses, one set per path; the serials are the digits
# that must never appear.  Chosen so that no serial is a plausible year.
CPRS="070761-4285 120685-3817 150372-6391 230898-7517 011155-3926 280466-5718 190377-4862 030303-6173"

PSQL=(psql -X -q -h "$WORK" -p "$PORT" -U postgres -d postgres)

provoke() {
	"${PSQL[@]}" -c 'CREATE EXTENSION IF NOT EXISTS treg' >/dev/null || return 1
	"${PSQL[@]}" >/dev/null 2>&1 <<'SQL'
DROP TABLE IF EXISTS t, u, k;
CREATE TABLE t (id int, c treg.cpr, note text);
CREATE TABLE u (c treg.cpr UNIQUE);
CREATE TABLE k (id int, c treg.cpr, n int CHECK (n > 0));
CREATE OR REPLACE FUNCTION f(p treg.cpr, q text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'cannot handle % / %', p, q USING DETAIL = 'number ' || q, HINT = q;
END
$$;
SQL
	# COPY: extra data and missing data (whole line in CONTEXT), a bad CPR
	"${PSQL[@]}" -c "COPY t FROM STDIN (FORMAT csv)" <<<'1,070761-4285,x,extra'
	"${PSQL[@]}" -c "COPY t (note, id) FROM STDIN (FORMAT csv)" <<<'1206853817'
	"${PSQL[@]}" -c "COPY t (id, c) FROM STDIN (FORMAT csv)" <<<'1,310290-6173'
	# unique violation: Key (c)=(...) already exists
	"${PSQL[@]}" -c "INSERT INTO u VALUES ('150372-6391')"
	"${PSQL[@]}" -c "INSERT INTO u VALUES ('1503726391')"
	# CHECK violation: Failing row contains (...)
	"${PSQL[@]}" -c "INSERT INTO k VALUES (1, '230898-7517', -1)"
	# a failed statement with a CPR literal (STATEMENT line), also a syntax error
	"${PSQL[@]}" -c "SELECT 1 / 0 WHERE '011155-3926' IS NOT NULL"
	"${PSQL[@]}" -c "SELEC '0111553926'"
	# a failing function with a CPR parameter, directly and prepared
	"${PSQL[@]}" -c "SELECT f('280466-5718', '2804665718')"
	"${PSQL[@]}" -c "PREPARE p(treg.cpr, text) AS SELECT f(\$1, \$2); EXECUTE p('190377-4862', '190377-4862')"
	# a statement that succeeds (logged by log_statement in the second run)
	"${PSQL[@]}" -c "SELECT treg.birth_date('030303-6173')"
	return 0
} 2>/dev/null >/dev/null

check_log() {
	local run=$1 cpr serial dmy leaked=0
	for cpr in $CPRS; do
		dmy=${cpr%-*}
		serial=${cpr#*-}
		if grep -q -E "${dmy}-?${serial}|(^|[^0-9])${serial}([^0-9]|$)" "$LOG"; then
			echo "not ok - $run: the serial of $dmy-xxxx is in the log:"
			grep -n -E "${dmy}-?${serial}|(^|[^0-9])${serial}([^0-9]|$)" "$LOG" | head -5 | sed 's/^/#   /'
			leaked=1
		fi
	done
	if [ $leaked = 0 ]; then
		echo "ok - $run: no serial of the $(wc -w <<<"$CPRS") test numbers in the log"
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	# every path reached the log, masked
	local pattern label
	while IFS='|' read -r label pattern; do
		if grep -q -F -- "$pattern" "$LOG"; then
			echo "ok - $run: $label logged masked"
			passed=$((passed + 1))
		else
			echo "not ok - $run: $label not found in the log (expected: $pattern)"
			failed=$((failed + 1))
		fi
	done <<'EOF'
COPY line of a row with extra data|"1,070761-xxxx,x,extra"
COPY line of a row with missing data|"120685-xxxx"
unique violation key|Key (c)=(150372-xxxx) already exists
CHECK violation row|Failing row contains (1, 230898-xxxx, -1)
function error message and detail|cannot handle 280466-xxxx / 280466-xxxx
prepared function error|cannot handle 190377-xxxx / 190377-xxxx
EOF
}

# run NAME SETTINGS: start the cluster with the settings (postgresql.conf
# lines), provoke every path, stop it and check the log
run() {
	local name=$1
	printf '%s\n' "$2" >"$DATA/treg_log_privacy.conf"
	: >"$LOG"
	[ "$(id -u)" = 0 ] && chown postgres "$LOG" "$DATA/treg_log_privacy.conf"
	as_postgres "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -w start >/dev/null || fail_setup "pg_ctl start ($name)"
	provoke || fail_setup "CREATE EXTENSION treg ($name)"
	as_postgres "$BINDIR/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || fail_setup "pg_ctl stop ($name)"
	check_log "$name"
}

cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$WORK'
shared_preload_libraries = 'treg'
log_line_prefix = '%m '
lc_messages = 'C'
include = 'treg_log_privacy.conf'
CONF

run "recommended settings" "
log_min_error_statement = panic
log_statement = none
log_parameter_max_length = 0
log_parameter_max_length_on_error = 0"
run "verbose logging, hook only" "
log_min_error_statement = error
log_statement = all
log_min_duration_statement = 0
log_parameter_max_length = -1
log_parameter_max_length_on_error = -1
log_error_verbosity = verbose"

echo "log privacy: $passed passed, $failed failed"
[ $failed -eq 0 ]
