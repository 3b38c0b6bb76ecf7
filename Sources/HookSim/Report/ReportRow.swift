/// One measure a report table shows: its key in the report (`ReportKey`), how to print it, and
/// which direction is better.
///
/// Every renderer (text, Markdown, HTML, comparison) reads the same list, so the four outputs
/// never disagree on what a row means or how it is rounded.
struct ReportRow: Sendable {
    /// How a value is printed.
    enum Kind: Sendable {
        /// A whole count, with thousands separators.
        case count
        /// Milliseconds, printed as a human duration.
        case duration
        /// A ratio 0…1, printed as a percentage.
        case percent
        /// A plain number with two decimals (deliveries per change).
        case ratio
    }

    /// Which value of a row is the best one, for marking comparisons.
    enum Better: Sendable { case lower, higher, neither }

    var key: ReportKey
    var label: String
    var kind: Kind
    var better: Better

    var path: String { key.path }

    /// A row of one of the fixed keys (`ReportKey.fixed`); `kind` must agree with the key's unit.
    init(_ path: String, _ label: String, _ kind: Kind = .count, _ better: Better = .lower) {
        guard let key = ReportKey.fixed.first(where: { $0.path == path }) else {
            preconditionFailure("a report row names a fixed report key, not '\(path)'")
        }
        let units: [Kind: ReportUnit] = [.count: .count, .duration: .milliseconds, .percent: .ratio, .ratio: .ratio]
        precondition(units[kind] == key.unit, "row '\(path)' prints a \(key.unit) as \(kind)")
        self.key = key
        self.label = label
        self.kind = kind
        self.better = better
    }

    /// The measure's value in one topology; nil for a time when no update was applied, because
    /// the report's 0 there means "nothing measured", not "instant".
    func value(in t: TopologyReport) -> Double? {
        if kind == .duration, t.figures.latency.count == 0 { return nil }
        guard let v = key.value(in: t.figures) else { preconditionFailure("a fixed key has a value in every report") }
        return v
    }

    /// The measure in one topology as a person reads it, `—` when there is nothing to show.
    func cell(_ t: TopologyReport) -> String { value(in: t).map(format) ?? "—" }

    /// The value as a person reads it.
    func format(_ value: Double) -> String {
        switch kind {
        case .count: return HumanFormat.count(value)
        case .duration: return HumanFormat.duration(milliseconds: value)
        case .percent: return HumanFormat.percent(value)
        case .ratio: return HumanFormat.decimal(value, places: 2)
        }
    }

    /// A signed difference from a baseline, with the real minus sign: `+20`, `−3`, `+1.2s`, `−5.0%`.
    func formatDelta(_ delta: Double) -> String {
        let sign = delta < 0 ? "−" : "+"
        var body = format(abs(delta))
        if kind == .percent { body = HumanFormat.decimal(abs(delta) * 100, places: 1) + "pt" }
        return sign + body
    }

    /// The value at the precision it is printed with, so a difference is taken between the
    /// figures a reader sees (0.99 and 0.98 differ by 0.01, never by a printed 0.00).
    func printedPrecision(_ v: Double) -> Double {
        switch kind {
        case .count: return v.rounded()
        case .ratio: return (v * 100).rounded() / 100
        case .percent: return (v * 1000).rounded() / 1000
        case .duration: return v
        }
    }

    /// Whether two values print the same: differences below the printed precision are not differences.
    func same(_ a: Double, _ b: Double) -> Bool { format(a) == format(b) }

