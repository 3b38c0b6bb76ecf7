import Foundation
import HookSim

/// `hooksim-bench swarm --count N --seed S [--verbose] [--dump FILE]`: swarm testing (issue 10).
/// Draws N random valid scenarios (seeds S, S+1, …), runs every topology of each and checks the
/// properties of `SwarmChecks`; prints every failure with its seed and the command that
/// reproduces it, and ends with `N passed, N failed`. Exit 1 on any failure. Every failing scenario
/// (or the first `--shrink N`) is shrunk before they are reported (DESIGN.md §7.3) and the
/// smallest one found is written to `--out` (default `.build/swarm-failures`).
func runSwarmBench(arguments: [String]) -> Int32 {
    let usage = "USAGE: hooksim-bench swarm [--count <n>] [--seed <s>] [--verbose] [--dump <file>] [--shrink <n>] [--out <dir>]"
    var count = 100
    var seed: UInt64 = 1
    var verbose = false
    var dump: String?
    var shrinkCount = Int.max
    var outDir = ".build/swarm-failures"
    var i = 0
    func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("error: \(message)\n\(usage)\n".utf8))
        return 2
    }
    while i < arguments.count {
        let a = arguments[i]
        switch a {
        case "--verbose": verbose = true
        case "--count", "--seed", "--dump", "--shrink", "--out":
            guard i + 1 < arguments.count else { return fail("missing value for '\(a)'") }
            let v = arguments[i + 1]
            if a == "--dump" {
                dump = v
            } else if a == "--out" {
                outDir = v
            } else if a == "--shrink" {
                guard let n = Int(v), n >= 0 else { return fail("'--shrink' takes a whole number, found '\(v)'") }
                shrinkCount = n
            } else if a == "--count" {
                guard let n = Int(v), n > 0 else { return fail("'--count' takes a positive integer, found '\(v)'") }
                count = n
            } else {
                guard let s = UInt64(v) else { return fail("'--seed' takes a whole number, found '\(v)'") }
                seed = s
            }
            i += 1
        case "-h", "--help":
            print(usage)
            return 0
        default: return fail("unknown option '\(a)'")
        }
        i += 1
    }
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
