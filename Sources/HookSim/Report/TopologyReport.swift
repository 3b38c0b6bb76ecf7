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
        activityDigest = m.changeDigest
        runLength = end.sinceStart
        latencyBuckets = m.latency.buckets().map { ($0.upper / 1000, Int($0.count)) }
        let ms = { (us: Double) in JSONValue.double(us / 1000) }
        var byReason: [(String, JSONValue)] = []
        for s in Stage.allCases { byReason.append((s.name, .int(m.dropped[Int(s.rawValue)]))) }
        let workers = max(1, scenario.aha.processing.workers)
        let utilization = end.microseconds > 0 ? Double(m.busyMicroseconds) / (Double(workers) * Double(end.microseconds)) : 0
        var authors: [(String, JSONValue)] = []
        for (i, u) in scenario.aha.users.enumerated() { authors.append((u.name, .int(m.writesByAuthor[i]))) }
        var integrations: [(String, JSONValue)] = []
        for (i, spec) in scenario.aha.integrations.enumerated() {
            let c = m.byIntegration[i]
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
                deliveries += m.hookDeliveries[j]
                exposure += m.hookExposure[j]
            }
            webhooks.append((name, .object([("deliveries", .int(deliveries)), ("exposure", .int(exposure))])))
        }
        let exposure = m.hookExposure.reduce(0, +)
        // NB: first attempts only (DESIGN.md §3): amplification by the topology, not by retries.
        let perChange = m.changes > 0 ? Double(m.attempted - m.retried) / Double(m.changes) : 0
        json = .object([
            ("topology", .string(topology)),
            ("changes", .int(m.changes)),
            ("echoes", .int(m.echoes)),
            ("intended", .int(m.intended)),
            ("applied", .int(m.applied)),
            ("inFlight", .int(m.inFlight)),
            ("dropped", .object([("total", .int(m.droppedTotal)), ("byReason", .object(byReason))])),
            ("duplicateWrites", .int(m.duplicateWrites)),
            ("duplicates", .object([
                ("visible", .int(m.duplicateComments + m.duplicateRecords)),
                ("comments", .int(m.duplicateComments)), ("records", .int(m.duplicateRecords)),
            ])),
            ("redundantDeliveries", .int(m.redundantDeliveries)),
            ("staleOverwrites", .int(m.staleOverwrites)),
            ("divergentRecords", .int(m.divergentRecords)),
            ("exposure", .object([("total", .int(exposure))])),
            ("latency", .object([
                ("count", .int(Int(m.latency.count))), ("mean", ms(m.latency.mean)),
                ("p50", ms(m.latency.quantile(0.5))), ("p90", ms(m.latency.quantile(0.9))),
                ("p95", ms(m.latency.quantile(0.95))), ("p99", ms(m.latency.quantile(0.99))),
                ("p999", ms(m.latency.quantile(0.999))), ("max", ms(m.latency.count > 0 ? Double(m.latency.max) : 0)),
            ])),
            ("deliveries", .object([
                ("attempted", .int(m.attempted)), ("succeeded", .int(m.succeeded)), ("retried", .int(m.retried)),
                ("failed", .int(m.failed)), ("inFlight", .int(m.attemptsInFlight)), ("lost", .int(m.lost)),
                ("exhausted", .int(m.deliveriesFailed)), ("perChange", .double(perChange)),
                ("jiraUserDelayMean", .double(m.userDelay.mean)),
            ])),
            ("aha", .object([
                ("writes", .int(m.writes)), ("utilization", .double(utilization)), ("peakQueue", .int(m.peakQueue)),
                ("rateLimited", .int(m.rateLimited)), ("outageAnswers", .int(m.outageAnswers)),
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
