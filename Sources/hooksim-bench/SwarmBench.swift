import Foundation
import HookSim

/// `hooksim-bench swarm --count N --seed S [--verbose] [--dump FILE]`: swarm testing (issue 10).
/// Draws N random valid scenarios (seeds S, S+1, …), runs every topology of each and checks the
/// properties of `SwarmChecks`; prints every failure with its seed and the command that
/// reproduces it, and ends with `N passed, N failed`. Exit 1 on any failure. Every failing scenario
/// (or the first `--shrink N`) is shrunk before they are reported (DESIGN.md §7.3) and the
/// smallest one found is written to `--out` (default `.build/swarm-failures`).
func runSwarmBench(arguments: [String]) -> Int32 {
    var status: Int32 = 0
    guard let p = BenchOptions.read(BenchOptions.swarm, arguments, status: &status) else { return status }
    let count = BenchOptions.count(p, "--count")
    let seed = p.defaulted("--seed", as: { UInt64($0) })
    let verbose = p.flag("--verbose")
    let dump = p.value("--dump")
    let shrinkCount = p.int("--shrink") ?? Int.max
    let outDir = p.defaulted("--out")
    var passed = 0
    var failed = 0
    var byCheck: [String: Int] = [:]
    var dumped = false
    // NB: straight to the descriptor, line by line, so progress shows at once through a pipe too.
    var out = StandardOutput()
    let start = monotonicSeconds()
    for k in 0..<count {
        let s = seed &+ UInt64(k)
        let text = ScenarioGenerator.scenario(seed: s)
        let failures = SwarmChecks.check(text: text, file: "swarm-\(s).json5")
        if failures.isEmpty {
            passed += 1
            if verbose { print("seed \(s): ok", to: &out) }
        } else {
            failed += 1
            print(
                "FAIL seed \(s): reproduce with `hooksim-bench swarm --count 1 --seed \(s) --dump swarm-\(s).json5`",
                to: &out)
            for f in failures { print("  \(f)", to: &out) }
            for check in Set(failures.map(\.check)) { byCheck[check, default: 0] += 1 }
            if failed <= shrinkCount {
                shrinkFailure(text: text, seed: s, check: failures[0].check, outDir: outDir, to: &out)
            }
        }
        // NB: the first failing scenario only, so a long run does not overwrite it with a later
        // one; with --count 1 the scenario whether it fails or not, to read or edit it.
        if let dump, !dumped, !failures.isEmpty || count == 1 {
            if FileManager.default.createFile(atPath: dump, contents: Data(text.utf8)) {
                print("  scenario written to \(dump)", to: &out)
            } else {
                print("  cannot write \(dump)", to: &out)
            }
            dumped = true
        }
        if (k + 1) % 100 == 0 && k + 1 < count {
            let seconds = monotonicSeconds() - start
            print("\(k + 1)/\(count) scenarios, \(failed) failed, \(String(format: "%.1f", seconds)) s", to: &out)
        }
    }
    if !byCheck.isEmpty {
        print("failures by check (scenarios):", to: &out)
        for (check, n) in byCheck.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            print("  \(check): \(n)", to: &out)
        }
    }
    print("\(passed) passed, \(failed) failed", to: &out)
    return failed > 0 ? 1 : 0
}

/// Shrinks a failing swarm scenario to a smaller one that fails the same check, writes it to
/// `outDir/swarm-<seed>-min.json5` and says what was removed.
func shrinkFailure(text: String, seed: UInt64, check: String, outDir: String, to out: inout StandardOutput) {
    let file = "swarm-\(seed).json5"
    // NB: load, event-limit and interrupt failures are not properties to shrink toward.
    guard !["load", "eventLimit", "interrupted"].contains(check) else { return }
    let result: ShrinkResult?
    do {
        result = try ScenarioShrinker.shrink(text: text, file: file, budget: 150, swarmCheck: check)
    } catch {
        print("  cannot shrink: \(error)", to: &out)
        return
    }
    guard let result else {
        print("  cannot shrink: the failure of '\(check)' did not reproduce", to: &out)
        return
    }
    let path = outDir + "/swarm-\(seed)-min.json5"
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    let lines = result.text.split(separator: "\n", omittingEmptySubsequences: false).count
    if FileManager.default.createFile(atPath: path, contents: Data(result.text.utf8)) {
        print("  shrunk in \(result.runs) runs (\(result.steps.count) steps) to \(lines) lines: \(path)", to: &out)
    } else {
        print("  shrunk, but cannot write \(path)", to: &out)
    }
}
