#!/bin/bash
# The main job on a fresh Debian 12 machine, as root: set-up (packages,
# build, install), then a throw-away PostgreSQL 15 cluster with the demo
# registry loaded, and the committee report printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
exec pg_virtualenv -t -v 15 -i '--encoding=UTF8 --locale=C.UTF-8' bash tools/demo-in-cluster.sh
