/// The line a report prints under its drop counts, so a reader goes from a figure to its cases.
///
/// Kept here, not in the report, so the report's own code changes by one call: the report is
/// reworked elsewhere, and how `explain` is invoked belongs to `explain`.
enum ExplainHint {
    /// `list them: hooksim explain FILE --topology T --reason R --limit 20`, one line per topology
    /// and reason with drops, in topology then reason order.
    ///
    /// The file, `--set` values and seed come from the report's reproduce command (DESIGN.md §7.2),
    /// so the listed cases are those of the run the report shows.
    static func lines(_ report: ScenarioReport, limit: Int = 20) -> [String] {
        var out: [String] = []
        let base = explainBase(report)
        for t in report.topologies {
            for (i, reason) in ReportPath.dropReasons.enumerated() where t.figures.dropped.byReason[i] > 0 {
                out.append(
                    "list them: " + base + " --topology " + ScenarioReport.quotedArgument(t.topology)
                        + " --reason " + reason + " --limit \(limit)")
            }
        }
        return out
    }

    /// `hooksim explain FILE [--set …] --seed N`, from `hooksim run FILE [--set …] --seed N [--topology …]`.
    static func explainBase(_ report: ScenarioReport) -> String {
        var rest = report.command
        if rest.hasPrefix("hooksim run ") { rest.removeFirst("hooksim run ".count) }
        if let cut = rest.range(of: " --topology ") { rest = String(rest[..<cut.lowerBound]) }
        if rest.isEmpty { rest = ScenarioReport.quotedArgument(report.scenario + ".json5") + " --seed \(report.seed)" }
        return "hooksim explain " + rest
    }

    /// The lines as a block for the text report (empty when nothing was dropped).
    static func block(_ report: ScenarioReport) -> String {
        let lines = lines(report)
        return lines.isEmpty ? "" : "\n" + lines.joined(separator: "\n") + "\n"
    }
}
