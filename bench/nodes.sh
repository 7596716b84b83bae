#!/usr/bin/env bash
# Main-node heap/RSS with COUNT registered secondary streams (simulated in the driver's JVM) and
# the latency of CreateKey forwarded over them. Usage: bench/nodes.sh [COUNT] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp install -DskipTests -pl bench -am
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.NodeStreamsBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-1000}" "${2:-5}"
