#!/bin/bash
# The whole test suite on a fresh Debian 12 machine, as root:
# set-up (packages, build with -Werror, install), then pg_regress, pgTAP and
# the dump/restore test inside a throw-away PostgreSQL 15 cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
exec pg_virtualenv -t -v 15 -i '--encoding=UTF8 --locale=C.UTF-8' bash tools/test-in-cluster.sh
