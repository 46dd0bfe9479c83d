#!/usr/bin/env bash
# The global git lock as 16 CI machines meet it (issue 23): 16 UpdateConfigRepo --lock git, each job with its own workspace
# (object cache) and its own TMPDIR (so no machine queue, no hand-over between them: what separate machines have), started
# at once, against the same 16 jobs run one after another. The sides alternate within one run (the machine is shared, its
# load moves), and the medians are compared. Also in every round, the ceiling: the same 16 jobs with no lock, each on a
# repository of its own (no contention at all), at once and one after another — what this machine gains from running 16 at
# once with no lock in the way. And: one update with --lock none and with --lock git, alternated, and the connections each
# costs the git server (counted from git daemon's own log).
# Usage: bench/scripts/lock-16-machines.sh [rounds]   (from the repository root; needs git, python3)
#   BEFORE=<other checkout>/build.sh adds that build's 16 at once and one after another to every round (a "before" figure in
#   the same run); the one-update figures and connection counts are then given for it too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
rounds=${1:-5}
./build.sh --help >/dev/null            # compiles build/ if needed
cli="$root/build.sh"                    # as a CI job runs it
before=${BEFORE:-}
[[ -z $before ]] || "$before" --help >/dev/null
work=$(mktemp -d)
trap 'kill $daemon 2>/dev/null || true; rm -rf "$work"' EXIT
export NO_COLOR=1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/server"
git init -q --bare --initial-branch=main "$work/server/config.git"
git clone -q "$work/server/config.git" "$work/seed" 2>/dev/null
mkdir -p "$work/seed/environments/staging"
printf 'environments:\n  staging:\n    path: environments/staging\n    namespace: sock-shop\n' > "$work/seed/pipelines.yaml"
for i in $(seq 1 16); do
  printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: service-%s\nspec:\n  template:\n    spec:\n      containers:\n      - name: service-%s\n        image: registry.example.com/service-%s:1.0.0\n' "$i" "$i" "$i" \
    > "$work/seed/environments/staging/service-$i.yaml"
done
git -C "$work/seed" add -A && git -C "$work/seed" -c user.name=seed -c user.email=seed@x commit -qm seed && git -C "$work/seed" push -q origin HEAD:main
# --verbose: one "Request <service>" line per connection, which is how the connections are counted below.
git daemon --verbose --reuseaddr --base-path="$work/server" --export-all --enable=receive-pack --listen=127.0.0.1 --port="$port" "$work/server" \
  2>"$work/daemon.log" &
