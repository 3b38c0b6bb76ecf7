import SimKit

/// One `--expect 'PATH OP BOUND'` of `load`, like a k6 threshold: it decides the exit status.
struct LoadExpectation: Equatable, Sendable {
    var text: String
    var path: String
    var op: ComparisonOperator
    /// Milliseconds for a latency bound given as a duration.
    var bound: Double

    /// The numbers of a load report that an expectation may name (plus `requests.byStatus.<code>`
    /// and `server.<path>`).
    static let paths = [
        "requests.scheduled", "requests.sent", "requests.answered", "requests.retried", "requests.timedOut",
        "requests.failed", "rate.scheduled", "rate.achieved", "latency.count", "latency.mean", "latency.p50",
        "latency.p90", "latency.p99", "latency.p999", "latency.max",
    ]

    /// Reads `PATH OP BOUND`: a known path, an operator, a number or (for latency) a duration.
    init(_ text: String) throws(TraceError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let ops = ComparisonOperator.allCases.map(\.rawValue).joined(separator: " ")
        guard parts.count == 3, let op = ComparisonOperator(rawValue: parts[1]) else {
            throw TraceError(
                "'--expect \(text)': expected 'PATH OP BOUND' with OP one of \(ops), such as 'latency.p99 < 250ms'")
        }
        let path = parts[0]
        let byStatus =
            path.hasPrefix("requests.byStatus.") && Int(path.dropFirst(18)).map { (100...599).contains($0) } == true
        guard Self.paths.contains(path) || byStatus || (path.hasPrefix("server.") && path.count > 7) else {
            let known = (Self.paths + ["requests.byStatus.<code>", "server.<path>"]).joined(separator: ", ")
            throw TraceError("'--expect \(text)': no measure '\(path)' in a load report (measures: \(known))")
        }
        let isTime = path.hasPrefix("latency.") && path != "latency.count"
        if let n = Double(parts[2]), n.isFinite {
            bound = n
        } else if isTime, let d = try? SimDuration.parse(parts[2]) {
            bound = Double(d.microseconds) / 1000
        } else {
            throw TraceError(
                "'--expect \(text)': bound '\(parts[2])' is not a number\(isTime ? " or a duration such as 250ms" : "")"
            )
        }
        self.text = text
        self.path = path
        self.op = op
    }
}

/// What a `load` run did, in the keys DESIGN.md §7.5 names; merged exactly across shards.
struct LoadReport: Sendable {
    var scenario: String
    var target: String
    var topology: String
    /// nil for `--speed max`.
    var speed: Double?
    /// The shards this report covers (`["1/2"]`, or every shard after a merge); empty when unsharded.
    var shards: [String]
    var scheduled: Int
    var counts: LoadCounts
    var rateScheduled: Double
    var rateAchieved: Double
    var expectations: [LoadExpectation]
    /// The target's `GET /report`, when it gave one.
    var server: JSONValue?

    /// The status codes seen, in increasing order.
    var byStatus: [(code: Int, count: Int)] {
        counts.byStatus.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Each expectation with the value it found (nil: none in the report) and whether it held.
    var outcomes: [(expectation: LoadExpectation, actual: Double?, passed: Bool)] {
        let doc = json(withOutcomes: false)
        return expectations.map { e in
            var actual = doc.lookup(e.path)?.number
            if actual == nil && e.path.hasPrefix("requests.byStatus.") { actual = 0 }
            return (e, actual, actual.map { e.op.holds($0, e.bound) } ?? false)
        }
    }

    var verdict: String {
        expectations.isEmpty ? "none" : outcomes.allSatisfy(\.passed) ? "pass" : "fail"
    }

    var json: JSONValue { json(withOutcomes: true) }

    private func ms(_ us: Double) -> JSONValue { .double(us / 1000) }

    private func json(withOutcomes: Bool) -> JSONValue {
        let h = counts.latency
        let latency: JSONValue = .object([
            ("count", .int(Int(h.count))), ("mean", ms(h.mean)), ("p50", ms(h.quantile(0.5))),
            ("p90", ms(h.quantile(0.9))),
            ("p99", ms(h.quantile(0.99))), ("p999", ms(h.quantile(0.999))),
            ("max", ms(h.count > 0 ? Double(h.max) : 0)),
            (
                "histogram",
                .object([
                    ("unit", .string("us")), ("sum", .double(h.total)), ("min", .int(h.count > 0 ? Int(h.min) : 0)),
                    ("max", .int(Int(h.max))),
                    ("buckets", .array(h.indexedBuckets.map { .array([.int($0.index), .int(Int($0.count))]) })),
                ])
            ),
        ])
        var pairs: [(String, JSONValue)] = [
            ("report", .string("load")), ("scenario", .string(scenario)), ("target", .string(target)),
            ("topology", .string(topology)), ("speed", speed.map { .double($0) } ?? .string("max")),
            ("shards", .array(shards.map { .string($0) })),
            (
                "requests",
                .object([
                    ("scheduled", .int(scheduled)), ("sent", .int(counts.sent)), ("answered", .int(counts.answered)),
                    ("retried", .int(counts.retried)), ("timedOut", .int(counts.timedOut)),
                    ("failed", .int(counts.failed)),
                    ("byStatus", .object(byStatus.map { (String($0.code), .int($0.count)) })),
                ])
            ),
            ("rate", .object([("scheduled", .double(rateScheduled)), ("achieved", .double(rateAchieved))])),
            ("latency", latency),
        ]
        if withOutcomes {
            pairs.append(("verdict", .string(verdict)))
            pairs.append(
                (
                    "expectations",
                    .array(
                        outcomes.map { o in
                            .object([
                                ("expect", .string(o.expectation.text)),
                                ("actual", o.actual.map { .double($0) } ?? .null),
                                ("passed", .bool(o.passed)),
                            ])
                        })
                ))
        }
        pairs.append(("server", server ?? .null))
        return .object(pairs)
    }
}
