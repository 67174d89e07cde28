#!/usr/bin/env python3
"""A text flame summary of a JFR recording's CPU samples (jdk.ExecutionSample), for profiling the hit path:

  python3 bench/tools/jfr_top.py recording.jfr [filter-substring] [top-n]

Prints the methods with the most samples on top of the stack (self), and the methods that are on the stack of the
most samples (total), as shares of all samples; with a filter, only samples whose stack contains it. Uses the JDK's
own `jfr` tool (JDK 17+); no other dependency.
"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
flt = sys.argv[2] if len(sys.argv) > 2 else ""
top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                      capture_output=True, text=True, check=True).stdout
samples = []
for block in text.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>/]+(?:\.[\w$<>]+)?)\([^)]*\)\s+line:", block, re.M)
    if frames:
        samples.append(frames)
if flt:
    samples = [s for s in samples if any(flt in f for f in s)]
n = len(samples) or 1
self_ = collections.Counter(s[0] for s in samples)
total = collections.Counter()
for s in samples:
    total.update(set(s))
print(f"{len(samples)} samples" + (f" with '{flt}' on the stack" if flt else ""))
print("\nself (top of stack):")
for m, c in self_.most_common(top):
    print(f"  {100 * c / n:5.1f}%  {m}")
print("\ntotal (on the stack):")
for m, c in total.most_common(top * 2):
    print(f"  {100 * c / n:5.1f}%  {m}")
