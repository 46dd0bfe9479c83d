#!/usr/bin/env bash
# Whole-flow timings of the release manager (issue 8) as the CLI a CI job runs, against a real git daemon,
# Debian's docker-registry and the Kubernetes API emulator on loopback, with manifests-example as the config repo (its
# images moved to the local registry) and its staging workloads running in the emulator; object, registry and kubectl
# discovery caches warm. Every run applies what it changed (--apply true; kubectl apply for the script) and none waits
# for the rollout (--rollout-timeout 0s):
#   1. Release of one service (--image) vs the "hard way" script for one service (clone, sed, commit, push, kubectl apply);
#   2. Release of every service in one commit (--all --update-all-images) vs the script once per service;
#   3. Rollback of one service (the release it undoes is made before each run, untimed).
# Usage: bench/scripts/release.sh [runs]   (from anywhere; needs git, curl, python3, docker-registry, kubectl)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
runs=${1:-10}
./build.sh --help >/dev/null            # compiles build/ if needed
cli="$root/build.sh"                    # as a CI job runs it: the bootstrap and its runtime settings included
work=$(mktemp -d)
trap 'kill $daemon $registry $emulator 2>/dev/null || true; rm -rf "$work"' EXIT
export NO_COLOR=1 XDG_CACHE_HOME="$work/cache"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The registry, and a way to push a tiny image (config with a build time, one layer) under a tag.
rport=$(free_port); reg="127.0.0.1:$rport"
mkdir -p "$work/registry"
printf 'version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: %s}\n' "$work/registry/data" "$reg" > "$work/registry/config.yml"
docker-registry serve "$work/registry/config.yml" >/dev/null 2>&1 &
registry=$!
for _ in $(seq 1 100); do curl -sf "http://$reg/v2/" >/dev/null && break; sleep 0.1; done
blob() { # repo file -> digest
  local digest="sha256:$(sha256sum "$2" | cut -d' ' -f1)" location
  location=$(curl -sf -X POST -D - -o /dev/null "http://$reg/v2/$1/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case $location in http*) ;; *) location="http://$reg$location" ;; esac
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$2" "$location$([[ $location == *\?* ]] && echo '&' || echo '?')digest=$digest" >/dev/null
  echo "$digest"
}
push_image() { # repo tag
  local dir; dir=$(mktemp -d -p "$work")
  printf '{"created":"%s","architecture":"amd64","os":"linux","config":{"Env":["N=%s"]},"rootfs":{"type":"layers","diff_ids":[]}}' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$RANDOM$RANDOM" > "$dir/config"
  printf 'layer %s' "$1" > "$dir/layer"
  local config layer; config=$(blob "$1" "$dir/config"); layer=$(blob "$1" "$dir/layer")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}]}' \
    "$config" "$(stat -c %s "$dir/config")" "$layer" "$(stat -c %s "$dir/layer")" > "$dir/manifest"
  curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$dir/manifest" "http://$reg/v2/$1/manifests/$2" >/dev/null
  rm -rf "$dir"
}

