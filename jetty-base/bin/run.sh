#!/usr/bin/env bash
# Runs edgecache in Jetty 12 on 127.0.0.1:8080 in front of the demo origin on 127.0.0.1:8081.
#
#   jetty-base/bin/run.sh [extra start.jar arguments, e.g. jetty.http.host=127.0.0.2]
#
# Steps: builds the WAR (mvn -q -B package -DskipTests), unpacks jetty-home 12.1.12 through Maven into
# target/jetty-home (once), starts the demo origin in the background (unless EDGECACHE_ORIGIN is set),
# deploys the WAR as jetty-base/webapps/ROOT.war and runs Jetty until Ctrl-C, then stops the origin.
# Needs only JDK 17 and Maven.
#
# Environment:
#   EDGECACHE_PORT=8080             Jetty's port (always 127.0.0.1 unless you pass jetty.http.host=...)
#   EDGECACHE_ORIGIN=URL            use this origin instead of starting the demo origin
#   EDGECACHE_ORIGIN_PORT=8081      the demo origin's port
#   EDGECACHE_ORIGIN_CACHE_CONTROL  the demo origin's Cache-Control (default "public, max-age=60")
#   EDGECACHE_STORE=DIR             the persistent store (default target/run/store; kept across runs)
#   EDGECACHE_KNOBS="-Dname=value"  cache knobs as system properties (ATS record names)
#   EDGECACHE_JAVA_OPTS="-Xmx1g"    other JVM options for Jetty
#   EDGECACHE_SKIP_BUILD=1          deploy the existing target/edgecache-*.war without building
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

EC_PORT=${EDGECACHE_PORT:-8080}
ORIGIN_PORT=${EDGECACHE_ORIGIN_PORT:-8081}
EC_STORE=${EDGECACHE_STORE:-$EC_ROOT/target/run/store}
RUN_DIR=$EC_ROOT/target/run
HOST=127.0.0.1
ORIGIN_PID=''
JETTY_PID=''

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  ec_stop "$JETTY_PID" "Jetty" 30
  ec_stop "$ORIGIN_PID" "the demo origin" 10
  ec_unlock
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v java >/dev/null || ec_die "java not found (JDK 17 needed)"
command -v mvn >/dev/null || ec_die "mvn not found (Maven needed)"
ec_lock
ec_port_open "$HOST" "$EC_PORT" && ec_die "port $HOST:$EC_PORT is already in use (set EDGECACHE_PORT)"

ec_build_war
ec_jetty_home
mkdir -p "$RUN_DIR" "$EC_STORE"

if [[ -n ${EDGECACHE_ORIGIN:-} ]]; then
  EC_ORIGIN=$EDGECACHE_ORIGIN
  ec_log "origin: $EC_ORIGIN (EDGECACHE_ORIGIN; the demo origin is not started)"
else
  ec_port_open "$HOST" "$ORIGIN_PORT" &&
    ec_die "port $HOST:$ORIGIN_PORT is already in use (set EDGECACHE_ORIGIN_PORT, or EDGECACHE_ORIGIN to use that server)"
  EC_ORIGIN=http://$HOST:$ORIGIN_PORT
  ec_log "starting the demo origin on $EC_ORIGIN (its log lines start with [origin])"
  # the origin's output goes through sed for the prefix; $! is still the java process
  java "$EC_BASE/demo-origin/DemoOrigin.java" --host="$HOST" --port="$ORIGIN_PORT" \
    --dir="$EC_BASE/demo-origin/files" --large-dir="$EC_ROOT/target/demo-origin" \
    --cache-control="${EDGECACHE_ORIGIN_CACHE_CONTROL-public, max-age=60}" \
    > >(sed -u 's/^/[origin] /') 2>&1 &
  ORIGIN_PID=$!
  ec_wait_port "$HOST" "$ORIGIN_PORT" 120 "$ORIGIN_PID" "the demo origin"
fi

ec_deploy_war
ec_jetty_cmd "$@"
ec_log "store: ${EC_STORE}"
ec_log "starting Jetty: ${EC_JETTY_CMD[*]}"
"${EC_JETTY_CMD[@]}" &
JETTY_PID=$!
ec_wait_port "$HOST" "$EC_PORT" 180 "$JETTY_PID" "Jetty"

B=http://$HOST:$EC_PORT
stats=$(ec_http_status "$HOST" "$EC_PORT" /edgecache/stats || true)
{
  echo
  echo "================================================================================"
  echo " edgecache is listening on $B/  ->  origin $EC_ORIGIN"
  echo " GET /edgecache/stats answered ${stats:-nothing}; the store is ${EC_STORE#"$EC_ROOT"/}"
  echo
  if [[ -z $ORIGIN_PID ]]; then
    echo "   curl -si $B/                          # twice: see the Cache-Status and Age headers"
  else
    echo " Try (the [origin] lines show which requests reached the origin):"
    echo "   curl -si $B/hello.txt                 # 1st: Cache-Status: ...; fwd=uri-miss; stored"
    echo "   curl -si $B/hello.txt                 # 2nd: Cache-Status: ...; hit, an Age, no [origin] line"
    echo "   curl -s -o /dev/null -D - $B/data.json"
    echo "   curl -si -r 1048576-1048607 $B/large.bin   # 206: two 16-byte records (hex offsets)"
    echo "   curl -s $B/large.bin | sha256sum      # the whole 64 MiB object"
  fi
  echo "   curl -s $B/edgecache/stats            # the cache's counters"
  echo
  echo " Stop with Ctrl-C (stops Jetty${ORIGIN_PID:+ and the demo origin})."
  echo "================================================================================"
  echo
} >&2

set +e
wait "$JETTY_PID"
rc=$?
set -e
JETTY_PID=''
ec_log "Jetty exited with status $rc"
exit "$rc"
