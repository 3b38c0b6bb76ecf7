#!/bin/sh
# Checks that two processes given the same seed produce byte-identical simulation results.
#
# Runs `hooksim-bench mm1` twice per seed and compares everything it prints except wall-clock
# figures (the only non-simulated numbers), then checks that a different seed gives a
# different result and that the Swift and C loops agree (--compare-c fails otherwise).
#
# Usage: .ci/check-determinism.sh [path/to/hooksim-bench]   (default: release build)
set -eu
cd "$(dirname "$0")/.."
bench="${1:-.build/release/hooksim-bench}"
if [ ! -x "$bench" ]; then swift build -c release --product hooksim-bench >/dev/null; fi

# Everything except wall seconds and events per second, which depend on the machine.
simulated() { "$bench" mm1 --customers 200000 --seed "$1" "$2" | grep -v -e '^wall seconds' -e '^events per second' -e '^c reference' -e '^swift / c' | sed -e 's/"seconds":[0-9.]*,//' -e 's/"eventsPerSecond":[0-9]*,//g' -e 's/"ratio":[0-9.]*,//' -e 's/"c":{[^}]*},//'; }

status=0
for seed in 1 7 123456789; do
    for format in --compare-c --json; do
        a=$(simulated "$seed" "$format")
        if [ "$format" = --compare-c ] && ! echo "$a" | grep -q '^identical results:    yes$'; then
            echo "FAIL: seed $seed: the Swift and C loops disagree"; status=1
        fi
        b=$(simulated "$seed" "$format")
        if [ "$a" = "$b" ]; then echo "ok: seed $seed $format: identical"; else
            echo "FAIL: seed $seed $format differs between processes"; echo "$a"; echo "$b"; status=1
        fi
    done
done
if [ "$(simulated 1 --json)" = "$(simulated 2 --json)" ]; then echo "FAIL: seeds 1 and 2 gave the same run"; status=1; fi
exit $status
