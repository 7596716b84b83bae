#!/usr/bin/env bash
# SIGKILL fault injection during CreateKey/ApplyCert cycles: runs the itest KillDuringApplyCertTest
# with TRIALS kills (CI runs it with 10); a failing run prints its seed, pass it back to replay.
# Usage: bench/faults.sh [TRIALS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
exec mvn -B -ntp -pl itests verify -Dtest=KillDuringApplyCertTest -Dedgeiam.fault.trials="${1:-100}" \
  ${2:+-Dedgeiam.fault.seed=$2}
