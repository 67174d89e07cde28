#!/usr/bin/env bash
# Runs the public HTTP caching test suite (npm package http-cache-tests 0.4.5, cache-tests.fyi) against
# edgecache deployed in Jetty from jetty-base.
#
#   jetty-base/bin/cache-tests.sh             the whole suite; results in target/cache-tests/results.json
#   jetty-base/bin/cache-tests.sh TEST_ID     one test, with the client's and the origin's request dumps
#
# Steps: installs the suite into target/cache-tests (npm, once), starts the suite's origin on 127.0.0.1
# (a free port; node --import loopback-only.mjs), builds the WAR, unpacks jetty-home (once), deploys the
# WAR as jetty-base/webapps/ROOT.war and starts Jetty on another free port with
# -DEDGECACHE_ORIGIN=<the suite's origin>, a fresh store and the knobs in EDGECACHE_KNOBS, runs
# `node cli.mjs` against Jetty, saves the JSON result and prints a summary (cache-tests-summary.mjs).
# Everything it started is stopped on exit.
#
# Environment:
#   EDGECACHE_KNOBS     the cache knobs, as JVM system properties (split at whitespace); default
#                       "-Dedgecache.defaults=rfc9111" (strict RFC 9111); set it empty for the seed defaults
#   EDGECACHE_PORT      Jetty's port (default: a free port)
#   CACHE_TESTS_ORIGIN_PORT   the suite origin's port (default: a free port)
#   EDGECACHE_JAVA_OPTS other JVM options for Jetty
#   EDGECACHE_SKIP_BUILD=1    deploy the existing target/edgecache-*.war without building
# Files (target/cache-tests/): results.json (and results.prev.json, the run before), jetty.log,
# origin.log, cli.err.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SUITE=http-cache-tests
SUITE_VERSION=0.4.5
CT_DIR=$EC_ROOT/target/cache-tests
PKG=$CT_DIR/node_modules/$SUITE
BIN=$EC_BASE/bin
HOST=127.0.0.1
TEST_ID=${1:-}
# Strict RFC 9111 behaviour: edgecache's rfc9111 profile sets every knob where the seed's defaults differ
# from the RFC the RFC way (docs/configuration.md, docs/conformance.md).
STRICT_KNOBS="-Dedgecache.defaults=rfc9111"
EDGECACHE_KNOBS=${EDGECACHE_KNOBS-$STRICT_KNOBS}
EDGECACHE_KNOBS=$(tr -s '[:space:]' ' ' <<< "$EDGECACHE_KNOBS" | sed 's/^ //; s/ $//')
EC_STORE=$CT_DIR/run/store
ORIGIN_PID=''
JETTY_PID=''

