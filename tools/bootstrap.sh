#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for Sluice, builds it, and runs a job:
#   tools/bootstrap.sh demo    install what is missing, build, run `sluice demo`
#   tools/bootstrap.sh test    install, build with -Werror, run every test (ctest),
#                              then the ASan/UBSan build of the tests and the fuzz targets
#   tools/bootstrap.sh build   install and build only
# Packages come from Debian's archive only. Without root it prints the exact
# apt-get command to run and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
job=${1:-demo}
jobs=$(nproc 2>/dev/null || echo 2)

packages=(build-essential cmake ninja-build pkg-config python3 libhwloc-dev libisal-dev libssl-dev
          libbenchmark-dev ocl-icd-opencl-dev opencl-headers pocl-opencl-icd clang libclang-rt-14-dev libomp-dev libjansson-dev
          libsecp256k1-dev liblmdb-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Sluice needs these Debian packages: ${missing[*]}" >&2
    echo "Run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "== installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

total_passed=0
run_ctest() {  # dir [env...]: runs ctest there (less the tests matching $CTEST_EXCLUDE, a
               # ctest -E regex, when set), adds its test count to total_passed
  local dir=$1; shift
  local log; log=$(mktemp)
  # one test per core at a time (the end-to-end miner tests are RUN_SERIAL: they run alone)
  (cd "$dir" && env "$@" ctest --output-on-failure -j "$jobs" ${CTEST_EXCLUDE:+-E "$CTEST_EXCLUDE"}) | tee "$log"
  local rc=${PIPESTATUS[0]}
  local n; n=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -n 1)
  rm -f "$log"
  [ "$rc" -eq 0 ] || exit "$rc"
  total_passed=$((total_passed + ${n:-0}))
}

configure_build() {  # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

case "$job" in
  build)
    configure_build build -DSLUICE_WERROR=ON
    ;;
  demo)
    configure_build build -DSLUICE_WERROR=ON
    build/tools/sluice demo
    ;;
  test)
    echo "== release build (-Werror) and tests"
    configure_build build -DSLUICE_WERROR=ON
    run_ctest build
    echo "== ASan/UBSan build and tests"
    configure_build build-asan -DSLUICE_WERROR=ON -DSLUICE_SANITIZE=ON -DSLUICE_BENCH=OFF
    # Not under ASan: the two whole Tensority suites, pure matrix work that ASan slows
    # about sixfold (14 CPU-minutes of a 2-core CI on a 2 GHz Xeon guest); the release
    # run has them, and Tensority still runs sanitized in test_tensority_search and the
    # miner tests.
    CTEST_EXCLUDE='^(test_tensority|cli_tensority)$' \
      run_ctest build-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
    echo "== fuzz targets (libFuzzer, short runs)"
    CC=clang CXX=clang++ configure_build build-fuzz -DSLUICE_FUZZ=ON -DSLUICE_BENCH=OFF -DSLUICE_CUDA=OFF \
      -DSLUICE_OPENCL=OFF
    bash tests/fuzz/run_fuzz.sh "${SLUICE_FUZZ_SECONDS:-15}" build-fuzz
    fuzzers=$(find build-fuzz -type f -perm -u+x -name 'fuzz_*' | wc -l)
    echo "== summary: release and ASan/UBSan ctest runs, $fuzzers fuzz targets"
    echo "ci: $((total_passed + fuzzers)) passed, 0 failed"
    ;;
  *)
    echo "usage: tools/bootstrap.sh demo|test|build" >&2
    exit 2
    ;;
esac
