#!/usr/bin/env bash
# Cold start to the first answered GetAPIVersion, and RSS, of the runtime jar with the default
# bundles (provisioning mode, a fresh working dir each run). Usage: bench/startup.sh [RUNS]
# JVM options for the runtime: EDGEIAM_JAVA_OPTS; EDGEIAM_CDS=1 makes and uses a class-data archive.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -pl bench package -DskipTests
# EDGEIAM_CDS=1: first make a class-data archive of a start-up (docs/operations.md §1) and use it
if [ "${EDGEIAM_CDS:-0}" = 1 ]; then
  jsa="$PWD/bench/target/edgeiam.jsa"; dir=$(mktemp -d)
  sed "s#@PUBLIC@#127.0.0.1:0#; s#@PROTECTED@#127.0.0.1:0#; s#@DIR@#$dir#g" bench/startup-config.json > "$dir/iam.cfg"
  jar="$PWD/runtime/target/edgeiam.jar"
  (cd "$dir"; java -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" -p -c iam.cfg > archive.log 2>&1 < /dev/null &
   pid=$!; sleep 10; kill "$pid"; wait "$pid" || true)
  export EDGEIAM_JAVA_OPTS="${EDGEIAM_JAVA_OPTS:-} -XX:SharedArchiveFile=$jsa"
fi
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.StartupProbe \
  "$PWD/runtime/target/edgeiam.jar" bench/startup-config.json "${1:-5}"
