#!/usr/bin/env bash
# JMH micro-benchmarks of in-process hot paths: CSR build, chain verification, permission look-up,
# SQLite certificate reads (bench/src/main/java, classes *Jmh). Arguments go to JMH as they are
# (a regex picks benchmarks, -h lists the options); short defaults for -f -wi -w -i -r unless given.
# Usage: bench/jmh.sh [JMH ARGS...], e.g. bench/jmh.sh Permission -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl bench package -DskipTests
# 10 s of warm-up: parsing and verifying a chain of fresh keys (BouncyCastle EC) is still getting
# faster after 6 s
defaults=(-f 1 -wi 5 -w 2s -i 5 -r 2s)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  case " $* " in
    *" ${defaults[k]} "*) ;;
    *) args+=("${defaults[k]}" "${defaults[k + 1]}") ;;
  esac
done
# the forks inherit this JVM's options: slf4j-simple below info keeps the benchmarks' own logging
# (re-registering an instance logs at info) out of the measurement
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main "${args[@]}" "$@"
