#!/usr/bin/env bash
# GetPermissions requests/s over gRPC next to GetAPIVersion (bare handler, same server), then its
# latency at a fixed open-loop rate. Usage: bench/permissions.sh [SECONDS] [ROUNDS] [IN_FLIGHT] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp install -DskipTests -pl bench -am
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.PermissionsBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-5}" "${2:-3}" "${3:-32}" "${4:-5000}"
