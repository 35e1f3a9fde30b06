#!/usr/bin/env bash
# Runs every built libFuzzer target for N seconds each; builds nothing.
#   tests/fuzz/run_fuzz.sh [SECONDS] [BUILD_DIR]
# SECONDS defaults to 60, BUILD_DIR to build-fuzz (configured with CC=clang
# CXX=clang++ -DSLUICE_FUZZ=ON). Each target starts from its seed corpus
# tests/fuzz/corpus/<name>/ when present, working in a scratch copy so the
# repository is not modified. Exit status: 0 if every target ran clean, 1 if
# any crashed (its crash-* file is kept in the artefact folder printed), 2 on
# bad usage or when nothing is built.
set -u
secs=${1:-60}
build=${2:-build-fuzz}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case $secs in ''|*[!0-9]*) echo "usage: $0 [SECONDS] [BUILD_DIR]" >&2; exit 2;; esac
[ -d "$build" ] || { echo "run_fuzz: no build directory $build" >&2; exit 2; }

mapfile -t targets < <(find "$build" -type f -perm -u+x -name 'fuzz_*' 2>/dev/null | sort)
[ ${#targets[@]} -gt 0 ] || { echo "run_fuzz: no fuzz_* binaries under $build (configure with -DSLUICE_FUZZ=ON)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sluice-fuzz.XXXXXX")
status=0
for bin in "${targets[@]}"; do
  name=$(basename "$bin")
  corpus="$work/$name/corpus"; art="$work/$name/artifacts"
  mkdir -p "$corpus" "$art"
  [ -d "$here/corpus/$name" ] && cp -r "$here/corpus/$name/." "$corpus/"
  echo "== $name: ${secs}s"
  if "$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$art/" \
        "$corpus" > "$work/$name/log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units)' "$work/$name/log" | sed "s/^/   /"
  else
    status=1
    echo "   FAILED; log and crash inputs in $work/$name" >&2
    tail -n 30 "$work/$name/log" >&2
  fi
done
[ $status -eq 0 ] && rm -rf "$work"
exit $status
