#!/usr/bin/env bash
# Watch's JSON API under load (issue 23): the service as `./build.sh Watch` runs it, over manifests-example as the config repo
# (its images moved to Debian's docker-registry on loopback), served by a git daemon, with staging's workloads running in
# the Kubernetes API emulator. Once Watch is ready, fires REQUESTS GETs, 8 in flight, at what the console reads: the
# environments, staging's services and the history; prints median and p95 latency and Watch's peak RSS (VmHWM).
# Usage: bench/scripts/watch-api.sh [requests]   (default 1000; needs git, curl, python3, docker-registry, kubectl)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
requests=${1:-1000}
./build.sh --help >/dev/null            # compiles build/ if needed
cli="$root/build.sh"
work=$(mktemp -d)
trap 'kill $watch 2>/dev/null; sleep 1; kill $daemon $registry $emulator 2>/dev/null || true; rm -rf "$work"' EXIT
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

# The cluster: the emulator, as staging's context, with staging's workloads applied and rolled out.
$cli KubeEmulator --root "$work/jobs" --no-logo --listen 127.0.0.1:0 --kubeconfig-out "$work/kubeconfig" >/dev/null 2>&1 &
emulator=$!
for _ in $(seq 1 100); do [[ -s "$work/kubeconfig" ]] && kubectl --kubeconfig "$work/kubeconfig" get namespaces >/dev/null 2>&1 && break; sleep 0.1; done
kubectl --kubeconfig "$work/kubeconfig" config rename-context emulator staging >/dev/null
export KUBECONFIG="$work/kubeconfig"
kubectl apply -f "$work/seed/environments/staging/namespace.yaml" >/dev/null && kubectl apply -f "$work/seed/environments/staging" >/dev/null

# Watch, with a read token, polling the registry every minute (automation finds nothing new to release).
token=bench-read-token-0123456789abcdef
printf '%s read bench\n' "$token" > "$work/tokens"
wport=$(free_port)
$cli Watch --root "$work/jobs" --no-logo --config-repo "$url" --insecure-registries "$reg" --api-tokens-file "$work/tokens" \
  --listen "127.0.0.1:$wport" >"$work/watch.out" 2>"$work/watch.err" &
watch=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$wport/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$wport/readyz" >/dev/null || { tail -20 "$work/watch.err" >&2; exit 1; }
pid=$(pgrep -f "_build.dll Watch --root $work/jobs" | head -1)

echo "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/scripts/api-load.py "http://127.0.0.1:$wport" "$token" "$requests" 8 \
  /api/environments /api/environments/staging/services "/api/history?limit=50"
echo "Watch's peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$pid/status); load $(cut -d' ' -f1-3 /proc/loadavg)"
