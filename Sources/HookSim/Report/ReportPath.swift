/// The unit a report measure is written in, which decides what bound an `expect` may give.
public enum ReportUnit: String, Sendable, Equatable, CaseIterable {
    /// A number of things (pairs, deliveries, writes).
    case count
    /// A time, in milliseconds; an `expect` bound may be a duration (`"< 1h"`).
    case milliseconds
    /// A ratio (deliveries per change, worker utilisation).
    case ratio
}

/// One measure of a topology's report: its dotted path (DESIGN.md §6, "Report JSON") and unit.
public struct ReportMeasure: Sendable, Equatable {
    public var path: String
    public var unit: ReportUnit
    public init(_ path: String, _ unit: ReportUnit = .count) {
        self.path = path
        self.unit = unit
    }
}

/// The report paths, in the order the report emits them, derived from the one key table
/// `ReportKey`: the scenario loader (to check `expect` and sweep paths) and the report code (to
/// read values) use the same list, so an expectation can never name a measure the report lacks.
public enum ReportPath {
    /// Drop reasons in the order of DESIGN.md §3: the furthest stage reached.
    public static let dropReasons = [
        "noWebhook", "webhookDisabled", "notSubscribed", "jqlFiltered", "versionMismatch", "permissionDenied",
        "deliveryFailed", "rateLimited", "recordMissing",
    ]

    /// Measures before the per-author, per-integration and per-webhook ones.
    public static let fixed: [ReportMeasure] = ReportKey.fixed.map(\.measure)

    /// The path patterns, with `<…>` where a name from the scenario goes (for documentation).
    public static let patterns: [String] =
        fixed.map(\.path) + ["writesByAuthor.<user>"]
        + ReportKey.integrationFields.map { "byIntegration.<id>." + $0.name }
        + ["byIntegration.<id>.droppedByReason.<reason>"]
        + ReportKey.webhookFields.map { "byWebhook.<name>." + $0.name }

    /// Every measure of a report for a scenario with these Aha! users, integration ids and webhook
    /// names, in report order.
    public static func measures(users: [String], integrations: [String], webhooks: [String]) -> [ReportMeasure] {
        ReportKey.all(users: users, integrations: integrations, webhooks: webhooks).map(\.measure)
    }

    /// The measure a path names, or nil when it names none.
    public static func measure(
        _ path: String, users: [String], integrations: [String], webhooks: [String]
    ) -> ReportMeasure? {
        measures(users: users, integrations: integrations, webhooks: webhooks).first(where: { $0.path == path })
    }
}
