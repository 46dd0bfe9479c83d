#!/usr/bin/env bash
# Whole-flow timings of V2 config repo updates against a real git daemon on loopback:
#   1. one UpdateConfigRepo as the CLI a CI job runs (warm object cache), with hyperfine;
#   2. 16 concurrent UpdateConfigRepo processes through the git lock, each on its own workload;
#   3. the same 16 updates done the "plain git" way (clone, sed, commit, push, retry on rejection).
# Usage: bench/scripts/config-repo-updates.sh   (from the repository root; needs git, hyperfine)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
./build.sh --help >/dev/null            # compiles build/ if needed
cli="$root/build.sh"                    # as a CI job runs it: the bootstrap and its runtime settings included
work=$(mktemp -d)
trap 'kill $daemon 2>/dev/null || true; rm -rf "$work"' EXIT
export NO_COLOR=1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/server" "$work/jobs/.nuke"
git init -q --bare --initial-branch=main "$work/server/config.git"
git clone -q "$work/server/config.git" "$work/seed" 2>/dev/null
mkdir -p "$work/seed/environments/staging"
printf 'environments:\n  staging:\n    path: environments/staging\n    namespace: sock-shop\n' > "$work/seed/pipelines.yaml"
for i in $(seq 1 16); do
  printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: service-%s\nspec:\n  template:\n    spec:\n      containers:\n      - name: service-%s\n        image: registry.example.com/service-%s:1.0.0\n' "$i" "$i" "$i" \
    > "$work/seed/environments/staging/service-$i.yaml"
done
git -C "$work/seed" add -A && git -C "$work/seed" -c user.name=seed -c user.email=seed@x commit -qm seed && git -C "$work/seed" push -q origin HEAD:main
git daemon --reuseaddr --base-path="$work/server" --export-all --enable=receive-pack --listen=127.0.0.1 --port="$port" "$work/server" &
daemon=$!
sleep 0.5
url="git://127.0.0.1:$port/config.git"
# The image is given pinned, as PushImage records it in a CI job: releases take a digest as given, without asking a registry.
pin="@sha256:$(printf '%064d' 0)"
update() { $cli UpdateConfigRepo --root "${ROOT:-$work/jobs}" --no-logo --verbosity quiet --config-repo "$url" --environment staging --apply false --service "$1" --image "$2$pin" "${@:3}"; }

echo "== 1. one CLI update (warm cache), no lock and git lock"
update service-1 registry.example.com/service-1:warm --lock none >/dev/null 2>&1
hyperfine --shell bash --warmup 2 --runs 15 \
  "$cli UpdateConfigRepo --root $work/jobs --no-logo --verbosity quiet --config-repo $url --environment staging --apply false --service service-2 --image registry.example.com/service-2:\$RANDOM\$RANDOM$pin --lock none" \
  "$cli UpdateConfigRepo --root $work/jobs --no-logo --verbosity quiet --config-repo $url --environment staging --apply false --service service-3 --image registry.example.com/service-3:\$RANDOM\$RANDOM$pin --lock git" \
  2>&1 | grep -E "Benchmark|Time|Range"

echo "== 2. 16 concurrent CLI updates through the git lock, each on its own workload"
# Each job has its own workspace (and so its own warm object cache), as CI jobs on different runners do.
for i in $(seq 1 16); do mkdir -p "$work/job$i/.nuke"; ROOT="$work/job$i" update "service-$i" "registry.example.com/service-$i:w$RANDOM" --lock none >/dev/null 2>&1; done
# Three rounds each: 16 processes starting at once on a small machine make single rounds vary by a second or two.
rounds=()
for round in 1 2 3; do
  start=$(date +%s.%N)
  pids=()
  for i in $(seq 1 16); do ROOT="$work/job$i" update "service-$i" "registry.example.com/service-$i:c$round$RANDOM" --lock git >/dev/null 2>&1 & pids+=($!); done
  wait "${pids[@]}"   # not a bare wait: the git daemon is a background job too
  rounds+=("$(python3 -c "print(round($(date +%s.%N) - $start, 2))")")
done
echo "16 CLI updates, separate workspaces: ${rounds[*]} s (median $(printf '%s\n' "${rounds[@]}" | sort -n | sed -n 2p) s)"

echo "== 2b. the same 16, all sharing one workspace (one object cache, one machine)"
rounds=()
for round in 1 2 3; do
  start=$(date +%s.%N)
  pids=()
  for i in $(seq 1 16); do update "service-$i" "registry.example.com/service-$i:s$round$RANDOM" --lock git >/dev/null 2>&1 & pids+=($!); done
  wait "${pids[@]}"
  rounds+=("$(python3 -c "print(round($(date +%s.%N) - $start, 2))")")
done
echo "16 CLI updates, one shared workspace: ${rounds[*]} s (median $(printf '%s\n' "${rounds[@]}" | sort -n | sed -n 2p) s)"

echo "== 3. 16 concurrent plain-git updates (clone, sed, commit, push, retry)"
plain() {
  local dir; dir=$(mktemp -d -p "$work")
  for attempt in $(seq 1 50); do
    rm -rf "$dir/c"; git clone -q "$url" "$dir/c" 2>/dev/null
    sed -i "s|image: registry.example.com/service-$1:.*|image: registry.example.com/service-$1:$2|" "$dir/c/environments/staging/service-$1.yaml"
    git -C "$dir/c" -c user.name=ci -c user.email=ci@x commit -qam "release $2" && git -C "$dir/c" push -q origin HEAD:main 2>/dev/null && return 0
    sleep "0.$((RANDOM % 5))"
  done
  echo "plain update $1 gave up" >&2; return 1
}
start=$(date +%s.%N)
pids=()
for i in $(seq 1 16); do plain "$i" "p$RANDOM" & pids+=($!); done
wait "${pids[@]}"
echo "16 plain-git updates: $(python3 -c "print(round($(date +%s.%N) - $start, 2))") s"
# Every update lands exactly once: the seed, the first warm-up, 2 x 17 hyperfine runs, 16 warm-ups, 6 x 16 locked, 16 plain.
echo "commits on main: $(git --git-dir="$work/server/config.git" rev-list --count main) (expected $((1 + 1 + 34 + 16 + 6 * 16 + 16)))"
