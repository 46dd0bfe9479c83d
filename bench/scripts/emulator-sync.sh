#!/usr/bin/env bash
# Whole-flow timing of the product's Sync into the Kubernetes API emulator (issue 23): a config repo whose staging
# environment holds N Deployments in one folder (one replica each), served by a git daemon on loopback, synced into a
# fresh emulator by the CLI as a CI job runs it, waiting for every rollout (the default --rollout-timeout). Prints how
# long Sync took and how many Deployments were ready after it.
# Usage: bench/scripts/emulator-sync.sh [workloads]   (default 2000; needs git, python3, kubectl)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
workloads=${1:-2000}
./build.sh --help >/dev/null            # compiles build/ if needed
cli="$root/build.sh"                    # as a CI job runs it: the bootstrap and its runtime settings included
work=$(mktemp -d)
trap 'kill $daemon $emulator 2>/dev/null || true; rm -rf "$work"' EXIT
export NO_COLOR=1 XDG_CACHE_HOME="$work/cache"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The config repo: N Deployments in one folder, and their namespace.
mkdir -p "$work/server" "$work/jobs/.nuke" "$work/seed/environments/staging"
git init -q --bare --initial-branch=main "$work/server/config.git"
printf 'environments:\n  staging:\n    path: environments/staging\n    namespace: bench\n    cluster: { context: staging }\n' > "$work/seed/pipelines.yaml"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n' > "$work/seed/environments/staging/namespace.yaml"
for i in $(seq 1 "$workloads"); do
  printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: service-%s\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: service-%s}}\n  template:\n    metadata: {labels: {app: service-%s}}\n    spec:\n      containers:\n      - name: service-%s\n        image: registry.example.com/service-%s:1.0.0\n' \
    "$i" "$i" "$i" "$i" "$i" > "$work/seed/environments/staging/service-$i.yaml"
done
git -C "$work/seed" init -q --initial-branch=main && git -C "$work/seed" add -A
git -C "$work/seed" -c user.name=seed -c user.email=seed@x commit -qm seed && git -C "$work/seed" push -q "$work/server/config.git" HEAD:main
dport=$(free_port)
git daemon --reuseaddr --base-path="$work/server" --export-all --enable=receive-pack --listen=127.0.0.1 --port="$dport" "$work/server" &
daemon=$!
sleep 0.5

# The cluster: a fresh emulator, its context named as the environment's cluster.
$cli KubeEmulator --root "$work/jobs" --no-logo --listen 127.0.0.1:0 --kubeconfig-out "$work/kubeconfig" >"$work/emulator.log" 2>&1 &
emulator=$!
for _ in $(seq 1 100); do [[ -s "$work/kubeconfig" ]] && kubectl --kubeconfig "$work/kubeconfig" get namespaces >/dev/null 2>&1 && break; sleep 0.1; done
kubectl --kubeconfig "$work/kubeconfig" config rename-context emulator staging >/dev/null
export KUBECONFIG="$work/kubeconfig"

start=$(date +%s%N)
$cli Sync --root "$work/jobs" --no-logo --verbosity minimal --config-repo "git://127.0.0.1:$dport/config.git" --environment staging --lock none \
  >"$work/sync.out" 2>"$work/sync.err" || { tail -40 "$work/sync.err" >&2; tail -5 "$work/emulator.log" >&2; exit 1; }
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
grep '^Sync of' "$work/sync.out" || true
ready=$(kubectl -n bench get deployments -o jsonpath='{range .items[*]}{.status.readyReplicas}{"\n"}{end}' | grep -c '^1$' || true)
printf 'Sync of %s workloads into the emulator: %s ms (%s of them ready)\n' "$workloads" "$elapsed" "$ready"
