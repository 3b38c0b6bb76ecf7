import SimKit

/// The measures of one topology, in the documented key order of DESIGN.md §6.
public struct TopologyReport: Sendable {
    public var topology: String
    public var seed: UInt64
    /// The report as ordered JSON; every figure a person or CI reads comes from here.
    public var json: JSONValue
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

    /// A number by report path, such as `duplicates.visible` or `latency.p99` (milliseconds).
    public func value(_ path: String) -> Double? { json.lookup(path)?.number }

    init(topology: String, seed: UInt64, scenario: Scenario, hookNames: [String], m: Measures, end: SimTime) {
        self.topology = topology
        self.seed = seed
        series = m.series
        marks = TimeMark.marks(scenario, topology: topology)
        activityDigest = m.oracle.changeDigest
        runLength = end.sinceStart
        latencyBuckets = m.oracle.latency.buckets().map { ($0.upper / 1000, Int($0.count)) }
        let ms = { (us: Double) in JSONValue.double(us / 1000) }
        var byReason: [(String, JSONValue)] = []
        for s in Stage.allCases { byReason.append((s.name, .int(m.oracle.dropped[Int(s.rawValue)]))) }
        let workers = max(1, scenario.aha.processing.workers)
        let utilization = end.microseconds > 0 ? Double(m.aha.busyMicroseconds) / (Double(workers) * Double(end.microseconds)) : 0
        var authors: [(String, JSONValue)] = []
        for (i, u) in scenario.aha.users.enumerated() { authors.append((u.name, .int(m.aha.writesByAuthor[i]))) }
        var integrations: [(String, JSONValue)] = []
        for (i, spec) in scenario.aha.integrations.enumerated() {
            let c = m.oracle.byIntegration[i]
            integrations.append((spec.id, .object([
                ("intended", .int(c.intended)), ("applied", .int(c.applied)), ("dropped", .int(c.dropped)),
                ("duplicateWrites", .int(c.duplicateWrites)),
                ("droppedByReason", .object(Stage.allCases.map { ($0.name, .int(c.droppedByReason[Int($0.rawValue)])) })),
            ])))
        }
        var webhooks: [(String, JSONValue)] = []
        for name in hookNames where !webhooks.contains(where: { $0.0 == name }) {
            var deliveries = 0, exposure = 0
            for (j, other) in hookNames.enumerated() where other == name {
                deliveries += m.jira.hookDeliveries[j]
                exposure += m.jira.hookExposure[j]
            }
            webhooks.append((name, .object([("deliveries", .int(deliveries)), ("exposure", .int(exposure))])))
        }
        let exposure = m.jira.hookExposure.reduce(0, +)
        // NB: first attempts only (DESIGN.md §3): amplification by the topology, not by retries.
        let perChange = m.oracle.changes > 0 ? Double(m.jira.attempted - m.jira.retried) / Double(m.oracle.changes) : 0
        json = .object([
            ("topology", .string(topology)),
            ("changes", .int(m.oracle.changes)),
            ("echoes", .int(m.oracle.echoes)),
            ("intended", .int(m.oracle.intended)),
            ("applied", .int(m.oracle.applied)),
            ("inFlight", .int(m.oracle.inFlight)),
            ("dropped", .object([("total", .int(m.oracle.droppedTotal)), ("byReason", .object(byReason))])),
            ("duplicateWrites", .int(m.aha.duplicateWrites)),
            ("duplicates", .object([
                ("visible", .int(m.aha.duplicateComments + m.aha.duplicateRecords)),
                ("comments", .int(m.aha.duplicateComments)), ("records", .int(m.aha.duplicateRecords)),
            ])),
            ("redundantDeliveries", .int(m.aha.redundantDeliveries)),
            ("staleOverwrites", .int(m.oracle.staleOverwrites)),
            ("divergentRecords", .int(m.oracle.divergentRecords)),
            ("exposure", .object([("total", .int(exposure))])),
            ("latency", .object([
                ("count", .int(Int(m.oracle.latency.count))), ("mean", ms(m.oracle.latency.mean)),
                ("p50", ms(m.oracle.latency.quantile(0.5))), ("p90", ms(m.oracle.latency.quantile(0.9))),
                ("p95", ms(m.oracle.latency.quantile(0.95))), ("p99", ms(m.oracle.latency.quantile(0.99))),
                ("p999", ms(m.oracle.latency.quantile(0.999))), ("max", ms(m.oracle.latency.count > 0 ? Double(m.oracle.latency.max) : 0)),
            ])),
            ("deliveries", .object([
                ("attempted", .int(m.jira.attempted)), ("succeeded", .int(m.jira.succeeded)), ("retried", .int(m.jira.retried)),
                ("failed", .int(m.jira.failed)), ("inFlight", .int(m.jira.attemptsInFlight)), ("lost", .int(m.jira.lost)),
                ("exhausted", .int(m.jira.deliveriesFailed)), ("perChange", .double(perChange)),
                ("jiraUserDelayMean", .double(m.jira.userDelay.mean)),
            ])),
            ("aha", .object([
                ("writes", .int(m.aha.writes)), ("utilization", .double(utilization)), ("peakQueue", .int(m.aha.peakQueue)),
                ("rateLimited", .int(m.aha.rateLimited)), ("outageAnswers", .int(m.aha.outageAnswers)),
            ])),
            ("writesByAuthor", .object(authors)),
            ("byIntegration", .object(integrations)),
            ("byWebhook", .object(webhooks)),
            ("engineEvents", .int(m.engineEvents)),
            ("series", m.series.json),
            ("marks", .array(marks.map { .object([("atMs", .int($0.atMs)), ("what", .string($0.what))]) })),
        ])
        answer = Answer.sentence(
            topology: topology, json: json,
            integrations: scenario.aha.integrations.map { Answer.Integration(id: $0.id, workspace: $0.workspace) })
        for e in scenario.expect where e.topology == "*" || e.topology == topology {
            let actual = value(e.path)
            expectations.append(
                ExpectationResult(path: e.path, expect: e.text, actual: actual, passed: actual.map { e.op.holds($0, e.value) } ?? false))
        }
        if case .object(var members) = json {
            let list = JSONValue.array(expectations.map { r in
                .object([
                    ("path", .string(r.path)), ("expect", .string(r.expect)),
                    ("actual", r.actual.map { JSONValue.double($0) } ?? .null), ("passed", .bool(r.passed)),
                ])
            })
            members.insert(("expectations", list), at: 1)
            members.insert(("answer", .string(answer)), at: 2)
            json = .object(members)
        }
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
}
