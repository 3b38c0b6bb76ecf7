import Foundation
import HookSim

/// `hooksim-bench swarm --count N --seed S [--verbose] [--dump FILE]`: swarm testing (issue 10).
/// Draws N random valid scenarios (seeds S, S+1, …), runs every topology of each and checks the
/// properties of `SwarmChecks`; prints every failure with its seed and the command that
/// reproduces it, and ends with `N passed, N failed`. Exit 1 on any failure.
func runSwarmBench(arguments: [String]) -> Int32 {
    let usage = "USAGE: hooksim-bench swarm [--count <n>] [--seed <s>] [--verbose] [--dump <file>]"
    var count = 100
    var seed: UInt64 = 1
    var verbose = false
    var dump: String?
    var i = 0
    func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("error: \(message)\n\(usage)\n".utf8))
        return 2
    }
    while i < arguments.count {
        let a = arguments[i]
        switch a {
        case "--verbose": verbose = true
        case "--count", "--seed", "--dump":
            guard i + 1 < arguments.count else { return fail("missing value for '\(a)'") }
            let v = arguments[i + 1]
            if a == "--dump" {
                dump = v
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
