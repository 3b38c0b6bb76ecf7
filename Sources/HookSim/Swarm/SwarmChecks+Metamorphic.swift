import SimKit

/// Relations between a scenario and a fault-free version of it, whose expected outcome follows
/// from DESIGN.md §2–§3 alone (issue 10): what nothing can lose is never reported lost, and twin
/// webhooks double exactly what they should.
extension SwarmChecks {
    /// Suffix of the twin each webhook gets in the doubling check.
    public static let twinSuffix = "~twin"

    /// The scenario with every fault taken away: no connection failures or lost answers, Jira waits
    /// a year for an answer, Data Center's queue never fills, Aha! has no rate or queue limit and no
    /// outage. Everything else (roles, run-as, filters, timeline changes) is kept.
    static func faultFree(_ scenario: Scenario) -> Scenario {
        var s = scenario
        s.network.failureRate = 0
        s.network.ackLossRate = 0
        for j in s.jira.indices {
            s.jira[j].delivery.timeout = .hours(24 * 365)
            s.jira[j].delivery.queue = 1 << 40
        }
        s.aha.processing.rateLimits = []
        s.aha.processing.queueLimit = nil
        s.timeline.removeAll { if case .outage = $0.action { return true } else { return false } }
        return s
    }

    /// Fault-free, nothing is lost at run time: no pair dropped as `deliveryFailed` or `rateLimited`,
    /// no attempt failed or retried, no event lost in Jira's queue, no 429 or 503 from Aha!.
    static func checkFaultFree(_ scenario: Scenario) -> [SwarmFailure] {
        let reports: [JSONValue]
        switch run(faultFree(scenario), check: "faultFree.invariant") {
        case .failure(let f): return [f]
        case .success(let r): reports = r
        }
        var failures: [SwarmFailure] = []
        for r in reports {
            for path in [
                "dropped.byReason.deliveryFailed", "dropped.byReason.rateLimited", "deliveries.failed",
                "deliveries.retried", "deliveries.lost", "aha.rateLimited", "aha.outageAnswers",
            ] {
                if let v = r.lookup(path)?.number, v != 0 {
                    failures.append(
                        SwarmFailure(
                            check: "faultFree", message: "topology '\(name(of: r))': \(path) is \(v) without faults"))
                }
            }
        }
        return failures
    }

    /// The fault-free scenario reduced to comments on the issues linked at the start: no other
    /// change kind (so no imports or deletes, and a record exists for every pair whenever a delivery
    /// comes), no echoes, no timeline (rights never change), and a drain long enough that every
    /// delivery ends.
    static func commentsOnly(_ scenario: Scenario) -> Scenario {
        var s = faultFree(scenario)
        s.activity.mix = [(.comment, 1)]
        s.activity.echoShare = 0
        for b in s.activity.bursts.indices { s.activity.bursts[b].kind = .comment }
        s.timeline = []
        s.expect = []
        s.drain = max(s.drain, .hours(24 * 30))
        s.limits.maxEvents = s.limits.maxEvents > Int.max / 8 ? Int.max : s.limits.maxEvents * 4
        return s
    }

    /// Twin webhooks (each webhook again, same endpoint, filter and events): on comments only and
    /// without faults, every pair is written by exactly twice as many deliveries, all of which reach
    /// Aha! and find their record. A pair written W times before writes W − 1 duplicate comments, and
    /// 2W − 1 with twins, so over the applied pairs:
    /// `duplicates.comments(twins) = 2 × duplicates.comments + applied`; applied, intended and every
    /// drop reason stay the same; attempts and exposure double.
    static func checkTwins(_ scenario: Scenario) -> [SwarmFailure] {
        let base = commentsOnly(scenario)
        var twins = base
        for t in twins.topologies.indices {
            twins.topologies[t].webhooks += twins.topologies[t].webhooks.map { w in
                var twin = w
                twin.name = w.name + twinSuffix
                return twin
            }
        }
        let a: [JSONValue]
        let b: [JSONValue]
        switch run(base, check: "twins.invariant") {
        case .failure(let f): return [f]
        case .success(let r): a = r
        }
        switch run(twins, check: "twins.invariant") {
        case .failure(let f): return [f]
        case .success(let r): b = r
        }
        var failures: [SwarmFailure] = []
        for (x, y) in zip(a, b) {
            func n(_ r: JSONValue, _ path: String) -> Double { r.lookup(path)?.number ?? .nan }
            // NB: a pair still in flight after a month of drain means a stuck run, not a relation to test.
            guard n(x, "inFlight") == 0 && n(y, "inFlight") == 0 else { continue }
            var expected: [(String, Double)] = [
                ("duplicates.comments", 2 * n(x, "duplicates.comments") + n(x, "applied")),
                ("deliveries.attempted", 2 * n(x, "deliveries.attempted")),
                ("exposure.total", 2 * n(x, "exposure.total")),
            ]
            for path in ["intended", "applied", "dropped.total"]
                + ReportPath.dropReasons.map({ "dropped.byReason." + $0 })
            {
                expected.append((path, n(x, path)))
            }
            for (path, want) in expected where n(y, path) != want {
                failures.append(
                    SwarmFailure(
                        check: "twins",
                        message:
                            "topology '\(name(of: x))': with twin webhooks \(path) is \(n(y, path)), expected \(want)"))
            }
        }
        return failures
    }
}
