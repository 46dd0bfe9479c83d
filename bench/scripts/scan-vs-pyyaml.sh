#!/usr/bin/env bash
# Reading one environment of 5,000 manifests (15,000 documents: a Deployment, a Service and a ConfigMap each) as a release
# reads it (a new snapshot of the commit, pipelines.yaml, EnvironmentScan: bench/Pipelines.Benchmarks `scan`) against PyYAML
# with libyaml (CSafeLoader) reading and parsing the same files from a checkout (bench/scripts/pyyaml-scan.py). The two sides
# alternate, one process each per round, 3 passes per process; the first pass of each Pipelines process pays for the JIT
# (as a CLI run does) and is reported apart. Medians of all rounds.
# Usage: bench/scripts/scan-vs-pyyaml.sh [rounds] [folders] [files]   (defaults 5, 1, 5000: every manifest in one folder)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds=${1:-5}; folders=${2:-1}; files=${3:-5000}
dotnet build -c Release --nologo -v q bench/Pipelines.Benchmarks >/dev/null
bench="dotnet bench/Pipelines.Benchmarks/bin/Release/net10.0/Pipelines.Benchmarks.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The config repo: the manifests of bench/Pipelines.Benchmarks/ManifestBenchmarks.cs, in one folder or spread over team folders.
python3 - "$work/config" "$folders" "$files" <<'PY'
import os, sys
root, folders, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def manifest(i):
    return f"""# service {i}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-{i}
  labels: {{app.kubernetes.io/version: "1.0.{i}"}}
  annotations:
    pipelines/tag.app: "semver:~1.0"
spec:
  replicas: 2
  template:
    metadata:
      labels: {{name: service-{i}, app.kubernetes.io/version: "1.0.{i}"}}
    spec:
      containers:
      - name: app
        image: registry.example.com/team-{i % 50}/service-{i}:1.0.{i}   # set by CI
        ports: [{{containerPort: 8080}}]
      - name: proxy
        image: envoyproxy/envoy:v1.28.0
---
apiVersion: v1
kind: Service
metadata: {{name: service-{i}}}
spec:
  ports: [{{port: 80, targetPort: 8080}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: service-{i}-settings}}
data:
  settings.yaml: |
    level: info
    upstream: service-{(i + 1) % files}
"""
for i in range(files):
    folder = os.path.join(root, "environments/staging", *([f"team-{i % folders}"] if folders > 1 else []))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"service-{i}.yaml"), "w") as f:
        f.write(manifest(i))
with open(os.path.join(root, "pipelines.yaml"), "w") as f:
    f.write("environments:\n  staging: {path: environments/staging, namespace: shop}\n")
PY
git -C "$work/config" init -q --initial-branch=main
git -C "$work/config" add -A
git -C "$work/config" -c user.name=bench -c user.email=bench@pipelines commit -qm "$files manifests in $folders folder(s)"
git clone -q --bare "$work/config" "$work/config.git"

: > "$work/pipelines"; : > "$work/pyyaml"
pipelines() { $bench scan --remote "$work/config.git" --passes 3 | tee -a "$work/pipelines"; }
pyyaml() { python3 bench/scripts/pyyaml-scan.py "$work/config/environments/staging" 3 | tee -a "$work/pyyaml"; }
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  if (( round % 2 )); then pipelines; pyyaml; else pyyaml; pipelines; fi
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
cold=$(awk '$2 == 1 { print $3 }' "$work/pipelines" | median)
warm=$(awk '$2 > 1 { print $3 }' "$work/pipelines" | median)
python=$(awk '{ print $3 }' "$work/pyyaml" | median)
echo
echo "| $files manifests in $folders folder(s), medians of $rounds rounds | ms | / PyYAML |"
echo "|---|---:|---:|"
echo "| PyYAML (libyaml) | $python | 1.00 |"
echo "| Pipelines, first pass of a process (JIT included) | $cold | $(awk -v a="$cold" -v b="$python" 'BEGIN { printf "%.2f", a / b }') |"
echo "| Pipelines, later passes | $warm | $(awk -v a="$warm" -v b="$python" 'BEGIN { printf "%.2f", a / b }') |"
