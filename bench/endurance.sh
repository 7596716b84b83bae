#!/usr/bin/env bash
# Endurance: CYCLES CreateKey/ApplyCert cycles (software store) by CALLERS concurrent clients in one
# runtime; heap after GC and RSS every tenth, then a leak check (store files vs database rows).
# STORE: soft (default) or softhsm (a fresh SoftHSM2 token; the leak check counts token objects).
# Usage: bench/endurance.sh [CYCLES] [CALLERS] [STORE]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runtime/target/edgeiam.jar ] || mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp install -DskipTests -pl bench -am
if [ "${3:-soft}" = softhsm ]; then
  tokens=$(mktemp -d)
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$tokens" > "$tokens.conf"
  export SOFTHSM2_CONF="$tokens.conf"
fi
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.edgeiam.bench.EnduranceBench \
  "$PWD/runtime/target/edgeiam.jar" "${1:-10000}" "${2:-4}" "${3:-soft}"
