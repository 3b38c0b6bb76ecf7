#!/usr/bin/env bash
# Builds the libFuzzer targets for the JQL parser, the scenario loader and the HTTP/1.1 request
# parser, and runs each.
#   Tests/Fuzz/run.sh [SECONDS]      (default 30 per target; FUZZ_OPT=-Onone builds faster, as CI does)
# The modules are compiled with coverage instrumentation (-sanitize=fuzzer) straight from
# Sources/, the seed corpora are Tests/Fuzz/corpus-*, new inputs go to a scratch copy, and a
# crash leaves its input in fuzz-artifacts/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH="${1:-30}"
OUT=.build-fuzz
mkdir -p "$OUT" fuzz-artifacts
FLAGS=(-sanitize=fuzzer,address -parse-as-library "${FUZZ_OPT:--O}" -g -swift-version 6)

module() {  # name, dependency flags...
    local name=$1; shift
    swiftc "${FLAGS[@]}" -emit-module -emit-library -static -module-name "$name" -I "$OUT" \
        -emit-module-path "$OUT/$name.swiftmodule" -o "$OUT/lib$name.a" Sources/"$name"/*.swift Sources/"$name"/*/*.swift "$@" 2>/dev/null \
    || swiftc "${FLAGS[@]}" -emit-module -emit-library -static -module-name "$name" -I "$OUT" \
        -emit-module-path "$OUT/$name.swiftmodule" -o "$OUT/lib$name.a" $(find Sources/"$name" -name '*.swift') "$@"
}
echo "building fuzz targets in $OUT"
module SimKit
module JQL
module HTTP1
module HookSim
swiftc "${FLAGS[@]}" -I "$OUT" Tests/Fuzz/FuzzJQL.swift "$OUT/libJQL.a" -o "$OUT/fuzz-jql"
swiftc "${FLAGS[@]}" -I "$OUT" Tests/Fuzz/FuzzScenario.swift "$OUT/libHookSim.a" "$OUT/libHTTP1.a" "$OUT/libJQL.a" "$OUT/libSimKit.a" \
    -o "$OUT/fuzz-scenario"
swiftc "${FLAGS[@]}" -I "$OUT" Tests/Fuzz/FuzzHTTP.swift "$OUT/libHTTP1.a" -o "$OUT/fuzz-http"
swiftc "${FLAGS[@]}" -I "$OUT" Tests/Fuzz/FuzzRecording.swift "$OUT/libHookSim.a" "$OUT/libHTTP1.a" "$OUT/libJQL.a" "$OUT/libSimKit.a" \
    -o "$OUT/fuzz-recording"

for target in jql scenario http recording; do
    work="$OUT/corpus-$target"
    rm -rf "$work"; cp -r "Tests/Fuzz/corpus-$target" "$work"
    echo "fuzzing $target for ${SECONDS_EACH}s"
    "$OUT/fuzz-$target" "$work" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix=fuzz-artifacts/"$target"- -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Done)" || true
    if ls fuzz-artifacts/"$target"-* >/dev/null 2>&1; then
        echo "fuzz-$target found a failing input:"; ls fuzz-artifacts/"$target"-*; exit 1
    fi
done
echo "fuzzing: no crash"
