#!/usr/bin/env bash
# cache_range_requests by hand: many range requests over distinct ranges of one large object, through
# RangeCacheKeyFilter + CacheFilter in embedded Jetty 12 and Tomcat 10.1, against a loopback origin that generates
# the bytes of each range it is asked for. Every body is checked byte for byte; the run fails unless the origin was
# asked exactly once per distinct range and the store holds one object per range. Prints one RESULT line per
# container (timings, MiB moved, requests per second).
#
#   bench/range-requests.sh                       # 500 ranges x 4 requests, 1 B..1 MiB, 256 MiB object, 4 threads
#   RANGES=2000 REQUESTS_PER_RANGE=5 THREADS=8 MAX_RANGE=262144 bench/range-requests.sh
#   COLLAPSE=true THREADS=8 bench/range-requests.sh   # one shuffled queue: the same range asked concurrently,
#                                                      # with CollapsedForwardingFilter below the cache
# Exit status 0 only if every assertion held (exactly one origin request per range, byte-exact bodies, one store
# object per range).
#
# It is RangeRequestsLoadIT (the issue's measurement, which `mvn verify` runs with 64 KiB ranges) with other
# numbers. Needs only JDK 17 and Maven (offline works once ~/.m2 is filled).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-268435456}
RANGES=${RANGES:-500}
REQUESTS_PER_RANGE=${REQUESTS_PER_RANGE:-4}
THREADS=${THREADS:-4}
MAX_RANGE=${MAX_RANGE:-1048576}
HEAP=${HEAP:-256m}
COLLAPSE=${COLLAPSE:-false}

rm -f target/failsafe-reports/org.edgecache.it.RangeRequestsLoadIT*
rc=0
mvn -B -q -Dstyle.color=never ${MAVEN_OFFLINE:--o} verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=RangeRequestsLoadIT -Dit.heap=-Xmx"$HEAP" \
  -Dedgecache.bench.size="$SIZE" -Dedgecache.bench.ranges="$RANGES" \
  -Dedgecache.bench.requests-per-range="$REQUESTS_PER_RANGE" -Dedgecache.bench.threads="$THREADS" \
  -Dedgecache.bench.max-range="$MAX_RANGE" -Dedgecache.bench.collapse="$COLLAPSE" >/dev/null 2>&1 || rc=$?
grep -h '^RESULT' target/failsafe-reports/org.edgecache.it.RangeRequestsLoadIT-output.txt || true
if [ "$rc" -ne 0 ]; then
  echo "FAILED: an assertion did not hold; see target/failsafe-reports/org.edgecache.it.RangeRequestsLoadIT.txt" >&2
  grep -h -A3 'AssertionFailedError\|Exception' target/failsafe-reports/org.edgecache.it.RangeRequestsLoadIT.txt \
    2>/dev/null | head -12 >&2 || true
fi
exit "$rc"
