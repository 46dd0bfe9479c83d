#!/usr/bin/env bash
# The registry reads of an automation cycle over N workloads (each its own repository of T version tags + latest), cold
# (empty cache) and warm (within the refresh interval), against Debian's docker-registry on 127.0.0.1; each cycle is its own
# process, whose peak RSS is reported. Needs: apt-get install docker-registry.
# Usage: bench/automation-cycle.sh [--workloads 500] [--tags 26] [--filter semver:^1.0] [--rounds 3]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/Pipelines.Benchmarks -v quiet -nologo >/dev/null
exec dotnet bench/Pipelines.Benchmarks/bin/Release/net10.0/Pipelines.Benchmarks.dll automation "$@"
