#!/usr/bin/env bash
# edgecache side by side (docs/performance.md): the same workloads, in the same run, on the same machine, against
# edgecache in Jetty (jetty-base/), Jetty's own DefaultServlet serving the files, Jetty's stock ProxyServlet (no
# cache), and with --with-nginx / --with-ats (or --all) nginx proxy_cache and Apache Traffic Server.
#
#   bench/run.sh [--all | --with-nginx --with-ats] [--rounds=3] [--duration=10] [--quick]
#                [--workloads=W1,W2,W3,W4,W5,W6] [--jmh] [--no-build] [--no-write] [--label=TEXT]
#
#   --quick          1 round of 3 s each, 10 s warm-up, W3 on a 64 MiB object, W5 with 50/100 clients: to try it
#   --warmup=S       seconds of load on each target before the rounds of a workload (default 20; W1/W2: S on the
#                    1 KiB object, S/4 on the others): a JVM target compiles its hot path under load (JIT), which
#                    takes edgecache about 20 s here, and is measured warm, as a cache in service would be
#   --no-write       print the tables; leave docs/performance.md and docs/performance.svg alone
#   --jmh            also run the JMH micro-benchmarks (mvn -Pjmh) and add their table
#   --label=TEXT     the conditions printed above the tables (default: date, kernel, cores)
#   --profile        profile edgecache's CPU with async-profiler (tools.profiler:async-profiler 4.1, through
#                    Maven) for the whole run into target/bench/edgecache-cpu.collapsed; bench/tools/stacks.py
#                    summarises it or draws it as a flame graph (SVG); the profiler costs a few per cent
#   --baseline-war=F also run this edgecache WAR (another build, e.g. before a change) as "edgecache-baseline",
#                    on 18088, for before/after ratios in the same run
#
# Everything listens on 127.0.0.1, ports 18080-18099; every server it starts is stopped on exit. wrk (and nginx,
# which is also the static origin) are installed from Debian's packages when missing (apt-get, as root);
# trafficserver too with --with-ats. Work files: target/bench/ (the 512 MiB and 256 MiB objects are generated there).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=../jetty-base/bin/common.sh
source "$ROOT/jetty-base/bin/common.sh"

ROUNDS=3 DURATION=10 WARMUP=20 QUICK=0 PROFILE=0 WITH_NGINX=0 WITH_ATS=0 JMH=0 BUILD=1 WRITE=1 LABEL='' BASELINE_WAR=''
WORKLOADS=W1,W2,W3,W4,W5,W6
for arg in "$@"; do
  case $arg in
    --all) WITH_NGINX=1 WITH_ATS=1 ;;
    --with-nginx) WITH_NGINX=1 ;;
    --with-ats) WITH_ATS=1 ;;
    --rounds=*) ROUNDS=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --quick) QUICK=1 ROUNDS=1 DURATION=3 WARMUP=10 ;;
    --warmup=*) WARMUP=${arg#*=} ;;
    --workloads=*) WORKLOADS=${arg#*=} ;;
    --jmh) JMH=1 ;;
    --profile) PROFILE=1 ;;
    --no-build) BUILD=0 ;;
    --no-write) WRITE=0 ;;
    --label=*) LABEL=${arg#*=} ;;
    --baseline-war=*) BASELINE_WAR=$(realpath "${arg#*=}") ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) ec_die "unknown option $arg (see --help)" ;;
  esac
done

HOST=127.0.0.1
P_EDGE=18080 P_ORIGIN=18081 P_SLOW=18083 P_JDEF=18084 P_JPROXY=18085 P_NGINX=18086 P_ATS=18087 P_BASE=18088
B=$ROOT/target/bench
FILES=$B/files
OUT=$B/results.jsonl
JVM_HEAP=${BENCH_HEAP:-1g}
# edgecache's heap holds its RAM tier (webxml.py: 1,024 chunks, as ATS's 1 GiB RAM cache) besides the 1g the
# other JVM targets get
EDGE_HEAP=${BENCH_EDGE_HEAP:-2g}
BIG=$((512 << 20)) RANGE_OBJ=$((256 << 20)) HERD_SIZES="200 500"
if ((QUICK)); then BIG=$((64 << 20)) HERD_SIZES="50 100"; fi
PIDS=()

