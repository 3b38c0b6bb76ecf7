import SimKit

/// The measures of one topology, in the documented key order of DESIGN.md §6.
public struct TopologyReport: Sendable {
    public var topology: String
    public var seed: UInt64
    /// Every figure a person or CI reads, typed; `json` writes them out.
    public var figures: ReportFigures
    /// Deliveries by answer, writes and queue depth per step of simulated time (DESIGN.md §7.2).
    public var series: TimeSeries
    /// The timeline entries that applied to this topology, for the charts' vertical marks.
    public var marks: [TimeMark]
    /// Simulated length of the run (activity plus drain): the span `series` covers, so a chart
    /// can put its steps on a time axis without knowing the engine's sampling rule.
    public var runLength: SimDuration
    /// One sentence answering what this topology does to the Aha! data, with names (`Answer`).
    public var answer: String
    /// Non-empty latency histogram buckets `(upper bound ms, count)`, for charts.
    public var latencyBuckets: [(upperMs: Double, count: Int)]
    /// A hash of the Jira activity this topology saw: equal for every topology of a scenario.
    public var activityDigest: UInt64

    /// The scenario's expectations that apply to this topology, evaluated, in file order.
    public var expectations: [ExpectationResult] = []

    /// A number by report path, such as `duplicates.visible` or `latency.p99` (milliseconds),
    /// read through the key table `ReportKey`; nil when the path names no measure of this report.
    public func value(_ path: String) -> Double? { ReportKey.named(path, in: figures)?.value(in: figures) }

    /// A report of these figures: the answer sentence and the expectations are worked out here.
    /// The run's reports come from `init(topology:seed:scenario:hookNames:m:end:)`, which reads `Measures`.
    init(
        topology: String, seed: UInt64, scenario: Scenario, figures: ReportFigures, series: TimeSeries,
        runLength: SimDuration, latencyBuckets: [(upperMs: Double, count: Int)], activityDigest: UInt64
    ) {
        self.topology = topology
        self.seed = seed
        self.figures = figures
        self.series = series
        marks = TimeMark.marks(scenario, topology: topology)
        self.runLength = runLength
        self.latencyBuckets = latencyBuckets
        self.activityDigest = activityDigest
        answer = Answer.sentence(
            topology: topology, figures: figures,
            integrations: scenario.aha.integrations.map { Answer.Integration(id: $0.id, workspace: $0.workspace) })
        for e in scenario.expect where e.topology == "*" || e.topology == topology {
            expectations.append(ExpectationResult(e, in: figures))
        }
    }

    /// The report as ordered JSON, in the documented key order of DESIGN.md §6.
    public var json: JSONValue {
        let list = JSONValue.array(
            expectations.map { r in
                .object([
                    ("path", .string(r.path)), ("expect", .string(r.expect)),
                    ("actual", r.actual.map { JSONValue.double($0) } ?? .null), ("passed", .bool(r.passed)),
                ])
            })
        return .object(
            [("topology", .string(topology)), ("expectations", list), ("answer", .string(answer))]
                + figures.jsonMembers
                + [
                    ("series", series.json),
                    ("marks", .array(marks.map { .object([("atMs", .int($0.atMs)), ("what", .string($0.what))]) })),
                ])
    }
}

/// One expectation as a report states it (DESIGN.md §7.2).
public struct ExpectationResult: Sendable, Equatable {
    public var path: String
    /// The bound as written: `"== 0"`, `"< 1h"`.
    public var expect: String
    /// The report's value; nil when the report has no such measure.
    public var actual: Double?
    public var passed: Bool
    /// The unit of the measure (`nil` when the report has no such measure), which decides how
    /// `actual` is shown.
    public var unit: ReportUnit?

    /// Evaluates an expectation against a topology's figures, through the key table.
    init(_ e: Expectation, in figures: ReportFigures) {
        let key = ReportKey.named(e.path, in: figures)
        let actual = key?.value(in: figures)
        self.init(
            path: e.path, expect: e.text, actual: actual, passed: actual.map { e.op.holds($0, e.value) } ?? false,
            unit: key?.unit)
    }

    public init(path: String, expect: String, actual: Double?, passed: Bool, unit: ReportUnit?) {
        self.path = path
        self.expect = expect
        self.actual = actual
        self.passed = passed
        self.unit = unit
    }
}
