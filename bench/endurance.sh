#!/usr/bin/env bash
# Endurance: CYCLES CreateKey/ApplyCert cycles (software store) by CALLERS concurrent clients in one
# runtime; heap after GC and RSS every tenth, then a leak check (store files vs database rows).
# Usage: bench/endurance.sh [CYCLES] [CALLERS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp install -DskipTests -pl bench -am
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.EnduranceBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-10000}" "${2:-4}"
