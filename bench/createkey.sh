#!/usr/bin/env bash
# CreateKey/s of the certificate handler on the software key store and on a SoftHSM2 token, next
# to BouncyCastle's raw key pair + CSR rate, in one JVM. Usage: bench/createkey.sh [SECONDS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp install -DskipTests -pl bench -am
tokens=bench/target/softhsm-tokens; rm -rf "$tokens"; mkdir -p "$tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$PWD/$tokens" > bench/target/softhsm2.conf
export SOFTHSM2_CONF="$PWD/bench/target/softhsm2.conf"
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.edgeiam.certhandler.internal.CreateKeyBench "${1:-5}" "${2:-3}"
