#!/usr/bin/env bash
# CreateKey forwarded by the main node to a real secondary runtime (two processes) next to
# CreateKey on the main node itself, one call in flight. Usage: bench/forward.sh [SECONDS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp install -DskipTests -pl bench -am
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.ForwardBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-5}" "${2:-3}"
