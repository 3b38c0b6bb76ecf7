import Foundation
import HookSim

/// `hooksim-bench reference --count N --seed S [--verbose] [--out DIR]`: engine against the
/// reference model (issue 10). Draws N swarm scenarios (seeds S, S+1, …) with continuous time
/// distributions, runs every topology in both, and lists each disagreement with its seed, topology,
/// the differing keys with both values, and the scenario written to DIR (default /tmp). Disagreements
/// that vanish when the reference imitates a known engine finding are counted apart. Ends with
/// `N agreed, M disagreed (…)`; exit 1 on any unexplained disagreement. `--raw` keeps the generator's
/// constant time distributions (more topologies skipped for ties). With `--file F`, compares
/// the scenario in F as it is (to check a finding written to /work/notes/ref-findings).
func runReferenceBench(arguments: [String]) -> Int32 {
    var status: Int32 = 0
    guard let p = BenchOptions.read(BenchOptions.reference, arguments, status: &status) else { return status }
    let count = BenchOptions.count(p, "--count")
    let seed = p.defaulted("--seed", as: { UInt64($0) })
    let verbose = p.flag("--verbose")
    let raw = p.flag("--raw")
    let outDir = p.defaulted("--out")
    let file = p.value("--file")
    var out = StandardOutput()
    if let file { return compareFile(file, to: &out) }
    var agreed = 0
    var disagreed = 0
    var known = 0
    var skipped = 0
    var topologies = (agreed: 0, known: 0, skipped: 0, disagreed: 0)
    var byFinding: [String: Int] = [:]
    let start = monotonicSeconds()
    for k in 0..<count {
        let s = seed &+ UInt64(k)
        // NB: --raw keeps the generator's constant times: more ties (skipped), but constants tested too.
        let text = raw ? ScenarioGenerator.scenario(seed: s) : ReferenceScenarios.scenario(seed: s)
        let results: [ReferenceComparison.TopologyResult]
        do {
            results = ReferenceComparison.compare(try ScenarioLoader.load(text: text, file: "reference-\(s).json5"))
        } catch {
            disagreed += 1
            print("FAIL seed \(s): the scenario does not load: \(error)", to: &out)
            continue
        }
        var failures: [String] = []
        var letters: [String] = []
        for r in results {
            switch r.verdict {
            case .agreed:
                topologies.agreed += 1
            case .skipped:
                topologies.skipped += 1
            case .known(let l, let differences):
                topologies.known += 1
                for x in l where !letters.contains(x) { letters.append(x) }
                if verbose {
                    print(
                        "seed \(s) topology \(r.topology): known engine finding \(l.joined(separator: ", "))", to: &out)
                    for d in differences { print("    \(d)", to: &out) }
                }
            case .disagreed(let differences):
                topologies.disagreed += 1
                failures.append("  topology \(r.topology): \(differences.count) keys differ")
                failures += differences.map { "    \($0)" }
            case .engineFailed(let message):
                topologies.disagreed += 1
                failures.append("  topology \(r.topology): the engine failed: \(message)")
            }
        }
        if !failures.isEmpty {
            disagreed += 1
            print(
                "FAIL seed \(s) (index \(k)): reproduce with `hooksim-bench reference --count 1 --seed \(s) --verbose`",
                to: &out)
            for line in failures { print(line, to: &out) }
            let path = outDir + "/reference-\(s).json5"
            if FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
                print("  scenario written to \(path)", to: &out)
            } else {
                print("  cannot write \(path)", to: &out)
            }
        } else if !letters.isEmpty {
            known += 1
            for l in letters { byFinding[l, default: 0] += 1 }
        } else if results.allSatisfy({ $0.verdict == .skipped }) {
            skipped += 1
        } else {
            agreed += 1
            if verbose { print("seed \(s): agreed", to: &out) }
        }
        if (k + 1) % 100 == 0 && k + 1 < count {
            let seconds = monotonicSeconds() - start
            print("\(k + 1)/\(count) scenarios, \(disagreed) disagreed, \(String(format: "%.1f", seconds)) s", to: &out)
        }
    }
    let seconds = monotonicSeconds() - start
    let findings = byFinding.keys.sorted().map { "\($0) \(byFinding[$0] ?? 0)" }
    print(
        "known engine findings (scenarios): " + (findings.isEmpty ? "none met" : findings.joined(separator: ", ")),
        to: &out)
    print(
        "topologies: \(topologies.agreed) agreed, \(topologies.known) known, \(topologies.skipped) skipped (ties), "
            + "\(topologies.disagreed) disagreed; \(String(format: "%.1f", seconds)) s",
        to: &out)
    print("\(agreed) agreed, \(disagreed) disagreed (\(known) known engine findings, \(skipped) skipped)", to: &out)
    return disagreed > 0 ? 1 : 0
}

/// Compares one scenario file as written and prints every topology's verdict and differences.
func compareFile(_ path: String, to out: inout StandardOutput) -> Int32 {
    let scenario: Scenario
    do {
        scenario = try ScenarioLoader.load(path: path)
    } catch {
        print("error: \(error)", to: &out)
        return 2
    }
    var disagreed = false
    for r in ReferenceComparison.compare(scenario) {
        switch r.verdict {
        case .agreed: print("topology \(r.topology): agreed", to: &out)
        case .skipped: print("topology \(r.topology): skipped (two events at one instant)", to: &out)
        case .known(let letters, let differences):
            print("topology \(r.topology): known engine finding \(letters.joined(separator: ", "))", to: &out)
            for d in differences { print("    \(d)", to: &out) }
        case .disagreed(let differences):
            disagreed = true
            print("topology \(r.topology): disagreed", to: &out)
            for d in differences { print("    \(d)", to: &out) }
        case .engineFailed(let message):
            disagreed = true
            print("topology \(r.topology): the engine failed: \(message)", to: &out)
        }
    }
    return disagreed ? 1 : 0
}
