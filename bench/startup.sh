#!/usr/bin/env bash
# Cold start to the first answered GetAPIVersion, and RSS, of the runtime jar with the default
# bundles (provisioning mode, a fresh working dir each run). Usage: bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -pl bench package -DskipTests
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.StartupProbe \
  "$PWD/runtime/target/edgeiam.jar" bench/startup-config.json "${1:-5}"
