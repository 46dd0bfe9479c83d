#!/usr/bin/env bash
# Lists and dates every tag of a local 1,000-tag repository with the Pipelines registry client (cold and warm)
# and with skopeo (list-tags + inspect per tag), in the same run, against Debian's docker-registry on 127.0.0.1.
# Needs: apt-get install docker-registry skopeo. Usage: bench/registry-vs-skopeo.sh [--tags N] [--concurrency N]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/Pipelines.Benchmarks -v quiet -nologo >/dev/null
exec dotnet bench/Pipelines.Benchmarks/bin/Release/net10.0/Pipelines.Benchmarks.dll registry "$@"
