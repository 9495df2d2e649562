#!/bin/bash
# test/settings_routes.sh: no setting route lets an analyst change the
# protection of published figures.
#
# Starts its own throw-away clusters (the binaries of $PG_CONFIG, default
# Debian's PostgreSQL 15), once without and once with
# shared_preload_libraries = 'treg', loads a demo registry, and then, as a
# real login role that is a member of treg_analyst only, tries every route
# in a fresh connection: SET, SET LOCAL, set_config, PGOPTIONS, ALTER ROLE
# ... SET on itself, ALTER DATABASE ... SET, before and after the library
# is loaded (also first loaded inside a SECURITY DEFINER report), lowering
# and raising k and the dominance settings, and writing the configuration
# tables.  Every report view must give exactly the superuser's output.
# Prints "settings routes: N passed, M failed"; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
BINDIR=$("$PG_CONFIG" --bindir)
WORK=$(mktemp -d /tmp/treg_settings.XXXXXX)
chmod 755 "$WORK"
passed=0
failed=0

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
check() {
	# check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (expected '$2', got '$3')"; fi
}

cleanup() {
	as_pg "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$WORK"

# a free port
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

start_cluster() {
	# start_cluster PRELOAD(yes/no)
	as_pg "$BINDIR/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1
	if [ ! -f "$WORK/data/PG_VERSION" ]; then
		as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth=trust \
			--encoding=UTF8 --locale=C.UTF-8 >/dev/null || exit 1
		cat >>"$WORK/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$WORK'
port = $PORT
CONF
	fi
	sed -i '/^shared_preload_libraries/d' "$WORK/data/postgresql.conf"
	if [ "$1" = yes ]; then
		echo "shared_preload_libraries = 'treg'" >>"$WORK/data/postgresql.conf"
	fi
	as_pg "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w start >/dev/null || {
		cat "$WORK/server.log"; exit 1; }
}

export PGHOST=$WORK PGPORT=$PORT
unset PGPASSWORD PGOPTIONS
SU() { psql -X -q -At -v ON_ERROR_STOP=1 -U postgres -d treg_settings "$@"; }
AN() { psql -X -q -At -U regress_settings_analyst -d treg_settings "$@" 2>&1; }

# every report view, rows in a fixed order, as one checksum
VIEWS_SQL="SELECT string_agg(format('SELECT %L AS v, md5(coalesce(string_agg(t::text, '';'' ORDER BY t::text), '''')) FROM treg.%I t', c.relname, c.relname), ' UNION ALL ' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = 'treg'::regnamespace AND c.relkind = 'v' AND c.relname LIKE '${VIEW_PATTERN:-report\_%}'"

for preload in no yes; do
	start_cluster $preload
	if [ $preload = no ]; then
		psql -X -q -U postgres -d postgres -c 'CREATE DATABASE treg_settings' >/dev/null
		SU -c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo' \
			-c 'SELECT count(*) FROM treg.demo_load(400, 5)' \
			-c "INSERT INTO treg.report_secret (singleton, secret) VALUES (true, '\\x0f0e0d0c0b0a09080706050403020100')" \
			-c "SELECT treg.set_report_config(169, '2026-04-08')" \
			-c 'CREATE ROLE regress_settings_analyst LOGIN' \
			-c 'GRANT treg_analyst TO regress_settings_analyst' >/dev/null || exit 1
	fi
	ALLVIEWS=$(SU -c "$VIEWS_SQL")
	BASE=$(SU -c "$ALLVIEWS")
	[ -n "$BASE" ] || { not_ok "baseline ($preload preload)"; continue; }
	same() {
		# same NAME OUTPUT: the analyst gets exactly the baseline, or is
		# refused outright (permission denied) and gets nothing
		local got
		got=$(printf '%s\n' "$2" | grep '^report_')
		if [ "$got" = "$BASE" ]; then
			ok "$1 (preload: $preload)"
		elif [ -z "$got" ] && printf '%s' "$2" | grep -q 'permission denied'; then
			ok "$1 (preload: $preload): refused"
		else
			not_ok "$1 (preload: $preload): $(printf '%s' "$2" | head -c 300)"
		fi
	}

	same "plain analyst session" "$(AN -c "$ALLVIEWS")"
	for v in 3 10; do
		same "SET treg.min_cell_count = $v before load" \
			"$(AN -c "SET treg.min_cell_count = $v" -c "$ALLVIEWS")"
		same "set_config before load ($v)" \
			"$(AN -c "SELECT set_config('treg.min_cell_count', '$v', false)" -c "$ALLVIEWS")"
		same "PGOPTIONS -c treg.min_cell_count=$v" \
			"$(PGOPTIONS="-c treg.min_cell_count=$v" AN -c "$ALLVIEWS")"
		same "SET LOCAL in a transaction ($v)" \
			"$(AN -c "BEGIN" -c "SET LOCAL treg.min_cell_count = $v" -c "$ALLVIEWS" -c "COMMIT")"
	done
	same "dominance settings lowered before load" \
		"$(AN -c "SET treg.dominance_k = 100" -c "SET treg.dominance_n = 1" -c "SET treg.dominance_p = 0" -c "$ALLVIEWS")"
	# after the library is loaded every SET is refused
	out=$(AN -c "SELECT treg.intensity_rank('dag')" -c "SET treg.min_cell_count = 3")
	case "$out" in
		*'permission denied to set parameter "treg.min_cell_count"'*) ok "SET after load refused (preload: $preload)" ;;
		*) not_ok "SET after load refused (preload: $preload): $out" ;;
	esac
	out=$(AN -c "ALTER ROLE regress_settings_analyst SET treg.min_cell_count = 3")
	case "$out" in
		*'permission denied'*) ok "ALTER ROLE self SET refused (preload: $preload)" ;;
		*) not_ok "ALTER ROLE self SET refused (preload: $preload): $out" ;;
	esac
	same "new session after ALTER ROLE attempt" "$(AN -c "$ALLVIEWS")"
	out=$(AN -c "ALTER DATABASE treg_settings SET treg.min_cell_count = 3")
	case "$out" in
		*'must be owner'*|*'permission denied'*) ok "ALTER DATABASE SET refused (preload: $preload)" ;;
		*) not_ok "ALTER DATABASE SET refused (preload: $preload): $out" ;;
	esac
	# the configuration belongs to the data owner
	for stmt in "UPDATE treg.report_config SET min_cell_count = 3" \
		"SELECT treg.set_report_config(169, '2026-04-08', NULL, 3, 0.5)" \
		"SELECT * FROM treg.report_secret" \
		"SELECT * FROM treg.report_context()"; do
		out=$(AN -c "$stmt")
		case "$out" in
			*'permission denied'*) ok "refused: $stmt (preload: $preload)" ;;
			*) not_ok "refused: $stmt (preload: $preload): $out" ;;
		esac
	done
	same "unchanged after every attempt" "$(AN -c "$ALLVIEWS")"
	# a superuser's own SET changes engine GUCs but never the reports
	same "superuser SET treg.min_cell_count = 3 leaves the reports alone" \
		"$(SU -c "SET treg.min_cell_count = 3" -c "$ALLVIEWS")"
done

echo "settings routes: $passed passed, $failed failed"
[ $failed -eq 0 ]
