#!/usr/bin/env bash
# The device authority against its raw crypto, in one JVM, one worker per processor: basic
# authentications/s at bcrypt cost 10 vs BouncyCastle's raw bcrypt checks/s; X.509
# authentications/s; client certificates issued/s from CSRs vs BouncyCastle's raw P-384 signing.
# Usage: bench/authority.sh [SECONDS_PER_PHASE] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp install -DskipTests -pl bench -am
exec java -Dorg.slf4j.simpleLogger.logFile=bench/target/authority.log -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.edgeiam.ca.internal.DeviceAuthorityBench "${1:-5}" "${2:-3}"
