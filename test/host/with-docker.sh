#!/usr/bin/env bash
# Runs a command (the test suites) with a Docker engine for the container tests: the one that
# answers already, or one started here by docker-engine.sh and stopped when the command ends,
# whatever happens. Where none can start (not root, no dockerd), the container tests say why
# and are skipped; the command runs all the same and its exit code is this script's.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir="$here/../../test-results/docker"
trap '"$here/docker-engine.sh" stop "$dir"' EXIT
if engine_env=$("$here/docker-engine.sh" start "$dir"); then
  eval "$engine_env"
else
  echo "No Docker engine for the container tests: they will be skipped."
fi
"$@"
