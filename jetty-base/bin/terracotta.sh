#!/usr/bin/env bash
# Runs the Terracotta server that edgecache nodes share as their clustered tier (edgecache.store.cluster-uri).
#
#   jetty-base/bin/terracotta.sh            # in the foreground until Ctrl-C
#
# Steps: fetches the Ehcache clustered kit (org.ehcache:ehcache-clustered:3.11.1:zip:kit, Terracotta 5.10) through
# Maven into target/terracotta-kit (once), writes a one-node cluster.cfg into the data directory (bind address, ports,
# off-heap resource, a short client lease) and starts the server with -auto-activate. It is ready when it logs
# "Moved to State[ ACTIVE-COORDINATOR ]". Then point every node at it:
#   -Dedgecache.store.cluster-uri=terracotta://HOST:PORT/edgecache
# See docs/clustering.md. Needs only JDK 17 and Maven.
#
# Environment:
#   EDGECACHE_TC_HOST=127.0.0.1     the address the server binds to and announces (the nodes' HOST)
#   EDGECACHE_TC_PORT=9410          the client port
#   EDGECACHE_TC_GROUP_PORT=9430    the port for the servers of a stripe (unused with one server, but bound)
#   EDGECACHE_TC_OFFHEAP=512MB      the off-heap resource "main" (at least edgecache.store.cluster-size)
#   EDGECACHE_TC_LEASE=5s           client-lease-duration: how long a node keeps trying a server that went away
#                                   before it gives up and serves without it (Terracotta's default is 150s)
#   EDGECACHE_TC_DIR=target/terracotta   data, logs and the activated configuration (kept across runs)
#   JAVA_OPTS="-Xmx512m"            the server JVM's options (the kit's own default is -Xmx2049m)
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

EC_EHCACHE_VERSION=3.11.1
TC_HOST=${EDGECACHE_TC_HOST:-127.0.0.1}
TC_PORT=${EDGECACHE_TC_PORT:-9410}
TC_GROUP_PORT=${EDGECACHE_TC_GROUP_PORT:-9430}
TC_OFFHEAP=${EDGECACHE_TC_OFFHEAP:-512MB}
TC_LEASE=${EDGECACHE_TC_LEASE:-5s}
TC_DIR=${EDGECACHE_TC_DIR:-$EC_ROOT/target/terracotta}
TC_KIT=$EC_ROOT/target/terracotta-kit/ehcache-clustered-$EC_EHCACHE_VERSION-kit

command -v java >/dev/null || ec_die "java not found (JDK 17 needed)"
command -v mvn >/dev/null || ec_die "mvn not found (Maven needed)"
ec_port_open "$TC_HOST" "$TC_PORT" && ec_die "port $TC_HOST:$TC_PORT is already in use (set EDGECACHE_TC_PORT)"

if [[ ! -f $TC_KIT/server/lib/tc.jar ]]; then
  ec_log "fetching the Terracotta kit (ehcache-clustered $EC_EHCACHE_VERSION) through Maven into target/terracotta-kit"
  (cd "$EC_ROOT" && mvn -q -B dependency:unpack \
    -Dartifact="org.ehcache:ehcache-clustered:$EC_EHCACHE_VERSION:zip:kit" \
    -DoutputDirectory="$EC_ROOT/target/terracotta-kit" -Dmdep.overWriteReleases=true)
  [[ -f $TC_KIT/server/lib/tc.jar ]] || ec_die "unpacking the Terracotta kit failed"
fi

mkdir -p "$TC_DIR"
cat > "$TC_DIR/cluster.cfg" <<CFG
cluster-name=edgecache
client-lease-duration=$TC_LEASE
client-reconnect-window=120s
failover-priority=availability
offheap-resources=main:$TC_OFFHEAP
stripe-names=stripe1
stripe1:node-names=node1
node1:hostname=$TC_HOST
node1:bind-address=$TC_HOST
node1:group-bind-address=$TC_HOST
node1:port=$TC_PORT
node1:group-port=$TC_GROUP_PORT
node1:log-dir=$TC_DIR/logs
node1:metadata-dir=$TC_DIR/metadata
node1:data-dirs=main:$TC_DIR/data
CFG
if [[ -d $TC_DIR/config ]]; then
  ec_log "starting from the configuration activated earlier in $TC_DIR/config (remove it to apply cluster.cfg again)"
fi
ec_log "Terracotta on $TC_HOST:$TC_PORT; nodes use -Dedgecache.store.cluster-uri=terracotta://$TC_HOST:$TC_PORT/edgecache"
# java directly (not the kit's start-tc-server.sh, which restarts in a loop and sets a 2 GiB heap)
exec java ${JAVA_OPTS:--Xms64m -Xmx512m} -XX:MaxDirectMemorySize=4g -XX:+HeapDumpOnOutOfMemoryError \
  -Dtc.install-root="$TC_KIT/server" -jar "$TC_KIT/server/lib/tc.jar" \
  -config-file "$TC_DIR/cluster.cfg" -config-dir "$TC_DIR/config" -auto-activate
