#!/usr/bin/env bash
# ./build.sh <targets> [--parameter value ...] — bootstrap for this repository's build (build/).
#
# 1. Start fast when nothing changed: if the compiled build is newer than everything under build/ and
#    src/ (and the repo-wide build settings), run it directly, without asking dotnet anything else.
# 2. Otherwise find a .NET SDK that satisfies global.json: the `dotnet` on PATH, else one installed
#    into .nuke/temp/dotnet-unix with the official install script; then compile build/ and run it.
# Every argument is passed through unchanged.
set -eo pipefail

# The script's folder, absolute, found without starting processes (every run pays for this part).
SCRIPT_DIR=${BASH_SOURCE[0]%/*}
[[ "$SCRIPT_DIR" == "${BASH_SOURCE[0]}" ]] && SCRIPT_DIR=.
CALLER_DIR=$PWD
CDPATH='' builtin cd -- "$SCRIPT_DIR" && SCRIPT_DIR=$PWD && builtin cd -- "$CALLER_DIR"
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
BUILD_OUTPUT="$TEMP_DIRECTORY/build-bin"
STAMP="$BUILD_OUTPUT/.stamp"                 # holds the path of the dotnet that compiled the build
DOTNET_INSTALL_DIR="$TEMP_DIRECTORY/dotnet-unix"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_MULTILEVEL_LOOKUP=0

fail() { echo "build.sh: $*" >&2; exit 1; }

# Newer than the last compile: any file or folder (a deleted file changes its folder's time) under
# build/ or src/, or the files that configure every project. bin/ and obj/ are outputs, not inputs.
sources_changed() {
  local inputs=("$SCRIPT_DIR/build" "$SCRIPT_DIR/src")
  for f in global.json Directory.Build.props Directory.Packages.props; do
    [[ -e "$SCRIPT_DIR/$f" ]] && inputs+=("$SCRIPT_DIR/$f")
  done
  [[ -n "$(find "${inputs[@]}" \( -name bin -o -name obj \) -prune -o -newer "$STAMP" -print -quit 2>/dev/null)" ]]
}


# Settings of the .NET runtime for this one short-lived process, which only environment variables can give
# (docs/benchmarks.md, "Runtime settings"): no tier-1 recompiling of hot code in the first 5 s (a run is over by
# then; a long run such as Watch tiers up after that), and no W^X double mapping of code pages. A value already in
# the environment wins. The program removes what this set from its own environment as it starts, so the dotnet,
# kubectl and git processes it runs get the environment they would have had without it.
set_runtime_settings() {
  local set=() pair dotnet_name complus_name
  for pair in TC_CallCountingDelayMs=5000 EnableWriteXorExecute=0; do
    dotnet_name=DOTNET_${pair%%=*} complus_name=COMPlus_${pair%%=*}
    if [[ -z "${!dotnet_name:-}" && -z "${!complus_name:-}" ]]; then
      export "DOTNET_$pair"
      set+=("$dotnet_name")
    fi
  done
  export PIPELINES_RUNTIME_SETTINGS="${set[*]}"
}

# Fast path: no dotnet probing, no MSBuild.
if [[ -f "$STAMP" && -f "$BUILD_OUTPUT/_build.dll" ]]; then
  read -r DOTNET_EXE < "$STAMP" || true   # written without a newline
  if [[ -x "$DOTNET_EXE" ]] && ! sources_changed; then
    set_runtime_settings
    exec "$DOTNET_EXE" "$BUILD_OUTPUT/_build.dll" "$@"
  fi
fi

sdk_version() { sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$SCRIPT_DIR/global.json" | head -n 1; }

# `dotnet --version` run from the repository honours global.json and fails when no installed SDK satisfies it.
satisfies_global_json() { (cd "$SCRIPT_DIR" && "$1" --version >/dev/null 2>&1); }

DOTNET_EXE=""
if command -v dotnet >/dev/null 2>&1 && satisfies_global_json "$(command -v dotnet)"; then
  DOTNET_EXE="$(command -v dotnet)"
elif [[ -x "$DOTNET_INSTALL_DIR/dotnet" ]] && satisfies_global_json "$DOTNET_INSTALL_DIR/dotnet"; then
  DOTNET_EXE="$DOTNET_INSTALL_DIR/dotnet"
else
  VERSION=$(sdk_version)
  echo "build.sh: no .NET SDK satisfying global.json ($VERSION, rollForward latestFeature) on PATH; installing it into .nuke/temp/dotnet-unix" >&2
  mkdir -p "$TEMP_DIRECTORY"
  INSTALL_SCRIPT="$TEMP_DIRECTORY/dotnet-install.sh"
  if ! { curl -fsSL --retry 2 "$DOTNET_INSTALL_URL" -o "$INSTALL_SCRIPT" 2>/dev/null || wget -q -O "$INSTALL_SCRIPT" "$DOTNET_INSTALL_URL" 2>/dev/null; } \
     || ! bash "$INSTALL_SCRIPT" --jsonfile "$SCRIPT_DIR/global.json" --install-dir "$DOTNET_INSTALL_DIR" --no-path >&2; then
    fail "could not install the .NET SDK (offline?). Install the .NET SDK $VERSION or a later 10.0 feature band
(https://dotnet.microsoft.com/download/dotnet/10.0, or your package manager's dotnet-sdk-10.0), put dotnet on PATH, and run this again."
  fi
  DOTNET_EXE="$DOTNET_INSTALL_DIR/dotnet"
  export DOTNET_ROOT="$DOTNET_INSTALL_DIR"
fi

# Compile build/ once, even when several build.sh start at the same time on one machine.
mkdir -p "$BUILD_OUTPUT"
exec 9>"$TEMP_DIRECTORY/build-compile.lock"
command -v flock >/dev/null 2>&1 && flock 9
if [[ ! -f "$STAMP" || ! -f "$BUILD_OUTPUT/_build.dll" ]] || sources_changed; then
  echo "build.sh: compiling build/ (sources changed since the last run)" >&2
  NEW_STAMP="$BUILD_OUTPUT/.stamp.new"
  printf '%s' "$DOTNET_EXE" > "$NEW_STAMP"   # taken before compiling, so edits made meanwhile count as changes
  # Published ReadyToRun (precompiled): every later run starts without JIT-compiling the libraries it uses.
  # 9>&-: the compile lock's descriptor is not handed down, or MSBuild's reusable worker nodes, which outlive the
  # compile by minutes, would keep the lock held and the next compile waiting for them.
  if ! COMPILE_LOG=$("$DOTNET_EXE" publish "$BUILD_PROJECT_FILE" -nologo -v:quiet -clp:NoSummary -p:PipelinesReadyToRun=true -o "$BUILD_OUTPUT" 2>&1 9>&-); then
    echo "$COMPILE_LOG" >&2
    fail "compiling build/_build.csproj failed; the errors are above."
  fi
  # Compiling creates bin/ and obj/, which changes their folders' times; those are not edits. Move the
  # stamp to now unless a source file really changed while compiling (then the next run compiles again).
  if [[ -z "$(find "$SCRIPT_DIR/build" "$SCRIPT_DIR/src" \( -name bin -o -name obj \) -prune -o -type f -newer "$NEW_STAMP" -print -quit)" ]]; then
    touch "$NEW_STAMP"
  fi
  mv -f "$NEW_STAMP" "$STAMP"
fi
exec 9>&-
set_runtime_settings
exec "$DOTNET_EXE" "$BUILD_OUTPUT/_build.dll" "$@"
