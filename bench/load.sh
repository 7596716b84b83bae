#!/usr/bin/env bash
# One runtime, five RPCs: requests/s closed loop (IN_FLIGHT async calls) and p50/p99 open loop at
# RATE/s (CreateKey at min(RATE, half its closed-loop rate)) for GetAPIVersion (the echo: a handler
# that does nothing), GetCert, GetPermissions, GetCurrentNodeInfo and CreateKey, phases alternating
# in ROUNDS rounds. Usage: bench/load.sh [SECONDS] [RATE] [IN_FLIGHT] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -pl bench package -DskipTests
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.LoadBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-5}" "${2:-5000}" "${3:-32}" "${4:-3}"