log() { printf '[bench] %s\n' "$*" >&2; }
cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do ec_stop "${PIDS[i]}" "process ${PIDS[i]}" 20; done
  [[ -f $B/nginx-origin/nginx.pid ]] && nginx -p "$B/nginx-origin" -c nginx.conf -s stop 2>/dev/null || true
  [[ -f $B/nginx-cache/nginx.pid ]] && nginx -p "$B/nginx-cache" -c nginx.conf -s stop 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need() { # need COMMAND PACKAGE: install from Debian's packages when missing
  command -v "$1" >/dev/null && return 0
  log "installing $2 (apt-get)"
  [[ $(id -u) == 0 ]] || ec_die "$1 is missing: apt-get install $2 (as root)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
}
need wrk wrk
need nginx nginx-light
((WITH_ATS)) && need traffic_server trafficserver
command -v python3 >/dev/null || ec_die "python3 is needed for the report"
for p in $P_BASE $P_EDGE $P_ORIGIN $P_SLOW $P_JDEF $P_JPROXY $P_NGINX $P_ATS; do
  ec_port_open "$HOST" "$p" && ec_die "port $p is in use"
done

mkdir -p "$B"
rm -rf "$B/jetty" "$B/nginx-origin" "$B/nginx-cache" "$B/ats" "$B/stores"
: > "$OUT"

# --- build and Jetty -------------------------------------------------------------------------------------------------
if ((BUILD)); then log "building the WAR"; mvn -q -B -o package -DskipTests 2>/dev/null || mvn -q -B package -DskipTests; fi
EDGECACHE_SKIP_BUILD=1 ec_build_war
ec_jetty_home

# --- the files ------------------------------------------------------------------------------------------------------
mkdir -p "$FILES/nostore"
make_file() { # make_file NAME BYTES
  if [[ ! -f $FILES/$1 || $(stat -c %s "$FILES/$1") != "$2" ]]; then
    head -c "$2" /dev/urandom > "$FILES/$1.tmp" && mv "$FILES/$1.tmp" "$FILES/$1"
  fi
}
make_file 1k.bin 1024; make_file 100k.bin 102400; make_file 1m.bin 1048576
make_file big.bin "$BIG"; make_file range.bin "$RANGE_OBJ"; make_file nostore/1k.bin 1024

