#!/bin/bash
# Set-up shared by tools/demo.sh and tools/test.sh: install the Debian
# packages treg needs (only when one is missing), then build treg with
# warnings as errors and install it into the system PostgreSQL 15.
# Safe to run again.  Run as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES="postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
libtap-parser-sourcehandler-pgtap-perl libicu-dev pkg-config make gcc
r-base-core r-cran-survival python3-scipy python3-psycopg2
odbc-postgresql unixodbc python3-pyodbc libpostgresql-jdbc-java
openjdk-17-jre-headless
python3-matplotlib python3-openpyxl chromium poppler-utils fonts-dejavu-core"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "treg setup: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
make -s clean >/dev/null
make -s WERROR=1 -j2
make -s install >/dev/null
echo "treg setup: built and installed treg $(sed -n "s/^default_version = '\(.*\)'/\1/p" extension/treg.control)"
