import SimKit
import Testing

@testable import HookSim

/// Swarm testing (issue 10): the generator is deterministic and only draws scenarios that load,
/// and the report checks catch a report that contradicts itself, naming exactly the broken sum.
@Suite struct SwarmTests {
    @Test func sameSeedGivesTheSameText() {
        #expect(ScenarioGenerator.scenario(seed: 7) == ScenarioGenerator.scenario(seed: 7))
        #expect(ScenarioGenerator.scenario(seed: 7) != ScenarioGenerator.scenario(seed: 8))
    }

    @Test func fiftyGeneratedScenariosLoad() throws {
        for seed: UInt64 in 1...50 {
            let text = ScenarioGenerator.scenario(seed: seed)
            let scenario = try ScenarioLoader.load(text: text, file: "swarm-\(seed).json5")
            #expect(scenario.name == "swarm-\(seed)")
            #expect(!scenario.topologies.isEmpty)
        }
    }

    /// Over 200 seeds the generator reaches every edge the issue lists: both kinds and versions,
    /// a queue of 0, 100-ish integrations, an empty topology, every timeline action, and more.
    @Test func twoHundredSeedsCoverTheEdges() throws {
        var seen = Set<String>()
        for seed: UInt64 in 1...200 {
            let s = try ScenarioLoader.load(text: ScenarioGenerator.scenario(seed: seed), file: "swarm.json5")
            for j in s.jira {
                seen.insert(j.kind.rawValue)
                if j.kind == .datacenter && j.delivery.queue == 0 { seen.insert("queue0") }
                if j.delivery.retryMax == 0 { seen.insert("retry0") }
            }
            if s.jira.count == 3 { seen.insert("3 instances") }
            for i in s.aha.integrations { seen.insert(i.version.rawValue) }
            if s.aha.integrations.count >= 50 { seen.insert("50+ integrations") }
            if s.topologies.contains(where: \.webhooks.isEmpty) { seen.insert("empty topology") }
            if s.network.ackLossRate == 0.5 { seen.insert("ackLoss 0.5") }
            if !s.aha.processing.rateLimits.isEmpty { seen.insert("rateLimit") }
            if !s.activity.bursts.isEmpty { seen.insert("burst") }
            if s.activity.echoShare > 0 { seen.insert("echoes") }
            if s.aha.integrations.contains(where: { $0.runAs != nil }) { seen.insert("integration runAs") }
            for e in s.timeline {
                if e.topology != nil { seen.insert("topology-scoped entry") }
                switch e.action {
                case .setRunAs: seen.insert("setRunAs")
                case .disable: seen.insert("disable")
                case .enable: seen.insert("enable")
                case .outage: seen.insert("outage")
                case .setRole: seen.insert("setRole")
                case .addWebhook: seen.insert("addWebhook")
                case .removeWebhook: seen.insert("removeWebhook")
                }
            }
        }
        let edges = [
            "cloud", "datacenter", "queue0", "retry0", "3 instances", "1.0", "2.0", "50+ integrations",
            "empty topology",
            "ackLoss 0.5", "rateLimit", "burst", "echoes", "setRunAs", "disable", "enable", "outage", "setRole",
            "addWebhook", "removeWebhook", "integration runAs", "topology-scoped entry",
        ]
        #expect(edges.filter { !seen.contains($0) } == [])
    }

    /// Shares are whole twentieths that add up to exactly 1.
    @Test func twentiethsAreWrittenExactly() {
        #expect(ScenarioGenerator.twentieth(0) == "0")
        #expect(ScenarioGenerator.twentieth(1) == "0.05")
        #expect(ScenarioGenerator.twentieth(7) == "0.35")
        #expect(ScenarioGenerator.twentieth(20) == "1")
        #expect(ScenarioGenerator.ms(90 * 60_000) == "\"90m\"")
        #expect(ScenarioGenerator.ms(7_200_000) == "\"2h\"")
        #expect(ScenarioGenerator.ms(1500) == "\"1500ms\"")
    }

    /// A report whose figures agree, worked out by hand: 10 intended = 6 applied + 3 dropped
    /// (1 noWebhook + 2 jqlFiltered) + 1 in flight; integrations a (7, 4, 2, 2) and b (3, 2, 1, 0)
    /// add up to the totals; exposure 3 + 1 = 4 with 5 and 2 deliveries; writes 5 + 3 = 8.
    static func report(jqlFiltered: Int = 2) -> JSONValue {
        .object([
            ("topology", .string("hand")), ("intended", .int(10)), ("applied", .int(6)), ("inFlight", .int(1)),
            (
                "dropped",
                .object([
                    ("total", .int(3)),
                    ("byReason", .object([("noWebhook", .int(1)), ("jqlFiltered", .int(jqlFiltered))])),
                ])
            ),
            ("duplicateWrites", .int(2)), ("duplicates", .object([("visible", .int(1))])),
            ("exposure", .object([("total", .int(4))])),
            (
                "latency",
                .object([
                    ("count", .int(6)), ("p50", .double(10)), ("p90", .double(20)), ("p95", .double(30)),
                    ("p99", .double(40)), ("p999", .double(50)), ("max", .double(60)),
                ])
            ),
            ("aha", .object([("writes", .int(8))])),
            ("writesByAuthor", .object([("Integration user", .int(5)), ("Pat", .int(3))])),
            (
                "byIntegration",
                .object([
                    (
                        "a",
                        .object([
                            ("intended", .int(7)), ("applied", .int(4)), ("dropped", .int(2)),
                            ("duplicateWrites", .int(2)),
                        ])
                    ),
                    (
                        "b",
                        .object([
                            ("intended", .int(3)), ("applied", .int(2)), ("dropped", .int(1)),
                            ("duplicateWrites", .int(0)),
                        ])
                    ),
                ])
            ),
            (
                "byWebhook",
                .object([
                    ("h1", .object([("deliveries", .int(5)), ("exposure", .int(3))])),
                    ("h2", .object([("deliveries", .int(2)), ("exposure", .int(1))])),
                ])
            ),
        ])
    }

    @Test func aConsistentReportPassesEveryCheck() {
        #expect(SwarmChecks.checkReport(Self.report()) == [])
    }

    @Test func byReasonOffByOneFailsExactlyThatCheck() {
        let failures = SwarmChecks.checkReport(Self.report(jqlFiltered: 3))
        #expect(
            failures == [
                SwarmFailure(check: "dropped.total", message: "topology 'hand': dropped.total 3 != sum of byReason 4")
            ])
    }

    @Test func differenceNamesTheFirstChangedValue() {
        let a = Self.report()
        let b = Self.report(jqlFiltered: 3)
        #expect(SwarmChecks.difference(a, a, ignoring: []) == nil)
        #expect(
            SwarmChecks.difference(a, b, ignoring: [])
                == "topology 'hand': dropped.byReason.jqlFiltered 2 became 3")
        #expect(SwarmChecks.difference(a, b, ignoring: ["dropped.byReason.jqlFiltered"]) == nil)
    }

    /// A shipped-size run with every check: the small world of other tests, two topologies.
    @Test func aSmallWorldPassesTheMetamorphicChecks() {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)],
            topologies: [
                TopologySpec(
                    name: "one", webhooks: [WebhookSpec(name: "h", integration: "web", runAs: "Integration user")]),
                TopologySpec(name: "none", webhooks: []),
            ])
        #expect(SwarmChecks.check(s) == [])
    }
}
