/// The terminal summary of a scenario run: one column per topology, so an architect reads
/// the topologies side by side on the identical Jira activity.
public enum TextReport {
    /// Renders the run as an aligned table.
    /// - Parameters:
    ///   - report: the run, topologies in file order.
    ///   - scenario: the scenario that was run, for its description and durations.
    ///   - color: ANSI colour; the command line passes true only for a terminal with `NO_COLOR` unset.
    /// - Returns: lines of equal width under a short title; deterministic for the same input.
    public static func render(_ report: ScenarioReport, scenario: Scenario, color: Bool) -> String {
        let ts = report.topologies
        var out =
            "HookSim · \(report.scenario) · seed \(report.seed) · "
            + "\(scenario.duration.format()) of activity + \(scenario.drain.format()) drain\n"
        if !scenario.description.isEmpty { out += scenario.description + "\n" }
        out += "\nVerdict: " + Verdict.headline(report) + "\n"
        for line in Verdict.lines(report) { out += "  " + line + "\n" }
        out += "\n"
        guard !ts.isEmpty else { return out + "(no topology was run)\n" }
        for t in ts { out += "• " + t.answer + "\n" }
        out += "\n"
        var table = TextTable(columns: ts.map(\.topology))
        /// A row of counts where any non-zero value is harm, shown in `tone`.
        func harm(_ label: String, _ count: KeyPath<ReportFigures, Int>, _ tone: TextTable.Tone = .bad) {
            let vs = ts.map { $0.figures[keyPath: count] }
            table.row(label, vs.map(HumanFormat.count), tones: vs.map { $0 > 0 ? tone : .plain })
        }
        func counts(_ label: String, _ count: KeyPath<ReportFigures, Int>) {
            table.row(label, ts.map { HumanFormat.count($0.figures[keyPath: count]) })
        }

        table.heading("Updates")
        table.row(
            "applied / intended", ts.map(ReportRow.appliedCell),
            tones: ts.map { $0.figures.outcome.applied < $0.figures.outcome.intended ? .warn : .good })
        harm("in flight at end", \.outcome.inFlight, .warn)

        table.heading("Duplicates")
        harm("visible", \.duplicates.visible)
        harm("comments", \.duplicates.comments)
        harm("records", \.duplicates.records)
        harm("writes", \.outcome.duplicateWrites)
        harm("redundant deliveries", \.outcome.redundantDeliveries, .warn)

        table.heading("Drops")
        for (i, reason) in ReportRow.dropReasons.enumerated()
        where ts.contains(where: { $0.figures.dropped.byReason[i] > 0 }) {
            harm(reason, \.dropped.byReason[i])
        }
        harm("total", \.dropped.total)

        table.heading("Damage")
        harm("stale overwrites", \.outcome.staleOverwrites)
        harm("divergent records", \.outcome.divergentRecords)

        table.heading("Latency")
        for (label, path) in [("p50", "p50"), ("p90", "p90"), ("p99", "p99"), ("p99.9", "p999"), ("max", "max")] {
            let m = ReportRow("latency." + path, label, .duration)
            table.row(label, ts.map(m.cell), tones: ts.map { m.value(in: $0) == nil ? .dim : .plain })
        }

        table.heading("Exposure (deliveries out of scope)")
        harm("total", \.outcome.exposure, .warn)
        for hook in ReportRow.webhooks(ts) {
            let vs = ts.map { $0.figures.webhook(hook)?.exposure }
            table.row(
                hook, vs.map { $0.map(HumanFormat.count) ?? "—" },
                tones: vs.map { ($0 ?? 0) > 0 ? .warn : ($0 == nil ? .dim : .plain) })
        }

        table.heading("Load")
        counts("attempted", \.deliveries.attempted)
        counts("succeeded", \.deliveries.succeeded)
        harm("retried", \.deliveries.retried, .warn)
        harm("failed", \.deliveries.failed, .warn)
        harm("lost", \.deliveries.lost)
        harm("gave up (retries exhausted)", \.deliveries.exhausted, .warn)
        counts("in flight at end", \.deliveries.inFlight)
        if ts.contains(where: { $0.figures.deliveries.jiraUserDelayMean > 0 }) {
            table.row(
                "Jira user delay (mean)",
                ts.map { HumanFormat.duration(milliseconds: $0.figures.deliveries.jiraUserDelayMean) })
        }
        table.row("per change", ts.map { HumanFormat.decimal($0.figures.deliveries.perChange, places: 2) })
        table.row("Aha! utilization", ts.map { HumanFormat.percent($0.figures.aha.utilization) })
        counts("Aha! peak queue", \.aha.peakQueue)
        harm("Aha! 429 answers", \.aha.rateLimited, .warn)
        harm("Aha! 503 answers (outage)", \.aha.outageAnswers, .warn)

        table.heading("Per integration (applied/intended · dropped · dup writes)")
        for id in ReportRow.integrations(ts) {
            // NB: every topology of a run has figures for every integration of the scenario.
            let cells = ts.map { t -> String in
                guard let i = t.figures.integration(id) else { return "—" }
                return HumanFormat.count(i.applied) + "/" + HumanFormat.count(i.intended) + " · "
                    + HumanFormat.count(i.dropped) + " · " + HumanFormat.count(i.duplicateWrites)
            }
            let tones = ts.map { t -> TextTable.Tone in
                guard let i = t.figures.integration(id) else { return .dim }
                return i.dropped > 0 || i.duplicateWrites > 0 ? .warn : .plain
            }
            table.row(id, cells, tones: tones)
        }

        table.heading("Writes by author")
        for user in ReportRow.authors(ts) {
            let vs = ts.map { $0.figures.writes(by: user) }
            table.row(
                user, vs.map { $0.map(HumanFormat.count) ?? "—" }, tones: vs.map { ($0 ?? 0) == 0 ? .dim : .plain })
        }
        // NB: how to list the cases behind each drop count (issue 17); built by `ExplainHint`.
        return out + table.render(color: color) + ExplainHint.block(report)
    }
}
