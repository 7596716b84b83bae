#!/usr/bin/env bash
# GetCert requests/s over gRPC against the runtime jar, next to GetAPIVersion (bare handler on the
# same server) in the same run. Usage: bench/getcert.sh [SECONDS] [ROUNDS] [IN_FLIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp install -DskipTests -pl bench -am
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.GetCertBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-5}" "${2:-3}" "${3:-32}"
