/// What every report states first (DESIGN.md §7.2): the verdict, then each expectation with ✓ or ✗
/// and its actual value. One wording for the text, Markdown and HTML reports.
enum Verdict {
    /// `PASS — 3 of 3 expectations hold`, `FAIL — 1 of 4 expectations failed`, or a note that none apply.
    static func headline(_ report: ScenarioReport) -> String {
        let all = report.topologies.flatMap(\.expectations)
        let failed = all.filter { !$0.passed }.count
        switch report.verdict {
        case "pass": return "PASS — \(all.count) of \(all.count) expectation\(all.count == 1 ? "" : "s") hold"
        case "fail": return "FAIL — \(failed) of \(all.count) expectation\(all.count == 1 ? "" : "s") failed"
        default: return "no expectations apply (add an expect block to turn this report into a check)"
        }
    }

    /// One line per topology × expectation: `✓ single: duplicates.visible == 0 (actual 0)`.
    static func lines(_ report: ScenarioReport) -> [String] {
        report.topologies.flatMap { t in
            t.expectations.map { e in
                let actual = e.actual.flatMap { a in e.unit.map { shown(a, unit: $0) } } ?? "no such measure"
                return "\(e.passed ? "✓" : "✗") \(t.topology): \(e.path) \(e.expect) (actual \(actual))"
            }
        }
    }

    /// A report value as an expectation line shows it: a time as a duration, else the number.
    static func shown(_ value: Double, unit: ReportUnit) -> String {
        unit == .milliseconds ? HumanFormat.duration(milliseconds: value) : JSONValue.format(value)
    }
}
