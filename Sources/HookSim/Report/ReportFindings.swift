/// Plain-language findings drawn from a topology's report: the "what this means" lines.
///
/// The numbers alone do not tell an integration engineer which one matters; each finding names
/// the topology, the harm, and its size, so the Markdown and HTML reports say it the same way.
struct ReportFindings {
    /// One finding about one topology; `text` is plain (not escaped, not marked up).
    struct Finding: Equatable {
        var topology: String
        var text: String
    }

    /// The findings of every topology, in topology order, then in order of harm.
    static func of(_ report: ScenarioReport) -> [Finding] {
        report.topologies.flatMap { t in of(t).map { Finding(topology: t.topology, text: $0) } }
    }

    /// The findings of one topology; a topology with nothing notable gets one line saying so.
    static func of(_ t: TopologyReport) -> [String] {
        let f = t.figures
        var out: [String] = []
        let applied = f.outcome.applied
        let dupWrites = f.outcome.duplicateWrites
        let visible = f.duplicates.visible
        if dupWrites > 0, applied > 0 {
            let factor = Double(applied + dupWrites) / Double(applied)
            // NB: below 1.05× a multiplier reads as "1×"; the count of repeated writes says more.
            var line =
                factor < 1.05
                ? "writes \(HumanFormat.count(dupWrites)) updates more than once"
                : "writes each applied update \(HumanFormat.times(factor)) on average"
            if visible > 0 {
                line +=
                    " (\(HumanFormat.count(visible)) visible duplicates: \(HumanFormat.count(f.duplicates.comments))"
                    + " comments, \(HumanFormat.count(f.duplicates.records)) records)"
            }
            out.append(line)
        }
        let dropped = f.dropped.total
        if dropped > 0 {
            let reasons = zip(ReportRow.dropReasons, f.dropped.byReason).filter { $0.1 > 0 }
            // NB: a stable sort by count keeps the §3 stage order among equal counts.
            let sorted = reasons.enumerated().sorted { a, b in
                a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset
            }.map(\.element)
            let parts = sorted.map { "\($0.0) \(HumanFormat.count($0.1))" }.joined(separator: ", ")
            out.append("loses \(HumanFormat.count(dropped)) updates: \(parts)")
        }
        let lost = f.deliveries.lost
        if lost > 0 { out.append("loses \(HumanFormat.count(lost)) deliveries in a full Jira dispatch queue") }
        let stale = f.outcome.staleOverwrites
        if stale > 0 {
            out.append("has \(HumanFormat.count(stale)) stale overwrites: an older value replaced a newer one")
        }
        let divergent = f.outcome.divergentRecords
        if divergent > 0 {
            out.append("leaves \(HumanFormat.count(divergent)) records different from their Jira issue at the end")
        }
        let exposure = f.outcome.exposure
        if exposure > 0 {
            var line = "sends \(HumanFormat.count(exposure)) deliveries about issues no served integration links"
            let hooks = f.byWebhook.map { ($0.name, $0.exposure) }
            if let top = hooks.enumerated().max(by: { a, b in
                a.element.1 != b.element.1 ? a.element.1 < b.element.1 : a.offset > b.offset
            })?.element, top.1 > 0 {
                line += " (most via \(top.0))"
            }
            out.append(line)
        }
        let limited = f.aha.rateLimited
        if limited > 0 { out.append("gets \(HumanFormat.count(limited)) answers 429 from Aha! (rate or queue limit)") }
        let p99 = f.latency.p99
        if p99 >= 60_000 {
            out.append("has a p99 latency of \(HumanFormat.duration(milliseconds: p99)): 1 update in 100 arrives later")
        }
        let inFlight = f.outcome.inFlight
        if inFlight > 0 {
            out.append(
                "has \(HumanFormat.count(inFlight)) updates still in flight when the run stopped (a longer drain settles them)"
            )
        }
        if out.isEmpty {
            out.append("applies every intended update exactly once, with nothing sent out of scope")
        }
        return out
    }
}
