#!/usr/bin/env python3
"""bench/run.sh's edgecache deployments, from the WAR's own web.xml (webapp/WEB-INF/web.xml):

  web-root.xml  the default web.xml + CollapsedForwardingFilter below the cache (the herd, W5); store STORES/store-root
  web-crr.xml   the default web.xml + RangeCacheKeyFilter above the cache (cache_range_requests, W4); store STORES/store-crr

Both proxy to the given origin, log no access lines (as the other caches here) and get a 4 GiB disk tier (the default is 1 GiB; W3 and W4 store 768 MiB)
and a RAM tier of 1,024 chunks on the heap (the default is 16): at most 1 GiB of 1 MiB chunks, as ATS's 1 GiB RAM cache here (run.sh gives
edgecache a 2 GiB heap for it).

  python3 bench/tools/webxml.py webapp/WEB-INF/web.xml OUTDIR STORES ORIGIN_URL
"""
import sys

src, outdir, bench, origin = sys.argv[1:5]
base = open(src, encoding="utf-8").read()
base = base.replace("${EDGECACHE_ORIGIN:http://127.0.0.1:8081}", origin)
CACHE = "  <!-- The cache, in front of every origin servlet. -->"
assert CACHE in base and "${EDGECACHE_STORE:}" in base, "web.xml changed: update bench/tools/webxml.py"


def param(name, value):
    return f"  <context-param><param-name>{name}</param-name><param-value>{value}</param-value></context-param>\n"


def variant(store, before_cache="", after_cache_mapping=""):
    x = base.replace("${EDGECACHE_STORE:}", store)
    # The other caches run without an access log (ATS, nginx): so does edgecache here.
    x = x.replace(CACHE, param("edgecache.store.disk", "4g") + param("edgecache.store.chunk-heap-entries", "1024")
                  + param("edgecache.access-log", "false")
                  + before_cache + CACHE)
    end = "<filter-name>cache</filter-name>\n    <url-pattern>/*</url-pattern>\n  </filter-mapping>\n"
    assert end in x, "web.xml changed: update bench/tools/webxml.py"
    return x.replace(end, end + after_cache_mapping, 1)


collapse = """  <filter>
    <filter-name>collapse</filter-name>
    <filter-class>org.edgecache.web.CollapsedForwardingFilter</filter-class>
    <async-supported>true</async-supported>
    <init-param><param-name>pparam</param-name><param-value>--delay=500 --retries=10</param-value></init-param>
  </filter>
  <filter-mapping><filter-name>collapse</filter-name><url-pattern>/*</url-pattern></filter-mapping>
"""
range_filter = """  <filter>
    <filter-name>range</filter-name>
    <filter-class>org.edgecache.web.RangeCacheKeyFilter</filter-class>
    <async-supported>true</async-supported>
  </filter>
  <filter-mapping><filter-name>range</filter-name><url-pattern>/*</url-pattern></filter-mapping>
"""
open(f"{outdir}/web-root.xml", "w", encoding="utf-8").write(variant(f"{bench}/store-root", after_cache_mapping=collapse))
open(f"{outdir}/web-crr.xml", "w", encoding="utf-8").write(variant(f"{bench}/store-crr", before_cache=range_filter))
