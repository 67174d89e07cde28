#!/usr/bin/env python3
"""bench/run.sh's helpers: parse one measurement into a JSON line, warm the ranges of W4, and turn the JSON lines of
a run into the tables of docs/performance.md and the chart docs/performance.svg.

  report.py parse-wrk W VARIANT TARGET ROUND ORIGIN_REQUESTS < wrk-output
  report.py parse-herd W VARIANT TARGET ROUND ORIGIN_REQUESTS < HerdClient-output
  report.py warm-ranges URL                      # the 1,000 ranges of bench/tools/ranges.lua, once each
  report.py report RESULTS.jsonl --label TEXT [--heap 2g (edgecache's)] [--other-heap 1g] [--jmh jmh.json] [--write MD --svg SVG]

Only the standard library.
"""
import http.client
import json
import re
import statistics
import sys
import urllib.parse

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
ORDER = ["edgecache", "edgecache-baseline", "nginx", "ats", "jetty-default", "jetty-proxy", "origin-direct"]
NAMES = {"edgecache": "edgecache", "edgecache-baseline": "edgecache (baseline build)", "nginx": "nginx proxy_cache", "ats": "Traffic Server",
         "jetty-default": "Jetty DefaultServlet", "jetty-proxy": "Jetty ProxyServlet", "origin-direct": "origin direct"}
COLORS = {"edgecache": "#d62728", "edgecache-baseline": "#ff9896", "nginx": "#2ca02c", "ats": "#1f77b4", "jetty-default": "#7f7f7f",
          "jetty-proxy": "#bcbd22", "origin-direct": "#9467bd"}


def unit(value, units):
    m = re.fullmatch(r"([\d.]+)([A-Za-z]*)", value)
    return float(m.group(1)) * units[m.group(2)]


TIME = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}
SIZE = {"B": 1, "": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}


