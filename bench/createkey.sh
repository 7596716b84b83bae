#!/usr/bin/env bash
# CreateKey/s of the certificate handler on the software key store next to BouncyCastle's raw
# key pair + CSR rate, in one JVM. Usage: bench/createkey.sh [SECONDS_PER_PHASE] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp install -DskipTests -pl bench -am
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.edgeiam.certhandler.internal.CreateKeyBench "${1:-5}" "${2:-3}"
