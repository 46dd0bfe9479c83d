#!/usr/bin/env python3
"""PyYAML with libyaml (CSafeLoader) reading and parsing every .yaml file under a folder, as a script would scan a checked-out
config repo; prints each pass's time like the scan scenario of bench/Pipelines.Benchmarks (`pass 1 812.4 ms, 15000 documents`).
Usage: pyyaml-scan.py <folder> [passes]"""
import os, sys, time
import yaml

assert yaml.__with_libyaml__, "python3-yaml without libyaml: the comparison is with the C parser"
folder, passes = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
for n in range(1, passes + 1):
    start = time.perf_counter()
    documents = 0
    for directory, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            if name.endswith(('.yaml', '.yml')):
                with open(os.path.join(directory, name), encoding='utf-8') as f:
                    documents += sum(1 for _ in yaml.load_all(f.read(), Loader=yaml.CSafeLoader))
    print(f"pass {n} {(time.perf_counter() - start) * 1000:.1f} ms, {documents} documents", flush=True)
