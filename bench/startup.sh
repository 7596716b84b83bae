#!/usr/bin/env bash
# Cold start to the first answered GetAPIVersion, and RSS 3 s later, of the runtime jar in
# provisioning mode: each run starts it in a new working dir (the framework cache is filled from
# the jar) and again in the same dir (a restart: the cache is kept). Usage: bench/startup.sh [RUNS]
# STARTUP_CONFIG: the configuration (default configs/main-node.cfg, the runtime's default; the
# server addresses are replaced by free loopback ports). EDGEIAM_JAVA_OPTS: JVM options for the
# runtime; EDGEIAM_CDS=1 first makes a class-data archive of a start-up and uses it.
# EDGEIAM_LAUNCHER=1: start the distribution's bin/edgeiam (runtime/target/edgeiam) instead of
# java -jar, with the options it ships (EDGEIAM_JAVA_OPTS replaces them) and the class-data
# archive its first start writes; JAVA_HOME chooses the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -pl bench package -DskipTests
config="${STARTUP_CONFIG:-configs/main-node.cfg}"
if [ "${EDGEIAM_LAUNCHER:-0}" = 1 ]; then
  export EDGEIAM_LAUNCHER="$PWD/runtime/target/edgeiam/bin/edgeiam"
else
  unset EDGEIAM_LAUNCHER
fi
if [ "${EDGEIAM_CDS:-0}" = 1 ]; then
  jsa="$PWD/bench/target/edgeiam.jsa"; dir=$(mktemp -d); jar="$PWD/runtime/target/edgeiam.jar"
  mkdir -p "$dir/configs" && cp -r configs/identity "$dir/configs/"
  sed 's#@PUBLIC@#127.0.0.1:0#; s#@PROTECTED@#127.0.0.1:0#; s#@DIR@#'"$dir"'#g;
       s#"iamPublicServerURL": *"[^"]*"#"iamPublicServerURL": "127.0.0.1:0"#;
       s#"iamProtectedServerURL": *"[^"]*"#"iamProtectedServerURL": "127.0.0.1:0"#' "$config" > "$dir/iam.cfg"
  (cd "$dir"; java ${EDGEIAM_JAVA_OPTS:-} -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" -p -c iam.cfg > archive.log 2>&1 < /dev/null &
   pid=$!; sleep 10; kill "$pid"; wait "$pid" || true)
  export EDGEIAM_JAVA_OPTS="${EDGEIAM_JAVA_OPTS:-} -XX:SharedArchiveFile=$jsa"
fi
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.StartupProbe \
  "$PWD/runtime/target/edgeiam.jar" "$config" "${1:-5}"
