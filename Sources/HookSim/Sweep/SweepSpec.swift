/// Sweep settings kept in a scenario file under `sweep`, so a capacity study is one committed file
/// and `hooksim sweep FILE` needs no flags (DESIGN.md §1, capacity planner).
public struct SweepSpec: Sendable, Equatable {
    /// The varied paths and their values, in file order: the grid is their cartesian product.
    public var vary: [SweepDimension]
    /// Replications per point; nil means the command's default.
    public var replications: Int?
    /// Measures to report; empty means `SweepMeasures.defaults`.
    public var measures: [String]

    public init(vary: [SweepDimension], replications: Int? = nil, measures: [String] = []) {
        self.vary = vary
        self.replications = replications
        self.measures = measures
    }
}

/// One axis of a sweep grid: a path into the scenario as written, and the values it takes.
public struct SweepDimension: Sendable, Equatable {
    public var path: String
    /// Values as text (`"600/h"`, `"4"`): each is set into the document and validated by the loader.
    public var values: [String]

    public init(path: String, values: [String]) {
        self.path = path
        self.values = values
    }
}

/// Measures a sweep can report: every report path, plus derived ratios a capacity planner asks for.
public enum SweepMeasures {
    /// `applied.ratio`: applied ÷ intended (1 when nothing was intended), the share of updates that arrived.
    public static let derived: [ReportMeasure] = [ReportMeasure("applied.ratio", .ratio)]

    /// What a sweep shows when no measure is chosen: delivery, duplication, loss, tail latency, load.
    public static let defaults = [
        "applied.ratio", "duplicates.visible", "dropped.total", "latency.p99", "aha.utilization",
    ]

    /// The measure `path` names for this scenario, or nil.
    public static func measure(_ path: String, in scenario: Scenario) -> ReportMeasure? {
        if let d = derived.first(where: { $0.path == path }) { return d }
        return ReportPath.measure(
            path, users: scenario.aha.users.map(\.name), integrations: scenario.aha.integrations.map(\.id),
            webhooks: webhookNames(scenario.topologies))
    }

    static func webhookNames(_ topologies: [TopologySpec]) -> [String] {
        var names: [String] = []
        for t in topologies { for w in t.webhooks where !names.contains(w.name) { names.append(w.name) } }
        return names
    }

    /// The value of a measure in one topology's report, read through the key table `ReportKey`.
    ///
    /// The loader checked `path` against the scenario; a named part one topology lacks (a webhook
    /// only another topology installs) did nothing there, so it counts 0.
    static func value(_ path: String, in report: TopologyReport) -> Double {
        let f = report.figures
        if path == "applied.ratio" {
            return f.outcome.intended > 0 ? Double(f.outcome.applied) / Double(f.outcome.intended) : 1
        }
        guard let value = ReportKey.named(path, in: f)?.value(in: f) else {
            precondition(
                path.hasPrefix("byWebhook.") || path.hasPrefix("writesByAuthor.") || path.hasPrefix("byIntegration."),
                "the loader accepts only report paths as sweep measures, not '\(path)'")
            return 0
        }
        return value
    }
}