def parse_wrk(w, v, t, r, origin, text):
    rec = {"w": w, "v": v, "t": t, "r": int(r), "origin": int(origin)}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    rec["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Transfer/sec:\s+(\S+)", text)
    rec["mbps"] = unit(m.group(1), SIZE) / 1e6 if m else 0.0
    for p in ("50", "99"):
        m = re.search(rf"^\s+{p}%\s+(\S+)", text, re.M)
        rec[f"p{p}_ms"] = unit(m.group(1), TIME) if m else None
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    rec["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    rec["errors"] = sum(int(x) for x in m.groups()) if m else 0
    if not re.search(r"Requests/sec", text):
        rec["failed"] = text.strip()[-300:]
    return rec


def parse_herd(w, v, t, r, origin, text):
    rec = {"w": w, "v": v, "t": t, "r": int(r), "origin": int(origin)}
    for k, val in re.findall(r"(\w+)=(\d+)", text):
        rec[k] = int(val)
    return rec


def warm_ranges(url):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    bad = 0
    for i in range(1000):
        first = i * 262144
        conn.request("GET", u.path, headers={"Range": f"bytes={first}-{first + 65535}"})
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 206 or len(body) != 65536:
            bad += 1
    conn.close()
    if bad:
        print(f"[bench] {url}: {bad} of 1000 range requests were not a 206 of 64 KiB", file=sys.stderr)


# --- the report -------------------------------------------------------------------------------------------------------

def load(path):
    groups = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                rec = json.loads(line)
                groups.setdefault((rec["w"], rec["v"]), {}).setdefault(rec["t"], []).append(rec)
    return groups


def med(recs, key):
    vals = [x[key] for x in recs if x.get(key) is not None]
    return statistics.median(vals) if vals else None


def span(recs, key, fmt):
    vals = [x[key] for x in recs if x.get(key) is not None]
    if not vals:
        return "–"
    m = statistics.median(vals)
    if len(vals) == 1:
        return fmt(m)
    return f"{fmt(m)} ({fmt(min(vals))}–{fmt(max(vals))})"


def k(x):
    return f"{x / 1000:.1f}k" if x >= 1000 else f"{x:.0f}"


def ms(x):
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "–"


def targets(group):
    return sorted(group, key=lambda t: ORDER.index(t) if t in ORDER else 99)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def throughput_table(group, key, fmt, extra):
    """rows: target, key median (min–max), extra columns, ratio to DefaultServlet and to ProxyServlet, origin."""
    jd = med(group.get("jetty-default", []), key)
    jp = med(group.get("jetty-proxy", []), key)
    rows = []
    for t in targets(group):
        recs = group[t]
        v = med(recs, key)
        bad = sum(x.get("non2xx", 0) + x.get("errors", 0) for x in recs)
        rows.append([NAMES.get(t, t), span(recs, key, fmt)] + [c(recs) for _, c in extra]
                    + [ratio(v, jd), ratio(v, jp), sum(x["origin"] for x in recs), bad])
    return rows


def report(groups, label, heap, jmh, other_heap="1g"):
    md = [f"Run: {label}. Medians of the rounds, (min–max) when more than one; ratios are of medians in this run. "
          f"edgecache runs with -Xms{heap} -Xmx{heap} (its RAM tier: up to 1,024 chunks on the heap, as ATS's 1 GiB RAM "
          f"cache), the other JVM targets with -Xms{other_heap} -Xmx{other_heap}, all with -XX:+AlwaysPreTouch. *origin* counts the requests that reached the origin during "
          "the measured rounds (its own access log); *bad* counts non-2xx answers and socket errors."]
    lat = [("p50 ms", lambda r: span(r, "p50_ms", ms)), ("p99 ms", lambda r: span(r, "p99_ms", ms))]
    mb = [("MB/s", lambda r: span(r, "mbps", lambda x: f"{x:.0f}"))]
    head_tail = ["× DefaultServlet", "× ProxyServlet", "origin", "bad"]
    sections = [
        ("W1", "c64", "W1: 1 KiB hit, `wrk -t2 -c64`", "rps", lat),
        ("W1", "c256", "W1: 1 KiB hit, `wrk -t2 -c256`", "rps", lat),
        ("W2", "100KiB", "W2: 100 KiB hit, `wrk -t2 -c64`", "rps", mb + lat[1:]),
        ("W2", "1MiB", "W2: 1 MiB hit, `wrk -t2 -c64`", "rps", mb + lat[1:]),
    ]
    for w, v, title, key, extra in sections:
        g = groups.get((w, v))
        if g:
            md += [f"### {title}", table(["target", "requests/s"] + [n for n, _ in extra] + head_tail,
                                         throughput_table(g, key, k, extra))]
    for (w, v), g in sorted(groups.items()):
        if w == "W3":
            jd = med(g.get("jetty-default", []), "mbps")
            jp = med(g.get("jetty-proxy", []), "mbps")
            rows = []
            for t in targets(g):
                recs = g[t]
                before = min(x["rss_before_mib"] for x in recs)
                peak = max(x["rss_peak_mib"] for x in recs)
                growth = max(x["rss_peak_mib"] - x["rss_before_mib"] for x in recs)
                anon = max((x.get("anon_peak_mib", 0) - x.get("anon_before_mib", 0) for x in recs), default=0)
                rows.append([NAMES.get(t, t), span(recs, "mbps", lambda x: f"{x:.0f}"), before, peak, growth, anon,
                             ratio(med(recs, "mbps"), jd), ratio(med(recs, "mbps"), jp), sum(x["origin"] for x in recs)])
            md += [f"### W3: one {v} hit, one client (`curl`); RSS sampled every 50 ms",
                   table(["target", "MB/s", "RSS before MiB", "peak RSS MiB", "largest growth MiB", "of it anonymous MiB",
                          "× DefaultServlet", "× ProxyServlet", "origin"], rows)]
    for v, title in (("crr", "with cache_range_requests (one object per range)"),
                     ("full", "from the whole stored object")):
        g = groups.get(("W4", v))
        if g:
            md += [f"### W4: random 64 KiB ranges (1,000 distinct) of a 256 MiB object, {title}, `wrk -t2 -c64`",
                   table(["target", "requests/s"] + [n for n, _ in mb + lat[1:]] + head_tail,
                         throughput_table(g, "rps", k, mb + lat[1:]))]
    for (w, v), g in sorted(groups.items(), key=lambda x: (x[0][0], int(x[0][1][1:]) if x[0][0] == "W5" else 0)):
        if w == "W5":
            rows = []
            for t in targets(g):
                recs = g[t]
                rows.append([NAMES.get(t, t), span(recs, "origin", lambda x: f"{x:.0f}"),
                             span(recs, "p50_ms", lambda x: f"{x:.0f}"), span(recs, "p99_ms", lambda x: f"{x:.0f}"),
                             max(x.get("max_ms", 0) for x in recs), sum(x.get("non200", 0) for x in recs)])
            md += [f"### W5: {v[1:]} simultaneous clients on a cold 10 MiB object, origin waits 1 s",
                   table(["target", "origin requests per herd", "p50 ms", "p99 ms", "max ms", "non-200"], rows)]
    g = groups.get(("W6", "no-store"))
    if g:
        od = med(g.get("origin-direct", []), "rps")
        jp = med(g.get("jetty-proxy", []), "rps")
        rows = [[NAMES.get(t, t), span(g[t], "rps", k), span(g[t], "p99_ms", ms), ratio(med(g[t], "rps"), od),
                 ratio(med(g[t], "rps"), jp), sum(x["origin"] for x in g[t]),
                 sum(x.get("non2xx", 0) + x.get("errors", 0) for x in g[t])] for t in targets(g)]
        md += ["### W6: uncacheable 1 KiB object (`no-store`), `wrk -t2 -c64`",
               table(["target", "requests/s", "p99 ms", "× origin direct", "× ProxyServlet", "origin", "bad"], rows)]
    md += ["### Targets in this run", targets_table(groups, heap)]
    ab = before_after(groups)
    if ab:
        md += ["### This build against the baseline build (`--baseline-war`), same run", ab]
    if jmh:
        rows = []
        for b in json.load(open(jmh)):
            pm = b["primaryMetric"]
            name = b["benchmark"].rsplit(".", 2)
            params = ", ".join(f"{a}={c}" for a, c in (b.get("params") or {}).items())
            rows.append([f"`{name[-2]}.{name[-1]}`" + (f" ({params})" if params else ""),
                         f"{pm['score']:.1f} ± {pm['scoreError']:.1f}" if pm["scoreError"] == pm["scoreError"]
                         else f"{pm['score']:.1f}", pm["scoreUnit"]])
        md += ["### JMH micro-benchmarks (one fork, 3 warm-up and 5 measured iterations of 1 s)",
               table(["benchmark", "score", "unit"], rows)]
    return "\n\n".join(md) + "\n"


def before_after(groups):
    rows = []
    for (w, v), g in sorted(groups.items()):
        if "edgecache" in g and "edgecache-baseline" in g:
            key, better = {"W3": ("mbps", "MB/s"), "W5": ("p99_ms", "p99 ms")}.get(w, ("rps", "requests/s"))
            a, b = med(g["edgecache"], key), med(g["edgecache-baseline"], key)
            if a is not None and b:
                rows.append([f"{w} {v}", better, f"{b:.0f}", f"{a:.0f}", f"{a / b:.2f}×"])
    return table(["workload", "metric (median)", "baseline build", "this build", "ratio"], rows) if rows else ""


def targets_table(groups, heap):
    def m(w, v, t, key):
        return med(groups.get((w, v), {}).get(t, []), key)

    heap_mib = int(heap[:-1]) * (1024 if heap[-1] in "gG" else 1)
    rows = []
    for w, v in (("W1", "c64"), ("W1", "c256"), ("W2", "100KiB"), ("W2", "1MiB")):
        e, jd, ats = m(w, v, "edgecache", "rps"), m(w, v, "jetty-default", "rps"), m(w, v, "ats", "rps")
        if e is not None and jd:
            rows.append([f"{w} {v}", "≥ Jetty DefaultServlet (aim: ATS)", f"{e / jd:.2f}× DefaultServlet"
                         + (f", {e / ats:.2f}× ATS" if ats else ""), "met" if e >= jd else f"missed by {1 - e / jd:.0%}"])
    for (w, v), g in groups.items():
        if w == "W3" and "edgecache" in g:
            e, ats = med(g["edgecache"], "mbps"), med(g.get("ats", []), "mbps")
            peak = max(x["rss_peak_mib"] for x in g["edgecache"])
            growth = max(x["rss_peak_mib"] - x["rss_before_mib"] for x in g["edgecache"])
            rss_ok = peak <= heap_mib + 100 or growth <= 100
            ref, refname = (ats, "ATS") if ats else (1600.0, "the ATS anchor 1.6 GB/s")
            rows.append([f"W3 {v}", "≥ ATS MB/s, RSS flat (≤ heap + 100 MiB)",
                         f"{e / ref:.2f}× {refname}; peak RSS {peak} MiB (heap {heap_mib} MiB), growth {growth} MiB",
                         ("met" if e >= ref else f"missed by {1 - e / ref:.0%}") + ("" if rss_ok else "; RSS not flat")])
    e, ats = m("W4", "crr", "edgecache", "rps"), m("W4", "crr", "ats", "rps")
    if e is not None:
        ref, refname = (ats, "ATS") if ats else (23100.0, "the ATS anchor 23.1k")
        rows.append(["W4 crr", "≥ ATS with cache_range_requests", f"{e / ref:.2f}× {refname}",
                     "met" if e >= ref else f"missed by {1 - e / ref:.0%}"])
    for (w, v), g in sorted(groups.items(), key=lambda x: (x[0][0], int(x[0][1][1:]) if x[0][0] == "W5" else 0)):
        if w == "W5" and "edgecache" in g:
            recs = g["edgecache"]
            origin = max(x["origin"] for x in recs)
            p99 = med(recs, "p99_ms")
            ats = med(g.get("ats", []), "p99_ms")
            limit = 1.2 * 2100
            ok = origin == 1 and p99 <= limit
            rows.append([f"W5 {v}", "1 origin request, p99 ≤ 1.2× Varnish (1.8–2.1 s: ≤ 2.5 s)",
                         f"{origin} origin request(s) per herd at most; p99 {p99 / 1000:.2f} s"
                         + (f" ({p99 / ats:.2f}× ATS)" if ats else ""), "met" if ok else "missed"])
    e, jp, od = m("W6", "no-store", "edgecache", "rps"), m("W6", "no-store", "jetty-proxy", "rps"), \
        m("W6", "no-store", "origin-direct", "rps")
    if e is not None and jp:
        rows.append(["W6", "≥ Jetty ProxyServlet", f"{e / jp:.2f}× ProxyServlet, {e / od:.2f}× origin direct"
                     if od else f"{e / jp:.2f}× ProxyServlet", "met" if e >= jp else f"missed by {1 - e / jp:.0%}"])
    return table(["workload", "target", "edgecache in this run", "verdict"], rows)


def svg(groups, path):
    panels = []
    for w, v, key, unit_, title in (("W1", "c64", "rps", "req/s", "W1 1 KiB hit, c64"),
                                    ("W1", "c256", "rps", "req/s", "W1 1 KiB hit, c256"),
                                    ("W2", "100KiB", "rps", "req/s", "W2 100 KiB hit"),
                                    ("W2", "1MiB", "mbps", "MB/s", "W2 1 MiB hit"),
                                    ("W4", "crr", "rps", "req/s", "W4 ranges, one object per range"),
                                    ("W4", "full", "rps", "req/s", "W4 ranges of the whole object"),
                                    ("W6", "no-store", "rps", "req/s", "W6 no-store (through the proxy)")):
        if (w, v) in groups:
            panels.append((title, unit_, [(t, med(groups[(w, v)][t], key)) for t in targets(groups[(w, v)])]))
        if w == "W2" and v == "1MiB":
            for (w3, v3), g in sorted(groups.items()):
                if w3 == "W3":
                    panels.append((f"W3 one {v3} hit", "MB/s", [(t, med(g[t], "mbps")) for t in targets(g)]))
    for (w, v), g in sorted(groups.items(), key=lambda x: x[0][1]):
        if w == "W5":
            panels.append((f"W5 herd of {v[1:]}: p99 completion (shorter is better)", "ms",
                           [(t, med(g[t], "p99_ms")) for t in targets(g)]))
    bar, gap, left, width = 16, 34, 150, 420
    height = 40 + sum(gap + bar * len(p[2]) for p in panels) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 120}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="22" font-size="15" font-weight="bold">edgecache side by side (bench/run.sh; '
           f'medians; see docs/performance.md)</text>']
    y = 40
    for title, unit_, bars in panels:
        y += gap
        out.append(f'<text x="10" y="{y - 8}" font-weight="bold">{title} ({unit_})</text>')
        top = max((b for _, b in bars if b), default=1) or 1
        for t, val in bars:
            w_ = 0 if val is None else max(1, int(width * val / top))
            out.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{NAMES.get(t, t)}</text>')
            out.append(f'<rect x="{left}" y="{y + 2}" width="{w_}" height="{bar - 4}" fill="{COLORS.get(t, "#333")}"/>')
            label = "–" if val is None else (k(val) if unit_ == "req/s" else f"{val:.0f}")
            out.append(f'<text x="{left + w_ + 4}" y="{y + 12}">{label}</text>')
            y += bar
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


def main():
    cmd = sys.argv[1]
    if cmd == "parse-wrk":
        print(json.dumps(parse_wrk(*sys.argv[2:7], sys.stdin.read())))
    elif cmd == "parse-herd":
        print(json.dumps(parse_herd(*sys.argv[2:7], sys.stdin.read())))
    elif cmd == "warm-ranges":
        warm_ranges(sys.argv[2])
    elif cmd == "report":
        args = sys.argv[3:]
        opt = {args[i]: args[i + 1] for i in range(0, len(args), 2)}
        groups = load(sys.argv[2])
        text = report(groups, opt["--label"], opt.get("--heap", "1g"), opt.get("--jmh"), opt.get("--other-heap", "1g"))
        print(text)
        if "--write" in opt:
            doc = open(opt["--write"]).read()
            a, b = doc.index(BEGIN) + len(BEGIN), doc.index(END)
            open(opt["--write"], "w").write(doc[:a] + "\n" + text + doc[b:])
            svg(groups, opt["--svg"])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
