#!/usr/bin/env bash
# Serving cost side by side with a bare grpc-java server (one trivial unary method, Netty, direct
# executor) in the same run and JVM options: requests/s and server CPU per call for GetAPIVersion,
# GetCurrentNodeInfo, GetCert and GetPermissions, the runtime's RSS after a SOAK-second closed loop,
# and GetCert open loop at RATE/s (p50/p99/p999). JVM options of both servers: EDGEIAM_JAVA_OPTS.
# EDGEIAM_LAUNCHER=1: the runtime is the distribution's bin/edgeiam, restarted once so that it runs
# with its class-data archive, and both servers get the JVM options it ships (unless
# EDGEIAM_JAVA_OPTS is set).
# Usage: bench/serving.sh [SECONDS] [IN_FLIGHT] [ROUNDS] [SOAK] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -pl bench package -DskipTests
if [ "${EDGEIAM_LAUNCHER:-0}" = 1 ]; then
  export EDGEIAM_LAUNCHER="$PWD/runtime/target/edgeiam/bin/edgeiam"
else
  unset EDGEIAM_LAUNCHER
fi
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.ServingBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-5}" "${2:-64}" "${3:-3}" "${4:-60}" "${5:-5000}"
