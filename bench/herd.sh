#!/usr/bin/env bash
# The thundering-herd benchmark (docs/thundering-herd.md): N clients at once on a cold object whose origin waits a
# second, through edgecache with collapsed forwarding, and through the plain proxy as the baseline, in one run.
#   bench/herd.sh [clients=500] [container=jetty|tomcat] [size-bytes=1048576]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-500}
container=${2:-jetty}
size=${3:-1048576}
mvn -q -B -DskipTests package >/dev/null
mvn -q -B failsafe:integration-test -Dit.test=HerdBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dit.heap=-Xmx1g -Dbench.clients="$clients" -Dbench.container="$container" -Dbench.size="$size" \
    -DargLine="-Dbench.clients=$clients -Dbench.container=$container -Dbench.size=$size" || true
sed -n "/status /p;/^herd of/,/ratio/p" target/failsafe-reports/org.edgecache.it.HerdBenchmark-output.txt | sort | uniq -c | sort -rn | head -5; sed -n "/^herd of/,/ratio/p" target/failsafe-reports/org.edgecache.it.HerdBenchmark-output.txt
