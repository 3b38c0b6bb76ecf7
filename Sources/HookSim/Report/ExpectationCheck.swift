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

/// Short durations for messages: `850ms`, `12.4s`, `9m12s`, `1h2m`.
enum HumanTime {
    static func milliseconds(_ ms: Double) -> String {
        if ms < 1000 { return JSONValue.format((ms * 10).rounded() / 10) + "ms" }
        let s = ms / 1000
        if s < 60 { return JSONValue.format((s * 10).rounded() / 10) + "s" }
        let total = Int(s.rounded())
        if total < 3600 { return "\(total / 60)m\(total % 60)s" }
        return "\(total / 3600)h\((total % 3600) / 60)m"
    }
}