    /// The measures of the summary and comparison tables, in reading order: outcome first,
    /// then harm (duplicates, drops, damage), then speed, then load.
    static let summary: [ReportRow] = [
        ReportRow("intended", "intended updates", .count, .neither),
        ReportRow("applied", "applied", .count, .higher),
        ReportRow("inFlight", "in flight at end"),
        ReportRow("dropped.total", "dropped"),
        ReportRow("duplicates.visible", "visible duplicates"),
        ReportRow("duplicates.comments", "duplicate comments"),
        ReportRow("duplicates.records", "duplicate records"),
        ReportRow("duplicateWrites", "duplicate writes"),
        ReportRow("redundantDeliveries", "redundant deliveries"),
        ReportRow("staleOverwrites", "stale overwrites"),
        ReportRow("divergentRecords", "divergent records"),
        ReportRow("exposure.total", "exposure (out of scope)"),
        ReportRow("latency.mean", "latency mean", .duration),
        ReportRow("latency.p50", "latency p50", .duration),
        ReportRow("latency.p90", "latency p90", .duration),
        ReportRow("latency.p99", "latency p99", .duration),
        ReportRow("latency.p999", "latency p99.9", .duration),
        ReportRow("latency.max", "latency max", .duration),
        ReportRow("deliveries.attempted", "deliveries attempted"),
        ReportRow("deliveries.succeeded", "deliveries succeeded", .count, .neither),
        ReportRow("deliveries.retried", "deliveries retried"),
        ReportRow("deliveries.failed", "deliveries failed"),
        ReportRow("deliveries.lost", "deliveries lost"),
        ReportRow("deliveries.exhausted", "deliveries given up"),
        ReportRow("deliveries.inFlight", "deliveries in flight at end"),
        ReportRow("deliveries.jiraUserDelayMean", "Jira user delay (mean)", .duration),
        ReportRow("deliveries.perChange", "deliveries per change", .ratio),
        ReportRow("aha.writes", "Aha! writes", .count, .neither),
        ReportRow("aha.utilization", "Aha! utilization", .percent),
        ReportRow("aha.peakQueue", "Aha! peak queue"),
        ReportRow("aha.rateLimited", "Aha! 429 answers"),
        ReportRow("aha.outageAnswers", "Aha! 503 answers (outage)"),
    ]

    /// Drop reasons in the order of DESIGN.md §3 (the stage a pair reached).
    static let dropReasons = ReportPath.dropReasons

    /// The drop reasons with a loss in any of the reports, in stage order, with their index in
    /// `ReportFigures.Dropped.byReason`.
    static func droppedReasons(_ ts: [TopologyReport]) -> [(index: Int, name: String)] {
        dropReasons.enumerated().filter { r in ts.contains { $0.figures.dropped.byReason[r.offset] > 0 } }
            .map { ($0.offset, $0.element) }
    }

    /// The rows of the per-integration tables: label, count, and whether a non-zero count is harm.
    static let integrationRows: [(label: String, read: @Sendable (ReportFigures.Integration) -> Int, harmful: Bool)] =
        ReportKey.integrationFields.map { f in
            let label = f.name == "duplicateWrites" ? "duplicate writes" : f.name
            return (label, f.read, f.name == "dropped" || f.name == "duplicateWrites")
        }

    /// The keys of an object in report JSON, in report order (never hash order); the swarm's
    /// checks compare whole documents.
    static func keys(_ json: JSONValue, _ path: String) -> [String] {
        guard case .object(let pairs)? = json.lookup(path) else { return [] }
        return pairs.map(\.0)
    }

    /// Names over several reports, in order of first appearance: webhooks differ per topology.
    static func union(_ reports: [TopologyReport], _ names: (ReportFigures) -> [String]) -> [String] {
        var out: [String] = []
        for r in reports { for k in names(r.figures) where !out.contains(k) { out.append(k) } }
        return out
    }

    /// The webhook names of several reports, in order of first appearance.
    static func webhooks(_ reports: [TopologyReport]) -> [String] { union(reports) { $0.byWebhook.map(\.name) } }

    /// The integration ids of several reports, in order of first appearance.
    static func integrations(_ reports: [TopologyReport]) -> [String] { union(reports) { $0.byIntegration.map(\.id) } }

    /// The Aha! users of several reports, in order of first appearance.
    static func authors(_ reports: [TopologyReport]) -> [String] { union(reports) { $0.writesByAuthor.map(\.name) } }

    /// `applied / intended (p%)`, the headline figure of each topology.
    static func appliedCell(_ r: TopologyReport) -> String {
        let applied = Double(r.figures.outcome.applied)
        let intended = Double(r.figures.outcome.intended)
        let share = intended > 0 ? " (" + HumanFormat.percent(applied / intended) + ")" : ""
        return HumanFormat.count(applied) + " / " + HumanFormat.count(intended) + share
    }
}
