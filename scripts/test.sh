#!/usr/bin/env bash
# Install what the tests need and run them: PostgreSQL from Debian's packages (when its
# binaries are missing), the package with its test extra in .venv, then pytest.
# The tests start their own throwaway PostgreSQL server from those binaries; set
# ONNOTICE_TEST_PG_URL to use a server you already run instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ONNOTICE_TEST_PG_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing PostgreSQL from Debian's packages" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
exec .venv/bin/python -m pytest "$@"
