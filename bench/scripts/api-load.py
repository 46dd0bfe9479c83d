#!/usr/bin/env python3
"""Fires N GET requests at an HTTP API, K in flight (one keep-alive connection per worker), cycling over the given paths,
and prints the median and 95th percentile latency, overall and per path. Any answer but 200 is counted and reported.
Usage: api-load.py BASE_URL TOKEN REQUESTS IN_FLIGHT PATH...   (used by bench/scripts/watch-api.sh)"""
import http.client
import statistics
import sys
import threading
import time
import urllib.parse

base, token, total, in_flight, paths = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
url = urllib.parse.urlsplit(base)
lock = threading.Lock()
next_index = 0
timings = {p: [] for p in paths}
failures = []


def worker():
    global next_index
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    while True:
        with lock:
            if next_index >= total:
                break
            path = paths[next_index % len(paths)]
            next_index += 1
        start = time.perf_counter()
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            timings[path].append(elapsed)
            if response.status != 200:
                failures.append(f"{path}: {response.status} {body[:200]!r}")
    connection.close()


def line(name, values):
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return f"{name:<44} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   ({len(values)} requests)"


started = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(in_flight)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - started
print(line(f"all, {in_flight} in flight", [v for vs in timings.values() for v in vs]) + f"   wall {wall:.1f} s")
for path, values in timings.items():
    print(line("  " + path, values))
if failures:
    print(f"{len(failures)} answers were not 200, e.g. {failures[0]}")
    sys.exit(1)
