#!/usr/bin/env bash
# SIGKILL fault injection: runs the itests KillDuringApplyCertTest with TRIALS kills during
# CreateKey/ApplyCert cycles (CI: 10) and PROVISIONING_TRIALS during StartProvisioning (CI: 3),
# and KillDuringMigrationTest with MIGRATION_TRIALS kills during a schema migration (CI: 3); a
# failing run prints its seed, pass it back to replay.
# Usage: bench/faults.sh [TRIALS] [SEED] [MIGRATION_TRIALS] [PROVISIONING_TRIALS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
exec mvn -B -ntp -pl itests verify -Dtest='KillDuringApplyCertTest,KillDuringMigrationTest' \
  -Dedgeiam.fault.trials="${1:-100}" -Dedgeiam.fault.migration.trials="${3:-20}" \
  -Dedgeiam.fault.provisioning.trials="${4:-20}" \
  ${2:+-Dedgeiam.fault.seed=$2}
