/// One key of a topology's report: its dotted path (DESIGN.md §6, "Report JSON"), its unit, and
/// how to read it from the typed figures.
///
/// The table below lists every key once, with its unit. The scenario loader checks `expect` and
/// sweep paths against it, expectations and sweeps read values through it, and `ReportPath`
/// derives its lists from it, so a key's unit cannot differ between the loader and the report.
public struct ReportKey: Sendable {
    public let path: String
    public let unit: ReportUnit
    private let read: @Sendable (ReportFigures) -> Double?

    private init(_ path: String, _ unit: ReportUnit, _ read: @escaping @Sendable (ReportFigures) -> Double?) {
        self.path = path
        self.unit = unit
        self.read = read
    }

    /// A count: a whole number of things (pairs, deliveries, writes).
    static func count(_ path: String, _ read: @escaping @Sendable (ReportFigures) -> Int) -> ReportKey {
        ReportKey(path, .count) { Double(read($0)) }
    }

    /// A ratio (deliveries per change, utilisation).
    static func ratio(_ path: String, _ read: @escaping @Sendable (ReportFigures) -> Double) -> ReportKey {
        ReportKey(path, .ratio) { read($0) }
    }

    /// A time in milliseconds: an `expect` bound on it may be a duration (`"< 250ms"`).
    static func time(_ path: String, _ read: @escaping @Sendable (ReportFigures) -> Double) -> ReportKey {
        ReportKey(path, .milliseconds) { read($0) }
    }

    /// A count of a named part (user, integration, webhook): nil when these figures have no such part.
    private static func part(_ path: String, _ read: @escaping @Sendable (ReportFigures) -> Int?) -> ReportKey {
        ReportKey(path, .count) { read($0).map(Double.init) }
    }

    /// The path and unit alone.
    public var measure: ReportMeasure { ReportMeasure(path, unit) }

    /// The key's value in these figures; nil only for a named part the figures lack (a webhook of
    /// another topology, for a `"*"` expectation).
    public func value(in figures: ReportFigures) -> Double? { read(figures) }

    /// Keys before the per-author, per-integration and per-webhook ones.
    public static let fixed: [ReportKey] =
        [
            .count("intended") { $0.outcome.intended },
            .count("applied") { $0.outcome.applied },
            .count("inFlight") { $0.outcome.inFlight },
            .count("dropped.total") { $0.dropped.total },
        ]
        + ReportPath.dropReasons.enumerated().map { i, r in .count("dropped.byReason." + r) { $0.dropped.byReason[i] } }
        + [
            .count("duplicateWrites") { $0.outcome.duplicateWrites },
            .count("duplicates.visible") { $0.duplicates.visible },
            .count("duplicates.comments") { $0.duplicates.comments },
            .count("duplicates.records") { $0.duplicates.records },
            .count("redundantDeliveries") { $0.outcome.redundantDeliveries },
            .count("staleOverwrites") { $0.outcome.staleOverwrites },
            .count("divergentRecords") { $0.outcome.divergentRecords },
            .count("exposure.total") { $0.outcome.exposure },
            .count("latency.count") { $0.latency.count },
            .time("latency.mean") { $0.latency.mean },
            .time("latency.p50") { $0.latency.p50 },
            .time("latency.p90") { $0.latency.p90 },
            .time("latency.p95") { $0.latency.p95 },
            .time("latency.p99") { $0.latency.p99 },
            .time("latency.p999") { $0.latency.p999 },
            .time("latency.max") { $0.latency.max },
            .count("deliveries.attempted") { $0.deliveries.attempted },
            .count("deliveries.succeeded") { $0.deliveries.succeeded },
            .count("deliveries.retried") { $0.deliveries.retried },
            .count("deliveries.failed") { $0.deliveries.failed },
            .count("deliveries.inFlight") { $0.deliveries.inFlight },
            .count("deliveries.lost") { $0.deliveries.lost },
            .count("deliveries.exhausted") { $0.deliveries.exhausted },
            .ratio("deliveries.perChange") { $0.deliveries.perChange },
            .time("deliveries.jiraUserDelayMean") { $0.deliveries.jiraUserDelayMean },
            .count("aha.writes") { $0.aha.writes },
            .ratio("aha.utilization") { $0.aha.utilization },
            .count("aha.peakQueue") { $0.aha.peakQueue },
            .count("aha.rateLimited") { $0.aha.rateLimited },
            .count("aha.outageAnswers") { $0.aha.outageAnswers },
            .count("changes") { $0.outcome.changes },
            .count("echoes") { $0.outcome.echoes },
            .count("engineEvents") { $0.engineEvents },
        ]

    /// The fields of `byIntegration.<id>` before its `droppedByReason`, all counts.
    static let integrationFields: [(name: String, read: @Sendable (ReportFigures.Integration) -> Int)] = [
        ("intended", { $0.intended }), ("applied", { $0.applied }), ("dropped", { $0.dropped }),
        ("duplicateWrites", { $0.duplicateWrites }),
    ]

    /// The fields of `byWebhook.<name>`, all counts.
    static let webhookFields: [(name: String, read: @Sendable (ReportFigures.Webhook) -> Int)] = [
        ("deliveries", { $0.deliveries }), ("exposure", { $0.exposure }),
    ]

    /// Every key of a report for a scenario with these Aha! users, integration ids and webhook
    /// names, in report order.
    public static func all(users: [String], integrations: [String], webhooks: [String]) -> [ReportKey] {
        var out = fixed
        out += users.map { user in .part("writesByAuthor." + user) { $0.writes(by: user) } }
        for id in integrations {
            out += integrationFields.map { f in
                .part("byIntegration.\(id).\(f.name)") { $0.integration(id).map(f.read) }
            }
            out += ReportPath.dropReasons.enumerated().map { i, r in
                .part("byIntegration.\(id).droppedByReason.\(r)") { $0.integration(id)?.droppedByReason[i] }
            }
        }
        for name in webhooks {
            out += webhookFields.map { f in .part("byWebhook.\(name).\(f.name)") { $0.webhook(name).map(f.read) } }
        }
        return out
    }

    /// Every key of these figures, in report order.
    public static func all(of figures: ReportFigures) -> [ReportKey] {
        all(
            users: figures.writesByAuthor.map(\.name), integrations: figures.byIntegration.map(\.id),
            webhooks: figures.byWebhook.map(\.name))
    }

    /// The key a path names in these figures, or nil when it names none.
    public static func named(_ path: String, in figures: ReportFigures) -> ReportKey? {
        fixed.first { $0.path == path } ?? all(of: figures).first { $0.path == path }
    }
}
