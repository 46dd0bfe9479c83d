#!/usr/bin/env bash
# What Spectre.Console costs a CLI's start-up: the same 80-row, two-column help table printed by padding strings and by a
# Spectre.Console Grid, both published ReadyToRun as ./build.sh publishes the build, alternated N times; medians.
# Usage: bench/spectre-startup/run.sh [runs]   (default 15)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
runs=${1:-15}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out" -nologo -v:q >/dev/null
export DOTNET_TC_CallCountingDelayMs=5000   # as build.sh sets it
for _ in $(seq 1 "$runs"); do
  a=$( { /usr/bin/time -f %e "$out/SpectreStartup" >/dev/null; } 2>&1 )
  b=$( { /usr/bin/time -f %e "$out/SpectreStartup" spectre >/dev/null; } 2>&1 )
  echo "$a $b"
done > "$out/times"
mid=$(( (runs + 1) / 2 ))
echo "padded strings: $(cut -d' ' -f1 "$out/times" | sort -n | sed -n "${mid}p") s   Spectre.Console Grid: $(cut -d' ' -f2 "$out/times" | sort -n | sed -n "${mid}p") s   (medians of $runs, load $(cut -d' ' -f1 /proc/loadavg))"