daemon=$!
sleep 0.5
url="git://127.0.0.1:$port/config.git"
pin="@sha256:$(printf '%064d' 0)"   # pinned, as PushImage records it: no registry is asked
# job <i> <tag> <lock>: machine i's job, in its own workspace and a fresh temp folder (so no machine queue file, and no
# hand-over left by an earlier job of that machine); CLI= another build, REPO= another repository.
job() {
  rm -rf "$work/tmp$1"; mkdir -p "$work/job$1/.nuke" "$work/tmp$1"
  TMPDIR="$work/tmp$1" ${CLI:-$cli} "${TARGET:-UpdateConfigRepo}" --root "$work/job$1" --no-logo --verbosity quiet --config-repo "${REPO:-$url}" --environment staging \
    --apply false --service "service-$1" --image "registry.example.com/service-$1:$2$pin" --lock "$3" >/dev/null 2>"$work/job$1.err" \
    || { echo "job $1 (${CLI:-$cli}, ${TARGET:-UpdateConfigRepo} --lock $3) failed:" >&2; cat "$work/job$1.err" >&2; return 1; }
}
now() { date +%s.%N; }
since() { python3 -c "print(round($(now) - $1, 3))"; }
median() { printf '%s\n' "$@" | sort -g | python3 -c 'import sys,statistics; print(statistics.median(float(l) for l in sys.stdin))'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
requests() { grep -c "Request $1" "$work/daemon.log" || true; }

# Every machine's workspace warm (its object cache filled), as on CI runners that ran before; and a repository each for the
# ceiling (copies of the seeded one), warm too.
for i in $(seq 1 16); do
  job "$i" "warm$RANDOM" none
  git clone -q --bare "$work/server/config.git" "$work/server/own$i.git"
  REPO="git://127.0.0.1:$port/own$i.git" job "$i" "warm$RANDOM" none
done

builds=(after); [[ -z $before ]] || builds=(before after)
cli_of() { [[ $1 == before ]] && echo "$before" || echo "$cli"; }

echo "== connections of one update (git daemon's log), warm cache: UpdateConfigRepo, and Release (--apply false)"
for build in "${builds[@]}"; do
  for target in UpdateConfigRepo Release; do
    for lock in none git; do
      : >"$work/daemon.log"; sleep 0.2
      TARGET=$target CLI=$(cli_of "$build") job 1 "count$lock$RANDOM" "$lock"; sleep 0.3   # the daemon logs as its child processes end
      echo "$build, $target --lock $lock: $(requests upload-pack) upload-pack (fetch, ls-remote), $(requests receive-pack) receive-pack (push)"
    done
  done
done

echo "== one update, --lock none vs --lock git, alternated ($((rounds * 3)) each), load $(load)"
declare -A single
for r in $(seq 1 $((rounds * 3))); do
  for build in "${builds[@]}"; do
    for lock in none git; do
      s=$(now); CLI=$(cli_of "$build") job 2 "o$r$RANDOM" "$lock"; single[$build-$lock]+="$(since "$s") "
    done
  done
done
for build in "${builds[@]}"; do
  for lock in none git; do
    # shellcheck disable=SC2086
    echo "$build, --lock $lock: median $(median ${single[$build-$lock]}) s (${single[$build-$lock]% })"
  done
done

# side <name>: one measurement of 16 jobs. <build>-at-once / <build>-one-by-one: --lock git on the shared repository;
# ceiling-at-once / ceiling-one-by-one: --lock none, each job on its own repository (nothing shared).
side() {
  local name=$1 build=${1%%-*} how=${1#*-} i pids=()
  local lock=git
  [[ $build == ceiling ]] && lock=none
  for i in $(seq 1 16); do
    local repo=$url; [[ $build == ceiling ]] && repo="git://127.0.0.1:$port/own$i.git"
    if [[ $how == at-once ]]; then REPO=$repo CLI=$(cli_of "$build") job "$i" "$name$RANDOM" "$lock" & pids+=($!)
    else REPO=$repo CLI=$(cli_of "$build") job "$i" "$name$RANDOM" "$lock"; fi
  done
  # Not a bare wait: the git daemon is a background job too. A failed job is reported (above) and the side still timed.
  [[ ${#pids[@]} -eq 0 ]] || wait "${pids[@]}" || echo "($name: a job failed)"
}
sides=(ceiling-at-once ceiling-one-by-one)
for build in "${builds[@]}"; do sides+=("$build-at-once" "$build-one-by-one"); done
declare -A took
echo "== 16 machines, ${#sides[@]} sides alternated ($rounds rounds, the order rotated each round), load $(load)"
for r in $(seq 1 "$rounds"); do
  line="round $r:"
  for k in $(seq 0 $((${#sides[@]} - 1))); do
    name=${sides[$(((k + r - 1) % ${#sides[@]}))]}
    s=$(now); side "$name"; t=$(since "$s")
    took[$name]+="$t "; line+=" $name $t s,"
  done
  echo "$line load $(load)"
done
for build in ceiling "${builds[@]}"; do
  # shellcheck disable=SC2086
  a=$(median ${took[$build-at-once]}); b=$(median ${took[$build-one-by-one]})
  echo "$build: 16 at once median $a s (${took[$build-at-once]% }), one after another median $b s (${took[$build-one-by-one]% }), ratio $(python3 -c "print(round($a / $b, 2))")"
done
# Every update landed exactly once on the shared repository: the seed, 16 warm-ups, the 4 counted ones, the single ones, and
# 32 per build per round.
expected=$((1 + 16 + 4 * ${#builds[@]} + 6 * rounds * ${#builds[@]} + 32 * rounds * ${#builds[@]}))
echo "commits on main: $(git --git-dir="$work/server/config.git" rev-list --count main) (expected $expected)"
