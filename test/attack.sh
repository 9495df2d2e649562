#!/bin/bash
# test/attack.sh: run the test-time attacker (test/attack/attack.py) against
# fresh demo registries in the cluster the libpq variables point at.
# Needs Debian's python3-scipy and python3-psycopg2 (tools/setup.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 test/attack/attack.py