# The config repo: manifests-example with every image moved to the local registry (docker.io is not reachable here).
mkdir -p "$work/server" "$work/jobs/.nuke"
git init -q --bare --initial-branch=main "$work/server/config.git"
cp -r manifests-example "$work/seed"
sed -i -E "s#(image: *['\"]?)([a-z0-9./_-]+):#\1$reg/\2:#" "$work/seed"/environments/*/*.yaml
git -C "$work/seed" init -q --initial-branch=main && git -C "$work/seed" add -A
git -C "$work/seed" -c user.name=seed -c user.email=seed@x commit -qm seed && git -C "$work/seed" push -q "$work/server/config.git" HEAD:main
repos=$(grep -ho "image: *['\"]\?$reg/[^:]*" "$work/seed"/environments/staging/*.yaml | sed "s#.*$reg/##" | sort -u)
for repo in $repos; do push_image "$repo" "$(grep -ho "$reg/$repo:[^'\" ]*" "$work/seed"/environments/staging/*.yaml | head -1 | sed 's/.*://')"; done
dport=$(free_port)
git daemon --reuseaddr --base-path="$work/server" --export-all --enable=receive-pack --listen=127.0.0.1 --port="$dport" "$work/server" &
daemon=$!
sleep 0.5
url="git://127.0.0.1:$dport/config.git"

# The cluster: the Kubernetes API emulator (the sandbox's), with staging's workloads applied once.
$cli KubeEmulator --root "$work/jobs" --no-logo --listen 127.0.0.1:0 --kubeconfig-out "$work/kubeconfig" >/dev/null 2>&1 &
emulator=$!
for _ in $(seq 1 100); do [[ -s "$work/kubeconfig" ]] && kubectl --kubeconfig "$work/kubeconfig" get namespaces >/dev/null 2>&1 && break; sleep 0.1; done
# manifests-example's staging names its cluster by the context "staging" (pipelines.yaml decides the cluster).
kubectl --kubeconfig "$work/kubeconfig" config rename-context emulator staging >/dev/null
export KUBECONFIG="$work/kubeconfig"
kubectl apply -f "$work/seed/environments/staging/namespace.yaml" >/dev/null && kubectl apply -f "$work/seed/environments/staging" >/dev/null
pipelines() { $cli "$1" --root "$work/jobs" --no-logo --verbosity quiet --config-repo "$url" --environment staging --apply true \
  --rollout-timeout 0s --allow-pending true --lock none --insecure-registries "$reg" "${@:2}" >/dev/null 2>"$work/last.log" || { cat "$work/last.log" >&2; return 1; }; }

# measure NAME PREPARE COMMAND: runs PREPARE (untimed) then COMMAND, $runs times after one warm-up; prints mean ± sd, min.
measure() {
  local times=()
  for i in $(seq 0 "$runs"); do
    eval "$2"
    local start; start=$(date +%s%N)
    eval "$3"
    [[ $i -gt 0 ]] && times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  python3 -c "import statistics as s,sys; t=[int(x) for x in sys.argv[2:]]; print(f'{sys.argv[1]:<58} {s.mean(t):7.0f} ms ± {s.stdev(t):4.0f}  (min {min(t)}, {len(t)} runs)')" "$1" "${times[@]}"
}
n=0
next_front_end() { n=$((n + 1)); push_image weaveworksdemos/front-end "0.3.$((100 + n))"; tag="0.3.$((100 + n))"; }
hard_one() { # the V2 "hard way" for one image repository: clone, sed, commit, push, kubectl apply of the files it changed
  local dir; dir=$(mktemp -d -p "$work")
  git clone -q "$url" "$dir/c"
  sed -i -E "s#$reg/$1:[^'\" ]*#$reg/$1:$2#" "$dir"/c/environments/staging/*.yaml
  git -C "$dir/c" -c user.name=ci -c user.email=ci@x commit -qam "release $1 $2" && git -C "$dir/c" push -q origin HEAD:main
  kubectl apply $(git -C "$dir/c" diff --name-only HEAD~1 | sed "s#^#-f $dir/c/#") >/dev/null
  rm -rf "$dir"
}
echo "runs: $runs each (after one warm-up); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "manifests-example staging: $(echo "$repos" | wc -w) image repositories"

measure "0. UpdateConfigRepo --service front-end (V2 target, warm)" next_front_end \
  'pipelines UpdateConfigRepo --service front-end --container front-end --image "$reg/weaveworksdemos/front-end:$tag"'
measure "1. Release --service front-end --image … (CLI, warm)" next_front_end \
  'pipelines Release --service front-end --image "$reg/weaveworksdemos/front-end:$tag"'
measure "1. hard way, one service (clone, sed, commit, push, apply)" next_front_end 'hard_one weaveworksdemos/front-end "$tag"'

all_new_tags() { n=$((n + 1)); for repo in $repos; do push_image "$repo" "0.3.$((100 + n))"; done; }
measure "2. Release --all --update-all-images (one commit, CLI, warm)" all_new_tags 'pipelines Release --all --update-all-images'
measure "2. hard way, once per image repository ($(echo "$repos" | wc -w) runs)" 'n=$((n + 1))' \
  'for r in $repos; do hard_one "$r" "0.3.$((100 + n))"; done'

release_front_end() { next_front_end; pipelines Release --service front-end --image "$reg/weaveworksdemos/front-end:$tag"; }
measure "3. Rollback --service front-end (CLI, warm)" release_front_end 'pipelines Rollback --service front-end'
echo "commits on main: $(git --git-dir="$work/server/config.git" rev-list --count main)"
