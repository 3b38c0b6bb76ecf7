import Foundation

/// The outcome of one topology's `expect` block.
public struct ExpectationOutcome: Sendable {
    public var topology: String
    public var checked: Int
    /// Human-readable breaches: `duplicates.visible == 0: got 2,000 (off by 2,000)`.
    public var failures: [String]
    public var passed: Bool { failures.isEmpty }
}

extension ScenarioReport {
    /// Evaluates the scenario's expectations against each topology's report, in file order.
    /// `"*"` applies to every topology.
    public func evaluate(_ expectations: [Expectation]) -> [ExpectationOutcome] {
        topologies.map { t in
            var outcome = ExpectationOutcome(topology: t.topology, checked: 0, failures: [])
            for e in expectations where e.topology == "*" || e.topology == t.topology {
                outcome.checked += 1
                let r = ExpectationResult(e, in: t.figures)
                guard let actual = r.actual, let unit = r.unit else {
                    outcome.failures.append("\(e.path): no such measure in the report")
                    continue
                }
                if !r.passed {
                    let shown = Verdict.shown(actual, unit: unit)
                    let off = Verdict.shown(abs(actual - e.value), unit: unit)
                    outcome.failures.append("\(e.path) \(e.text): got \(shown) (off by \(off))")
                }
            }
            return outcome
        }
    }
}