# --- origin: nginx serving the files, and the slow origin behind it for W5 ------------------------------------------
NGINX_COMMON="worker_processes 2; pid nginx.pid; error_log error.log warn; events { worker_connections 8192; }"
mkdir -p "$B/nginx-origin"
cat > "$B/nginx-origin/nginx.conf" <<EOF
$NGINX_COMMON
http {
  log_format bench '\$request_method \$request_uri \$status';
  access_log $B/nginx-origin/access.log bench;
  sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 300;
  client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp; scgi_temp_path tmp;
  default_type application/octet-stream;
  server {
    listen $HOST:$P_ORIGIN;
    root $FILES;
    location / { add_header Cache-Control "public, max-age=86400"; }
    location /nostore/ { add_header Cache-Control "no-store"; }
    location /herd/ { proxy_pass http://$HOST:$P_SLOW; proxy_buffering off; proxy_http_version 1.1; }
  }
}
EOF
mkdir -p "$B/nginx-origin/tmp"
nginx -p "$B/nginx-origin" -c nginx.conf
ec_wait_port "$HOST" "$P_ORIGIN" 20 $$ "the origin (nginx)"
java "$ROOT/bench/tools/DelayOrigin.java" --port=$P_SLOW --size=$((10 << 20)) --delay-ms=1000 > "$B/slow-origin.log" 2>&1 &
PIDS+=($!)
ec_wait_port "$HOST" "$P_SLOW" 60 "${PIDS[-1]}" "the slow origin"
origin_count() { wc -l < "$B/nginx-origin/access.log"; }

# --- Jetty bases: edgecache (from jetty-base/), DefaultServlet, ProxyServlet ----------------------------------------
jetty_base() { # jetty_base NAME: a base with jetty-base's start.d and resources
  local d=$B/jetty/$1
  mkdir -p "$d/webapps" "$d/work" "$d/environments"
  cp -r "$ROOT/jetty-base/start.d" "$ROOT/jetty-base/resources" "$d/"
}
context_xml() { # context_xml FILE PATH WAR [DESCRIPTOR]
  {
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">'
    echo '<Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">'
    echo "  <Set name=\"contextPath\">$2</Set>"
    echo "  <Set name=\"war\">$3</Set>"
    [[ -n ${4:-} ]] && echo "  <Set name=\"descriptor\">$4</Set>"
    echo '</Configure>'
  } > "$1"
}
start_jetty() { # start_jetty NAME PORT [extra JVM options...]
  local name=$1 port=$2
  shift 2
  # AlwaysPreTouch: the heap is resident from the start, so W3's RSS growth is what serving costs, not the first
  # touch of heap pages the JVM had reserved
  java -Xms"$JVM_HEAP" -Xmx"$JVM_HEAP" -XX:+AlwaysPreTouch "$@" \
    -Djava.util.logging.config.file="$B/jetty/$name/resources/java-util-logging.properties" \
    -jar "$EC_JETTY_HOME/start.jar" jetty.home="$EC_JETTY_HOME" jetty.base="$B/jetty/$name" \
    jetty.http.port="$port" > "$B/jetty-$name.log" 2>&1 &
  PIDS+=($!)
  ec_wait_port "$HOST" "$port" 180 "${PIDS[-1]}" "Jetty ($name)"
}

edge_base() { # edge_base NAME WAR: edgecache's contexts / and /crr (RangeCacheKeyFilter) in a base of its own
  local n=$1 war=$2
  jetty_base "$n"
  python3 "$ROOT/bench/tools/webxml.py" "$ROOT/webapp/WEB-INF/web.xml" "$B/jetty/$n" "$B/stores/$n" "http://$HOST:$P_ORIGIN"
  context_xml "$B/jetty/$n/webapps/root.xml" / "$war" "$B/jetty/$n/web-root.xml"
  context_xml "$B/jetty/$n/webapps/crr.xml" /crr "$war" "$B/jetty/$n/web-crr.xml"
  # waiters of collapsed forwarding block a thread each: 500 at once need more than Jetty's default 200
  printf '%s\n' --module=threadpool jetty.threadPool.maxThreads=1000 > "$B/jetty/$n/start.d/threadpool.ini"
}
edge_base edgecache "$EC_WAR"
PROFILER_OPTS=()
if ((PROFILE)); then # async-profiler's agent from Maven Central; it writes its files when edgecache stops
  AP=$B/async-profiler
  if [[ ! -f $AP/linux-x64/libasyncProfiler.so ]]; then
    log "fetching async-profiler 4.1 through Maven"
    mvn -q -B dependency:unpack -Dartifact=tools.profiler:async-profiler:4.1 -DoutputDirectory="$AP" \
      -Dmdep.overWriteReleases=true
  fi
  [[ $(uname -m) == x86_64 ]] || ec_die "--profile: only linux-x64 is set up here"
  rm -f "$B/edgecache-cpu.collapsed" # written when edgecache stops
  PROFILER_OPTS=("-agentpath:$AP/linux-x64/libasyncProfiler.so=start,event=cpu,interval=1ms,collapsed,file=$B/edgecache-cpu.collapsed")
fi
start_jetty edgecache $P_EDGE -Xms"$EDGE_HEAP" -Xmx"$EDGE_HEAP" -Dproxy.config.cache.enable_read_while_writer=1 \
  "${PROFILER_OPTS[@]}" ${BENCH_EDGE_OPTS:-}
EDGE_PID=${PIDS[-1]}
if [[ -n $BASELINE_WAR ]]; then # another build of edgecache, e.g. before an optimisation, measured in the same run
  edge_base edgecache-baseline "$BASELINE_WAR"
  start_jetty edgecache-baseline $P_BASE -Xms"$EDGE_HEAP" -Xmx"$EDGE_HEAP" \
    -Dproxy.config.cache.enable_read_while_writer=1 ${BENCH_EDGE_OPTS:-}
  BASE_PID=${PIDS[-1]}
fi

jetty_base default
context_xml "$B/jetty/default/webapps/files.xml" / "$FILES"
start_jetty default $P_JDEF
JDEF_PID=${PIDS[-1]}

jetty_base proxy
cat > "$B/jetty/proxy/web-proxy.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
  <servlet>
    <servlet-name>proxy</servlet-name>
    <servlet-class>org.eclipse.jetty.ee10.proxy.ProxyServlet\$Transparent</servlet-class>
    <init-param><param-name>proxyTo</param-name><param-value>http://$HOST:$P_ORIGIN</param-value></init-param>
    <load-on-startup>1</load-on-startup>
    <async-supported>true</async-supported>
  </servlet>
  <servlet-mapping><servlet-name>proxy</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
</web-app>
EOF
# the WAR only lends its WEB-INF/lib (jetty-ee10-proxy, jetty-client): the descriptor replaces its web.xml
context_xml "$B/jetty/proxy/webapps/proxy.xml" / "$EC_WAR" "$B/jetty/proxy/web-proxy.xml"
start_jetty proxy $P_JPROXY
JPROXY_PID=${PIDS[-1]}

# --- nginx proxy_cache ------------------------------------------------------------------------------------------------
if ((WITH_NGINX)); then
  mkdir -p "$B/nginx-cache/tmp" "$B/nginx-cache/cache" "$B/nginx-cache/crr"
  cat > "$B/nginx-cache/nginx.conf" <<EOF
$NGINX_COMMON
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 300;
  client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp; scgi_temp_path tmp;
  proxy_cache_path cache levels=1:2 keys_zone=all:64m max_size=4g inactive=1d use_temp_path=off;
  proxy_cache_path crr levels=1:2 keys_zone=crr:16m max_size=1g inactive=1d use_temp_path=off;
  upstream origin { server $HOST:$P_ORIGIN; keepalive 128; }
  server {
    listen $HOST:$P_NGINX backlog=4096;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host:\$server_port;
    # the herd: one request to the origin, the others wait for the cache entry
    proxy_cache_lock on; proxy_cache_lock_timeout 30s; proxy_cache_lock_age 30s;
    location / { proxy_pass http://origin; proxy_cache all; }
    # cache_range_requests' equivalent: the Range value is part of the key and goes to the origin
    location /crr/ {
      proxy_pass http://origin/; proxy_cache crr;
      proxy_cache_key \$uri\$http_range; proxy_set_header Range \$http_range; proxy_set_header If-Range \$http_if_range;
      proxy_cache_valid 200 206 1d;
    }
  }
}
EOF
  nginx -p "$B/nginx-cache" -c nginx.conf
  ec_wait_port "$HOST" "$P_NGINX" 20 $$ "nginx proxy_cache"
fi

# --- Apache Traffic Server ----------------------------------------------------------------------------------------
if ((WITH_ATS)); then
  A=$B/ats
  mkdir -p "$A/etc" "$A/cache" "$A/log" "$A/run" "$A/var"
  cp -r /etc/trafficserver/. "$A/etc/"
  cat > "$A/runroot.yaml" <<EOF
prefix: /usr
exec_prefix: /usr
bindir: /usr/bin
sbindir: /usr/sbin
sysconfdir: $A/etc
datadir: $A/cache
includedir: /usr/include
libdir: /usr/lib/trafficserver
libexecdir: /usr/lib/trafficserver/modules
localstatedir: $A/var
runtimedir: $A/run
logdir: $A/log
cachedir: $A/cache
EOF
  overrides=(
    "proxy.config.http.server_ports STRING $P_ATS"
    "proxy.config.admin.user_id STRING $( (id trafficserver >/dev/null 2>&1 && echo trafficserver) || id -un)"
    "proxy.config.reverse_proxy.enabled INT 1"
    "proxy.config.url_remap.remap_required INT 1"
    "proxy.config.http.cache.required_headers INT 0"
    "proxy.config.cache.ram_cache.size INT 1073741824"
    "proxy.config.cache.ram_cache_cutoff INT 4194304"
    "proxy.config.cache.enable_read_while_writer INT 1"
    "proxy.config.http.cache.open_write_fail_action INT 5"
    "proxy.config.http.cache.max_open_read_retries INT 50"
    "proxy.config.http.cache.open_read_retry_time INT 100"
    "proxy.config.http.background_fill_active_timeout INT 0"
    "proxy.config.http.background_fill_completed_threshold FLOAT 0.0"
    "proxy.config.log.logging_enabled INT 0"
    "proxy.config.http.insert_request_via_str INT 0"
    "proxy.config.http.insert_client_ip INT 0"
    "proxy.config.http.insert_squid_x_forwarded_for INT 0"
    "proxy.config.net.max_connections_in INT 30000"
    "proxy.config.http.keep_alive_no_activity_timeout_in INT 300"
  )
  for o in "${overrides[@]}"; do
    sed -i "/^CONFIG ${o%% *} /d" "$A/etc/records.config"
    echo "CONFIG $o" >> "$A/etc/records.config"
  done
  echo "$A/cache 4G" > "$A/etc/storage.config"
  cat > "$A/etc/remap.config" <<EOF
map http://$HOST:$P_ATS/crr/ http://$HOST:$P_ORIGIN/ @plugin=cache_range_requests.so
map http://$HOST:$P_ATS/ http://$HOST:$P_ORIGIN/
EOF
  : > "$A/etc/plugin.config"
  # Traffic Server refuses to serve as root: it runs as the package's user, which must own its directories
  [[ $(id -u) == 0 ]] && id trafficserver >/dev/null 2>&1 && chown -R trafficserver: "$A"
  traffic_server --run-root="$A/runroot.yaml" > "$B/ats.log" 2>&1 &
  PIDS+=($!)
  ATS_PID=${PIDS[-1]}
  ec_wait_port "$HOST" "$P_ATS" 60 "$ATS_PID" "Traffic Server"
fi

# --- targets ----------------------------------------------------------------------------------------------------------
# name|port|pids (for RSS)
TARGETS=("edgecache|$P_EDGE|$EDGE_PID")
[[ -n $BASELINE_WAR ]] && TARGETS+=("edgecache-baseline|$P_BASE|$BASE_PID")
TARGETS+=("jetty-default|$P_JDEF|$JDEF_PID" "jetty-proxy|$P_JPROXY|$JPROXY_PID")
((WITH_NGINX)) && TARGETS+=("nginx|$P_NGINX|nginx")
((WITH_ATS)) && TARGETS+=("ats|$P_ATS|$ATS_PID")
t_name() { echo "${1%%|*}"; }
t_port() { local x=${1#*|}; echo "${x%%|*}"; }
t_pids() { # the process ids whose RSS is the target's
  local p=${1##*|}
  if [[ $p == nginx ]]; then
    local m
    m=$(cat "$B/nginx-cache/nginx.pid")
    echo "$m $(pgrep -P "$m" | tr '\n' ' ')"
  else
    echo "$p"
  fi
}
rss_kib() { # rss_kib FIELD PID...: the sum of a /proc/PID/status field (VmRSS, RssAnon) in KiB
  local f=$1 t=0 p r
  shift
  for p in "$@"; do r=$(awk -v f="$f:" '$1 == f {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${r:-0})); done
  echo $t
}

record() { echo "$1" >> "$OUT"; }
# wrk_run WORKLOAD VARIANT TARGET ROUND URL CONNECTIONS [lua]
wrk_run() {
  local w=$1 v=$2 t=$3 r=$4 url=$5 c=$6 lua=${7:-} o0 o1 out
  o0=$(origin_count)
  out=$(wrk -t2 -c"$c" -d"${DURATION}s" --latency ${lua:+-s "$lua"} "$url" 2>&1) || true
  sleep 0.3
  o1=$(origin_count)
  record "$(python3 "$ROOT/bench/tools/report.py" parse-wrk "$w" "$v" "$t" "$r" "$((o1 - o0))" <<< "$out")"
}
warm() { wrk -t2 -c64 -d"${1}s" ${3:+-s "$3"} "$2" >/dev/null 2>&1 || true; }
# the targets in round R's order: rotated by one place per round, so that no target always runs first (on a
# machine that has just been busy) or always right after the same neighbour
rotated() { # rotated R [ARRAY-NAME]: the array (TARGETS by default), rotated for round R
  local r=$1 i
  local -n list=${2:-TARGETS}
  for ((i = 0; i < ${#list[@]}; i++)); do echo "${list[(i + r - 1) % ${#list[@]}]}"; done
}
has() { [[ ,$WORKLOADS, == *,$1,* ]]; }

log "targets: $(for t in "${TARGETS[@]}"; do printf '%s ' "$(t_name "$t")"; done); ${ROUNDS} round(s) of ${DURATION}s"

# W1, W2: hits
if has W1 || has W2; then
  for t in "${TARGETS[@]}"; do
    warm "$WARMUP" "http://$HOST:$(t_port "$t")/1k.bin"
    for f in 100k.bin 1m.bin; do warm $((WARMUP / 4)) "http://$HOST:$(t_port "$t")/$f"; done
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    mapfile -t ORDER < <(rotated $r)
    for t in "${ORDER[@]}"; do
      n=$(t_name "$t") u=http://$HOST:$(t_port "$t")
      if has W1; then wrk_run W1 c64 "$n" $r "$u/1k.bin" 64; wrk_run W1 c256 "$n" $r "$u/1k.bin" 256; fi
      if has W2; then wrk_run W2 100KiB "$n" $r "$u/100k.bin" 64; wrk_run W2 1MiB "$n" $r "$u/1m.bin" 64; fi
    done
  done
fi

# W3: one big hit, one client; RSS sampled every 50 ms during the download
if has W3; then
  # fetched once (the miss), then downloaded whole three times as a hit: the read path is compiled by the JIT
  for t in "${TARGETS[@]}"; do
    for i in 1 2 3 4; do curl -s -o /dev/null "http://$HOST:$(t_port "$t")/big.bin"; done
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    mapfile -t ORDER < <(rotated $r)
    for t in "${ORDER[@]}"; do
      n=$(t_name "$t")
      read -r -a pids <<< "$(t_pids "$t")"
      before=$(rss_kib VmRSS "${pids[@]}") abefore=$(rss_kib RssAnon "${pids[@]}")
      o0=$(origin_count)
      curl -s -o /dev/null -w '%{speed_download} %{size_download}\n' "http://$HOST:$(t_port "$t")/big.bin" > "$B/w3.out" &
      cpid=$!
      peak=$before apeak=$abefore
      while kill -0 $cpid 2>/dev/null; do
        now=$(rss_kib VmRSS "${pids[@]}"); ((now > peak)) && peak=$now
        now=$(rss_kib RssAnon "${pids[@]}"); ((now > apeak)) && apeak=$now
        sleep 0.05
      done
      wait $cpid || true
      read -r speed size < "$B/w3.out"
      record "{\"w\":\"W3\",\"v\":\"$((BIG >> 20))MiB\",\"t\":\"$n\",\"r\":$r,\"mbps\":$(python3 -c "print($speed/1e6)"),\"bytes\":$size,\"rss_before_mib\":$((before / 1024)),\"rss_peak_mib\":$((peak / 1024)),\"anon_before_mib\":$((abefore / 1024)),\"anon_peak_mib\":$((apeak / 1024)),\"origin\":$(( $(origin_count) - o0 ))}"
    done
  done
fi

# W4: 1000 distinct 64 KiB ranges of a 256 MiB object, at random
if has W4; then
  LUA=$ROOT/bench/tools/ranges.lua
  W4_TARGETS=()
  for t in "${TARGETS[@]}"; do
    n=$(t_name "$t")
    W4_TARGETS+=("full|$n|http://$HOST:$(t_port "$t")/range.bin")
    case $n in edgecache|edgecache-baseline|nginx|ats) W4_TARGETS+=("crr|$n|http://$HOST:$(t_port "$t")/crr/range.bin") ;; esac
  done
  for x in "${W4_TARGETS[@]}"; do
    IFS='|' read -r v n u <<< "$x"
    [[ $v == full ]] && curl -s -o /dev/null "$u"
    python3 "$ROOT/bench/tools/report.py" warm-ranges "$u"
    warm $((WARMUP / 2)) "$u" "$LUA"
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    mapfile -t ORDER < <(rotated $r W4_TARGETS)
    for x in "${ORDER[@]}"; do
      IFS='|' read -r v n u <<< "$x"
      wrk_run W4 "$v" "$n" $r "$u" 64 "$LUA"
    done
  done
fi

# W5: the herd on a cold 10 MiB object whose origin waits 1 s
if has W5; then
  for ((r = 1; r <= ROUNDS; r++)); do
    for c in $HERD_SIZES; do
      for t in "${TARGETS[@]}"; do
        n=$(t_name "$t")
        [[ $n == jetty-default ]] && continue
        o0=$(origin_count)
        line=$(java "$ROOT/bench/tools/HerdClient.java" "http://$HOST:$(t_port "$t")/herd/$n-$c-$r-$$.bin" "$c")
        sleep 0.5
        record "$(python3 "$ROOT/bench/tools/report.py" parse-herd W5 "c$c" "$n" $r "$(( $(origin_count) - o0 ))" <<< "$line")"
      done
    done
  done
fi

# W6: an uncacheable 1 KiB object through the proxy, and from the origin direct
if has W6; then
  W6_TARGETS=("origin-direct|$P_ORIGIN")
  for t in "${TARGETS[@]}"; do [[ $(t_name "$t") != jetty-default ]] && W6_TARGETS+=("$(t_name "$t")|$(t_port "$t")"); done
  for x in "${W6_TARGETS[@]}"; do warm "$WARMUP" "http://$HOST:${x#*|}/nostore/1k.bin"; done
  for ((r = 1; r <= ROUNDS; r++)); do
    mapfile -t ORDER < <(rotated $r W6_TARGETS)
    for x in "${ORDER[@]}"; do wrk_run W6 no-store "${x%|*}" $r "http://$HOST:${x#*|}/nostore/1k.bin" 64; done
  done
fi

if ((JMH)); then
  log "JMH micro-benchmarks (mvn -Pjmh)"
  mvn -q -B -Pjmh test-compile exec:exec -Djmh.args="-f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff $B/jmh.json" \
    > "$B/jmh.log" 2>&1 ||
    log "JMH failed: see $B/jmh.log"
fi

[[ -n $LABEL ]] || LABEL="$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(uname -r)), ${ROUNDS} round(s) of ${DURATION}s"
args=(report "$OUT" --label "$LABEL" --heap "$EDGE_HEAP" --other-heap "$JVM_HEAP")
[[ -f $B/jmh.json && $JMH == 1 ]] && args+=(--jmh "$B/jmh.json")
((WRITE)) && args+=(--write docs/performance.md --svg docs/performance.svg)
python3 "$ROOT/bench/tools/report.py" "${args[@]}"
