import SimKit
import Testing

@testable import HookSim

/// The typed report: the JSON it writes (order and values) and the one conversion from `Measures`.
@Suite struct ReportFiguresTests {
    /// One user, one integration `web`, webhooks `a`, `b` and `a` again (two installations of one name).
    static func scenario() -> Scenario {
        SmallWorld.scenario(
            bursts: [],
            topologies: [
                TopologySpec(name: "t", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b"), SmallWorld.hook("a")])
            ],
            workers: 4)
    }

    /// Small measures whose report is worked out by hand below.
    static func measures() -> Measures {
        var m = Measures(users: 1, integrations: 1, span: .hours(1))
        m.oracle.changes = 10
        m.oracle.echoes = 1
        m.oracle.intended = 8
        m.oracle.applied = 6
        m.oracle.inFlight = 1
        m.oracle.dropped[3] = 1  // jqlFiltered
        m.aha.duplicateWrites = 2
        m.aha.duplicateComments = 2
        m.aha.duplicateRecords = 1
        m.aha.redundantDeliveries = 4
        m.oracle.staleOverwrites = 1
        m.oracle.divergentRecords = 1
        // NB: below 128 µs the histogram is exact: 20, 40, 60, 100 µs.
        for us in [20, 40, 60, 100] as [Int64] { m.oracle.latency.record(us) }
        m.jira.attempted = 14
        m.jira.succeeded = 11
        m.jira.retried = 2
        m.jira.failed = 3
        m.jira.lost = 1
        m.jira.attemptsInFlight = 0
        m.jira.deliveriesFailed = 1
        m.jira.userDelay.add(2)
        m.jira.userDelay.add(4)
        m.aha.writes = 9
        m.aha.busyMicroseconds = 400_000_000  // 400 s of 4 workers × 1,000 s: 10%
        m.aha.peakQueue = 5
        m.aha.rateLimited = 2
        m.aha.outageAnswers = 0
        m.aha.writesByAuthor = [9]
        m.oracle.byIntegration[0].intended = 8
        m.oracle.byIntegration[0].applied = 6
        m.oracle.byIntegration[0].dropped = 1
        m.oracle.byIntegration[0].duplicateWrites = 2
        m.oracle.byIntegration[0].droppedByReason[3] = 1
        m.jira.hookDeliveries = [3, 4, 5]
        m.jira.hookExposure = [1, 0, 2]
        m.engineEvents = 77
        return m
    }

    static func report() -> TopologyReport {
        TopologyReport(
            topology: "t", seed: 7, scenario: scenario(), hookNames: ["a", "b", "a"], m: measures(),
            end: SimTime(microseconds: 1_000_000_000))
    }

    @Test func handComputedFiguresFromSmallMeasures() {
        let f = Self.report().figures
        #expect(f.outcome.exposure == 3)  // 1 + 0 + 2
        #expect(f.dropped.total == 1)
        #expect(f.dropped.byReason == [0, 0, 0, 1, 0, 0, 0, 0, 0])
        #expect(f.duplicates.visible == 3)
        // 20, 40, 60, 100 µs: mean 55 µs; p50 is the 2nd value, p90 and above the 4th.
        #expect(
            f.latency
                == ReportFigures.Latency(
                    count: 4, mean: 0.055, p50: 0.04, p90: 0.1, p95: 0.1, p99: 0.1, p999: 0.1, max: 0.1))
        #expect(f.deliveries.perChange == 1.2)  // (14 − 2 retries) / 10 changes
        #expect(f.deliveries.jiraUserDelayMean == 3)  // (2 + 4) / 2 ms
        #expect(f.aha.utilization == 0.1)
        #expect(f.writesByAuthor == [ReportFigures.AuthorWrites(name: "Integration user", writes: 9)])
        #expect(
            f.byWebhook == [
                ReportFigures.Webhook(name: "a", deliveries: 8, exposure: 3),
                ReportFigures.Webhook(name: "b", deliveries: 4, exposure: 0),
            ])
        #expect(f.byIntegration[0].droppedByReason[3] == 1)
    }

    /// Every numeric path of the JSON, in document order, equals the order README "Reading a
    /// report" documents (DESIGN.md §6), key by key.
    @Test func jsonKeysInTheDocumentedOrder() {
        let reasons = [
            "noWebhook", "webhookDisabled", "notSubscribed", "jqlFiltered", "versionMismatch", "permissionDenied",
            "deliveryFailed", "rateLimited", "recordMissing",
        ]
        let documented =
            ["changes", "echoes", "intended", "applied", "inFlight", "dropped.total"]
            + reasons.map { "dropped.byReason." + $0 }
            + [
                "duplicateWrites", "duplicates.visible", "duplicates.comments", "duplicates.records",
                "redundantDeliveries", "staleOverwrites", "divergentRecords", "exposure.total",
            ]
            + ["count", "mean", "p50", "p90", "p95", "p99", "p999", "max"].map { "latency." + $0 }
            + [
                "attempted", "succeeded", "retried", "failed", "inFlight", "lost", "exhausted", "perChange",
                "jiraUserDelayMean",
            ]
            .map { "deliveries." + $0 }
            + ["writes", "utilization", "peakQueue", "rateLimited", "outageAnswers"].map { "aha." + $0 }
            + ["writesByAuthor.Integration user"]
            + ["intended", "applied", "dropped", "duplicateWrites"].map { "byIntegration.web." + $0 }
            + reasons.map { "byIntegration.web.droppedByReason." + $0 }
            + ["byWebhook.a.deliveries", "byWebhook.a.exposure", "byWebhook.b.deliveries", "byWebhook.b.exposure"]
            + ["engineEvents"]
        guard case .object(let members) = Self.report().json else {
            Issue.record("the report is not an object")
            return
        }
        #expect(members.map(\.0).prefix(3) == ["topology", "expectations", "answer"])
        #expect(members.map(\.0).suffix(2) == ["series", "marks"])
        var numeric: [String] = []
        func walk(_ prefix: String, _ v: JSONValue) {
            switch v {
            case .int, .double: numeric.append(prefix)
            case .object(let ms): for (k, c) in ms { walk(prefix.isEmpty ? k : prefix + "." + k, c) }
            default: break
            }
        }
        for (k, v) in members.dropFirst(3).dropLast(2) { walk(k, v) }
        #expect(numeric == documented)
    }

    /// The JSON text of the hand-computed figures: counts as integers, ratios and times as decimals.
    @Test func jsonValuesAsWritten() {
        let text = Self.report().json.rendered()
        for line in [
            "\"mean\": 0.055", "\"p50\": 0.04", "\"perChange\": 1.2", "\"jiraUserDelayMean\": 3",
            "\"utilization\": 0.1", "\"visible\": 3", "\"engineEvents\": 77", "\"exposure\": 3",
        ] {
            #expect(text.contains(line), "\(line)")
        }
    }
}
