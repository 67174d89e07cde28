# Shared by run.sh and cache-tests.sh (sourced, not run). Bash; the caller has `set -euo pipefail`.
#
# Provides: EC_ROOT (the project), EC_BASE (jetty-base), EC_JETTY_HOME (target/jetty-home), and
#   ec_log MSG...                 print a line prefixed with the script's name
#   ec_die MSG...                 print and exit 1
#   ec_port_open HOST PORT        true when something accepts TCP connections there
#   ec_wait_port HOST PORT SECS PID NAME   wait for a port to open while PID stays alive
#   ec_http_status HOST PORT PATH print the status code of a GET (bash /dev/tcp; no curl needed)
#   ec_build_war                  mvn package (unless EDGECACHE_SKIP_BUILD=1); sets EC_WAR
#   ec_jetty_home                 unpack jetty-home through Maven into target/jetty-home if missing
#   ec_deploy_war                 copy EC_WAR to jetty-base/webapps/ROOT.war, clear jetty-base/work
#   ec_lock / ec_unlock           one Jetty from this jetty-base at a time
#   ec_stop PID NAME [SECS]       TERM a process we started, KILL it after SECS (default 15)

EC_JETTY_VERSION=12.1.12
EC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EC_BASE=$EC_ROOT/jetty-base
EC_JETTY_HOME=$EC_ROOT/target/jetty-home
EC_LOCK=$EC_ROOT/target/jetty-base.pid
EC_NAME=$(basename "$0")

ec_log() { printf '[%s] %s\n' "$EC_NAME" "$*" >&2; }
ec_die() { ec_log "error: $*"; exit 1; }

ec_port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

ec_wait_port() {
  local host=$1 port=$2 secs=$3 pid=$4 name=$5 i
  for ((i = 0; i < secs * 5; i++)); do
    if ec_port_open "$host" "$port"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then ec_die "$name exited before it listened on $host:$port"; fi
    sleep 0.2
  done
  ec_die "$name did not listen on $host:$port within ${secs}s"
}

ec_http_status() (
  host=$1 port=$2 path=$3 line=''
  exec 4<>"/dev/tcp/$host/$port" || exit 1
  printf 'GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$path" "$host" "$port" >&4
  IFS= read -r -t 30 line <&4 || true
  line=${line%$'\r'}
  line=${line#* }
  printf '%s\n' "${line%% *}"
)

ec_build_war() {
  if [[ ${EDGECACHE_SKIP_BUILD:-} != 1 ]]; then
    ec_log "building the WAR: mvn -q -B package -DskipTests"
    (cd "$EC_ROOT" && mvn -q -B package -DskipTests)
  fi
  local wars=()
  shopt -s nullglob
  wars=("$EC_ROOT"/target/edgecache-*.war)
  shopt -u nullglob
  ((${#wars[@]} > 0)) || ec_die "no target/edgecache-*.war (build it: mvn -q -B package -DskipTests)"
  EC_WAR=$(ls -t "${wars[@]}" | head -n 1)
}

ec_jetty_home() {
  if [[ -f $EC_JETTY_HOME/start.jar && $(head -n 1 "$EC_JETTY_HOME/VERSION.txt" 2>/dev/null) == "$EC_JETTY_VERSION "* ]]; then
    return 0
  fi
  local tmp=$EC_ROOT/target/jetty-home.unpack
  ec_log "fetching jetty-home $EC_JETTY_VERSION through Maven into target/jetty-home"
  rm -rf "$tmp"
  # overWriteReleases: unpack even if an earlier unpack left its marker in target/
  (cd "$EC_ROOT" && mvn -q -B dependency:unpack \
    -Dartifact="org.eclipse.jetty:jetty-home:$EC_JETTY_VERSION:tar.gz" \
    -DoutputDirectory="$tmp" -Dmdep.overWriteReleases=true)
  [[ -f $tmp/jetty-home-$EC_JETTY_VERSION/start.jar ]] || ec_die "unpacking jetty-home $EC_JETTY_VERSION failed"
  rm -rf "$EC_JETTY_HOME"
  mv "$tmp/jetty-home-$EC_JETTY_VERSION" "$EC_JETTY_HOME"
  rm -rf "$tmp"
}

ec_deploy_war() {
  mkdir -p "$EC_BASE/webapps" "$EC_BASE/environments" "$EC_BASE/work"
  # the work directory holds the unpacked WAR; start from a clean one so no stale classes survive
  find "$EC_BASE/work" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  cp "$EC_WAR" "$EC_BASE/webapps/ROOT.war"
  ec_log "deployed ${EC_WAR#"$EC_ROOT"/} as jetty-base/webapps/ROOT.war (context /)"
}

ec_lock() {
  mkdir -p "$(dirname "$EC_LOCK")"
  if [[ -f $EC_LOCK ]]; then
    local other
    other=$(cat "$EC_LOCK" 2>/dev/null || true)
    if [[ -n $other ]] && kill -0 "$other" 2>/dev/null; then
      ec_die "jetty-base is in use by process $other (run.sh or cache-tests.sh); stop it first"
    fi
  fi
  echo $$ > "$EC_LOCK"
}

ec_unlock() {
  if [[ -f $EC_LOCK && $(cat "$EC_LOCK" 2>/dev/null) == "$$" ]]; then rm -f "$EC_LOCK"; fi
}

ec_stop() {
  local pid=$1 name=$2 secs=${3:-15} i
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  ec_log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  ec_log "$name did not stop in ${secs}s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# The Jetty command line. Arguments after the function name are extra start.jar arguments.
#   EC_PORT      connector port          EC_ORIGIN   origin URL (-DEDGECACHE_ORIGIN)
#   EC_STORE     store directory         EDGECACHE_KNOBS, EDGECACHE_JAVA_OPTS: extra JVM options
ec_jetty_cmd() {
  local knobs=() opts=()
  read -r -d "" -a knobs <<< "${EDGECACHE_KNOBS:-}" || true
  read -r -d "" -a opts <<< "${EDGECACHE_JAVA_OPTS:-}" || true
  EC_JETTY_CMD=(java "${opts[@]}"
    "-Djava.util.logging.config.file=$EC_BASE/resources/java-util-logging.properties"
    "-DEDGECACHE_ORIGIN=$EC_ORIGIN"
    "-Dedgecache.store.directory=$EC_STORE"
    "${knobs[@]}"
    -jar "$EC_JETTY_HOME/start.jar"
    "jetty.home=$EC_JETTY_HOME" "jetty.base=$EC_BASE"
    "jetty.http.port=$EC_PORT"
    "$@")
}
