#!/usr/bin/env python3
"""Reads a CPU profile in collapsed-stack form (async-profiler's `collapsed` output, as `bench/run.sh --profile`
writes it: one line per distinct stack, frames root first separated by `;`, then a sample count):

  python3 bench/tools/stacks.py top FILE [FRAME] [N]     # under FRAME (a frame name, e.g.
                                                           # org/edgecache/web/CacheFilter.doFilter): the share of
                                                           # samples each frame is on the stack of, and on top of
  python3 bench/tools/stacks.py svg FILE OUT.svg [FRAME] [TITLE]   # a flame graph of the stacks under FRAME

Only the standard library.
"""
import collections
import html
import sys


def load(path, frame=None):
    """(stack below FRAME as a tuple, count) for every sample line whose stack contains FRAME (all without one)."""
    out = []
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, n = line.rstrip("\n").rpartition(" ")
        if not n.isdigit():
            continue
        frames = stack.split(";")
        if frame:
            if frame not in frames:
                continue
            frames = frames[frames.index(frame):]
        out.append((tuple(frames), int(n)))
    return out


def top(path, frame=None, n=40):
    samples = load(path, frame)
    total = sum(c for _, c in samples) or 1
    on_stack, on_top = collections.Counter(), collections.Counter()
    for frames, c in samples:
        for f in set(frames):
            on_stack[f] += c
        on_top[frames[-1]] += c
    print(f"{total} samples" + (f" under {frame}" if frame else ""))
    print("on the stack:")
    for f, c in on_stack.most_common(n):
        print(f"  {100 * c / total:5.1f}%  {f}")
    print("on top (self):")
    for f, c in on_top.most_common(n // 2):
        print(f"  {100 * c / total:5.1f}%  {f}")


def svg(path, out, frame=None, title="CPU profile"):
    tree = {"n": 0, "kids": {}}
    for frames, c in load(path, frame):
        node = tree
        node["n"] += c
        for f in frames:
            node = node["kids"].setdefault(f, {"n": 0, "kids": {}})
            node["n"] += c
    width, row, total = 1200.0, 16, tree["n"] or 1
    rects, depth_max = [], [0]

    def walk(node, name, x, depth):
        w = width * node["n"] / total
        if w < 0.3:
            return
        depth_max[0] = max(depth_max[0], depth)
        rects.append((x, depth, w, name, node["n"]))
        for k, child in sorted(node["kids"].items()):
            walk(child, k, x, depth + 1)
            x += width * child["n"] / total

    x = 0.0
    for k, child in sorted(tree["kids"].items()):
        walk(child, k, x, 0)
        x += width * child["n"] / total
    height = (depth_max[0] + 1) * row + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(width)}" height="{height}" '
             f'font-family="monospace" font-size="11">',
             f'<text x="4" y="16" font-size="13">{html.escape(title)} ({total} samples; hover for names)</text>']
    for x, depth, w, name, n in rects:
        y = height - (depth + 1) * row - 4
        kernel = name.endswith("_[k]")
        ours = name.startswith("org/edgecache/")
        hue = 200 if kernel else (30 if ours else 10 + (hash(name) % 40))
        fill = f"hsl({hue},{70 if ours else 55}%,{62 if kernel else 58}%)"
        label = name.rsplit("/", 1)[-1]
        chars = int(w / 6.6)
        text = label if len(label) <= chars else (label[:chars - 1] + "…" if chars > 2 else "")
        parts.append(f'<g><title>{html.escape(name)} — {100 * n / total:.1f}%</title>'
                     f'<rect x="{x:.1f}" y="{y}" width="{max(w - 0.3, 0.1):.1f}" height="{row - 1}" fill="{fill}"/>'
                     + (f'<text x="{x + 2:.1f}" y="{y + 11}">{html.escape(text)}</text>' if text else "") + "</g>")
    parts.append("</svg>")
    open(out, "w", encoding="utf-8").write("\n".join(parts))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "top":
        top(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None, int(sys.argv[4]) if len(sys.argv) > 4 else 40)
    elif cmd == "svg":
        svg(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None,
            sys.argv[5] if len(sys.argv) > 5 else "CPU profile")
    else:
        sys.exit(__doc__)