(($# <= 1)) || ec_die "usage: $0 [TEST_ID]"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  ec_stop "$JETTY_PID" "Jetty" 30
  ec_stop "$ORIGIN_PID" "the suite's origin" 10
  ec_unlock
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in java mvn node npm; do
  command -v "$tool" >/dev/null || ec_die "$tool not found"
done

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}

# 1. the suite
installed=$(node -p "try { require('$PKG/package.json').version } catch (e) { '' }")
if [[ $installed != "$SUITE_VERSION" ]]; then
  ec_log "installing $SUITE@$SUITE_VERSION into ${CT_DIR#"$EC_ROOT"/}"
  mkdir -p "$CT_DIR"
  npm install --prefix "$CT_DIR" --no-audit --no-fund --loglevel=error "$SUITE@$SUITE_VERSION" >&2
fi
if [[ -n $TEST_ID ]]; then
  node "$BIN/cache-tests-summary.mjs" "$PKG" --test "$TEST_ID" >&2 || exit 1
fi

ec_lock
ec_build_war
ec_jetty_home

# 2. the suite's origin, on loopback only
ORIGIN_PORT=${CACHE_TESTS_ORIGIN_PORT:-$(free_port)}
EC_PORT=${EDGECACHE_PORT:-$(free_port)}
[[ $EC_PORT != "$ORIGIN_PORT" ]] || EC_PORT=$(free_port)
ec_port_open "$HOST" "$ORIGIN_PORT" && ec_die "port $HOST:$ORIGIN_PORT is already in use"
ec_port_open "$HOST" "$EC_PORT" && ec_die "port $HOST:$EC_PORT is already in use"
mkdir -p "$CT_DIR"
ec_log "starting the suite's origin on http://$HOST:$ORIGIN_PORT (log: ${CT_DIR#"$EC_ROOT"/}/origin.log)"
start_origin() {
  # the server serves files from, and resolves its modules relative to, the package directory
  cd "$PKG"
  export npm_config_protocol=http npm_config_port=$ORIGIN_PORT npm_config_pidfile=$CT_DIR/origin.pid
  exec node --import "$BIN/loopback-only.mjs" server/server.mjs
}
if [[ -n $TEST_ID ]]; then
  (start_origin) > >(tee "$CT_DIR/origin.log" | sed -u 's/^/[origin] /' >&2) 2>&1 &
else
  (start_origin) > "$CT_DIR/origin.log" 2>&1 &
fi
ORIGIN_PID=$!
ec_wait_port "$HOST" "$ORIGIN_PORT" 30 "$ORIGIN_PID" "the suite's origin"

# 3. edgecache in Jetty, in front of it, with a fresh store
rm -rf "$EC_STORE"
mkdir -p "$EC_STORE"
EC_ORIGIN=http://$HOST:$ORIGIN_PORT
ec_deploy_war
ec_jetty_cmd
ec_log "knobs: ${EDGECACHE_KNOBS:-(none)}"
ec_log "starting Jetty on http://$HOST:$EC_PORT (log: ${CT_DIR#"$EC_ROOT"/}/jetty.log): ${EC_JETTY_CMD[*]}"
"${EC_JETTY_CMD[@]}" > "$CT_DIR/jetty.log" 2>&1 &
JETTY_PID=$!
ec_wait_port "$HOST" "$EC_PORT" 180 "$JETTY_PID" "Jetty"

# the suite's origin serves its own package.json: through edgecache that must be a 200
probe=$(ec_http_status "$HOST" "$EC_PORT" /package.json || true)
if [[ $probe != 200 ]]; then
  tail -n 30 "$CT_DIR/jetty.log" >&2
  ec_die "GET /package.json through edgecache answered '${probe}', not 200: is the proxy servlet deployed? (see ${CT_DIR#"$EC_ROOT"/}/jetty.log)"
fi

# 4. the client
BASE=http://$HOST:$EC_PORT
if [[ -n $TEST_ID ]]; then
  ec_log "running $TEST_ID against $BASE"
  (cd "$PKG" && npm_config_base=$BASE npm_config_id=$TEST_ID npm_package_config_id=$TEST_ID \
    timeout 300 node --no-warnings cli.mjs) | tee "$CT_DIR/single-$TEST_ID.log"
  sleep 0.5 # let the origin's last lines out
  exit 0
fi

ec_log "running the whole suite against $BASE (about a minute)"
started=$SECONDS
set +e
(cd "$PKG" && npm_config_base=$BASE npm_config_id='' npm_package_config_id='' \
  timeout 900 node --no-warnings cli.mjs) > "$CT_DIR/results.raw" 2> "$CT_DIR/cli.err"
rc=$?
set -e
((rc == 0)) || { cat "$CT_DIR/cli.err" >&2; ec_die "the suite's client failed (exit $rc; output in ${CT_DIR#"$EC_ROOT"/}/results.raw)"; }
if ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$CT_DIR/results.raw" 2>/dev/null; then
  cat "$CT_DIR/cli.err" >&2
  ec_die "the suite's client printed no JSON results (see ${CT_DIR#"$EC_ROOT"/}/results.raw)"
fi
[[ -f $CT_DIR/results.json ]] && mv "$CT_DIR/results.json" "$CT_DIR/results.prev.json"
mv "$CT_DIR/results.raw" "$CT_DIR/results.json"
ec_log "finished in $((SECONDS - started))s; results in ${CT_DIR#"$EC_ROOT"/}/results.json"
echo "knobs: ${EDGECACHE_KNOBS:-(none)}; commit: $(git -C "$EC_ROOT" log -1 --format='%h %s' 2>/dev/null || echo '?')"
node "$BIN/cache-tests-summary.mjs" "$PKG" "$CT_DIR/results.json" "$CT_DIR/results.prev.json"
