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

/// The report paths, in the order the report emits them — the single list that both the
/// scenario loader (to check `expect` paths) and the report code (to write and look up values) use,
/// so that an expectation can never name a measure the report does not have.
public enum ReportPath {
    /// Drop reasons in the order of DESIGN.md §3: the furthest stage reached.
    public static let dropReasons = [
        "noWebhook", "webhookDisabled", "notSubscribed", "jqlFiltered", "versionMismatch", "permissionDenied",
        "deliveryFailed", "rateLimited", "recordMissing",
    ]
    public static let latencyFields = ["count", "mean", "p50", "p90", "p95", "p99", "p999", "max"]
    public static let deliveryFields = [
        "attempted", "succeeded", "retried", "failed", "inFlight", "lost", "exhausted", "perChange", "jiraUserDelayMean",
    ]
    public static let ahaFields = ["writes", "utilization", "peakQueue", "rateLimited", "outageAnswers"]
    public static let integrationFields = ["intended", "applied", "dropped", "duplicateWrites"]
    public static let webhookFields = ["deliveries", "exposure"]

    /// Measures before the per-author, per-integration and per-webhook ones.
    public static let fixed: [ReportMeasure] =
        [
            ReportMeasure("intended"), ReportMeasure("applied"), ReportMeasure("inFlight"),
            ReportMeasure("dropped.total"),
        ]
        + dropReasons.map { ReportMeasure("dropped.byReason." + $0) }
        + [
            "duplicateWrites", "duplicates.visible", "duplicates.comments", "duplicates.records", "redundantDeliveries",
            "staleOverwrites", "divergentRecords", "exposure.total",
        ].map { ReportMeasure($0) }
        + latencyFields.map { ReportMeasure("latency." + $0, $0 == "count" ? .count : .milliseconds) }
        + deliveryFields.map {
            ReportMeasure("deliveries." + $0, $0 == "perChange" ? .ratio : $0 == "jiraUserDelayMean" ? .milliseconds : .count)
        }
        + ahaFields.map { ReportMeasure("aha." + $0, $0 == "utilization" ? .ratio : .count) }
        + [ReportMeasure("changes"), ReportMeasure("echoes"), ReportMeasure("engineEvents")]

    /// The path patterns, with `<…>` where a name from the scenario goes (for documentation).
    public static let patterns: [String] =
        fixed.map(\.path) + ["writesByAuthor.<user>"] + integrationFields.map { "byIntegration.<id>." + $0 }
        + ["byIntegration.<id>.droppedByReason.<reason>"]
        + webhookFields.map { "byWebhook.<name>." + $0 }

    /// Every measure of a report for a scenario with these Aha! users, integration ids and webhook
    /// names, in report order.
    public static func measures(users: [String], integrations: [String], webhooks: [String]) -> [ReportMeasure] {
        var out = fixed
        out += users.map { ReportMeasure("writesByAuthor." + $0) }
        for id in integrations {
            out += integrationFields.map { ReportMeasure("byIntegration.\(id).\($0)") }
            out += dropReasons.map { ReportMeasure("byIntegration.\(id).droppedByReason.\($0)") }
        }
        for name in webhooks { out += webhookFields.map { ReportMeasure("byWebhook.\(name).\($0)") } }
        return out
    }

    /// The measure a path names, or nil when it names none.
    public static func measure(
        _ path: String, users: [String], integrations: [String], webhooks: [String]
    ) -> ReportMeasure? {
        measures(users: users, integrations: integrations, webhooks: webhooks).first(where: { $0.path == path })
    }
}
