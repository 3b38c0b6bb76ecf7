import SimKit
import Testing

@testable import HookSim

@Suite struct OracleEndToEndTests {
    /// Counts, independently of the engine, the creates that land under a parent linked by `web`:
    /// the imports the oracle should intend. Replays the activity generator on a fresh world.
    static func importableCreates(_ s: Scenario) -> Int {
        var world = JiraWorld.generate(s)
        var linked = Set<Int32>()
        let keyed = KeyedRandom(seed: s.seed)
        let spec = s.aha.integrations[0]
        for (i, issue) in world.issues.enumerated()
        where spec.recordType(for: world.typeNames[Int(issue.type)]) != nil
            && keyed.unit(Streams.link, KeyedRandom.hash(spec.id), UInt64(i)) < spec.linked
        {
            linked.insert(Int32(i))
        }
        var activity = ActivityGenerator(scenario: s, world: world)
        var count = 0
        while let c = activity.next(world: &world) {
            let issue = world.issues[Int(c.issue)]
            if c.kind == .create, issue.parent >= 0, linked.contains(issue.parent) {
                count += 1
                linked.insert(c.issue)  // imported: later creates under it import too
            }
        }
        return count
    }

    static func importScenario(webhooks: Int, workers: Int, service: SimDuration) -> Scenario {
        SmallWorld.scenario(
            jira: SmallWorld.jira(issues: 6, types: [("Epic", 0.5), ("Story", 0.5)]),
            bursts: [SmallWorld.burst(12, .create, at: .minutes(1), over: .minutes(12))],
            topologies: [TopologySpec(name: "t", webhooks: (0..<webhooks).map { SmallWorld.hook("h\($0)") })],
            workers: workers, service: .constant(service))
    }

    /// Two deliveries of one create processed at overlapping times both see "not linked" and both
    /// import: every intended import gets one duplicate record.
    @Test func importRaceDuplicatesRecords() throws {
        let s = Self.importScenario(webhooks: 2, workers: 2, service: .seconds(10))
        let expected = Self.importableCreates(s)
        #expect(expected > 0)
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("intended") == Double(expected))
        #expect(t.value("applied") == Double(expected))
        #expect(t.value("duplicates.records") == Double(expected))
    }

    /// Processed one after the other (one worker), the second delivery finds the record and
    /// imports nothing: no duplicate, but a redundant delivery per import.
    @Test func sequentialImportsDoNotDuplicate() throws {
        let s = Self.importScenario(webhooks: 2, workers: 1, service: .milliseconds(10))
        let expected = Self.importableCreates(s)
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("duplicates.records") == 0)
        #expect(t.value("redundantDeliveries") == Double(expected))
    }

    /// Common random numbers: every topology of a scenario sees the identical Jira activity, whatever
    /// its webhooks, failures and retries.
    @Test func topologiesSeeIdenticalActivity() throws {
        var s = SmallWorld.scenario(
            bursts: [],
            topologies: [
                TopologySpec(name: "one", webhooks: [SmallWorld.hook("a")]),
                TopologySpec(
                    name: "three",
                    webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b"), SmallWorld.hook("c", jql: "project = WEB")]),
                TopologySpec(name: "none", webhooks: []),
            ], network: NetworkSpec(latency: .exponential(mean: .milliseconds(200)), failureRate: 0.2, ackLossRate: 0.1)
        )
        s.activity = ActivitySpec(rate: Rate(perSecond: 0.2), echoShare: 0.1)
        let r = try Simulator.run(s)
        #expect(r.topologies[0].value("changes")! > 100)
        #expect(Set(r.topologies.map(\.activityDigest)).count == 1)
        #expect(Set(r.topologies.compactMap { $0.value("changes") }).count == 1)
        #expect(Set(r.topologies.compactMap { $0.value("intended") }).count == 1)
    }

    /// Same seed, same report — byte for byte.
    @Test func sameSeedSameBytes() throws {
        var s = SmallWorld.scenario(
            bursts: [], topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b")])],
            network: NetworkSpec(
                latency: .lognormal(median: .milliseconds(100), p99: .seconds(2)), failureRate: 0.05, ackLossRate: 0.05)
        )
        s.activity = ActivitySpec(rate: Rate(perSecond: 0.5))
        let a = try Simulator.run(s).json.rendered()
        let b = try Simulator.run(s).json.rendered()
        #expect(a == b)
        let c = try Simulator.run(s, seed: 8).json.rendered()
        #expect(a != c)
    }

    /// A varied random scenario for the property test: cloud or datacenter, failures, outages,
    /// rate limits, run-as changes, several webhooks with overlapping integrations.
    static func randomScenario(seed: UInt64) -> Scenario {
        var rng = Xoshiro256StarStar(seed: seed)
        let kind: JiraKind = rng.nextBool(probability: 0.5) ? .cloud : .datacenter
        var d = DeliverySpec.defaults(for: kind)
        d.queue = 1 + rng.nextInt(below: 20)
        d.threads = 1 + rng.nextInt(below: 3)
        d.retryMax = rng.nextInt(below: 4)
        d.retryBackoff = .uniform(.seconds(30), .minutes(3))
        if kind == .datacenter && rng.nextBool(probability: 0.3) { d.mode = .sync }
        let jira = JiraInstanceSpec(
            id: "acme", kind: kind, users: 5,
            projects: [ProjectSpec(key: "WEB", issues: 20), ProjectSpec(key: "OPS", issues: 10)], delivery: d)
        let users = [
            UserSpec(name: "bot", roles: [("*", .contributor)]),
            UserSpec(name: "pat", roles: [("WEB", .owner), ("OPS", .viewer)]),
        ]
        let integrations = [
            IntegrationSpec(
                id: "web", version: .v2, workspace: "WEB", jira: "acme", project: "WEB", linked: rng.nextUnit()),
            IntegrationSpec(
                id: "ops", version: rng.nextBool(probability: 0.5) ? .v1 : .v2, workspace: "OPS", jira: "acme",
                project: "OPS", linked: 0.7),
        ]
        var hooks: [WebhookSpec] = []
        for i in 0..<(1 + rng.nextInt(below: 3)) {
            hooks.append(
                WebhookSpec(
                    name: "h\(i)", integration: rng.nextBool(probability: 0.5) ? "web" : "ops",
                    runAs: rng.nextBool(probability: 0.7) ? "bot" : "pat", enabled: rng.nextBool(probability: 0.9)))
        }
        var timeline: [TimelineEntry] = []
        if rng.nextBool(probability: 0.5) {
            timeline.append(TimelineEntry(at: .minutes(20), action: .outage(for: .minutes(5))))
        }
        if rng.nextBool(probability: 0.5) {
            timeline.append(TimelineEntry(at: .minutes(30), action: .setRunAs(webhook: "h0", user: "pat")))
        }
        if rng.nextBool(probability: 0.3) {
            timeline.append(TimelineEntry(at: .minutes(40), action: .disable(webhook: "h0")))
        }
        return Scenario(
            name: "random", seed: seed, duration: .hours(1), drain: .minutes(rng.nextInt(below: 30)),
            jira: [jira],
            activity: ActivitySpec(
                rate: Rate(perSecond: 0.05 + rng.nextUnit() * 0.1), echoShare: 0.1,
                bursts: [BurstSpec(at: .minutes(10), count: 30, kind: .update, over: .seconds(20))]),
            network: NetworkSpec(
                latency: .exponential(mean: .milliseconds(300)), failureRate: rng.nextUnit() * 0.2,
                ackLossRate: rng.nextUnit() * 0.1),
            aha: AhaSpec(
                workspaces: ["WEB", "OPS"], users: users, integrations: integrations,
                processing: ProcessingSpec(
                    workers: 1 + rng.nextInt(below: 3), serviceTime: .exponential(mean: .milliseconds(500)),
                    queueLimit: 5 + rng.nextInt(below: 20),
                    rateLimit: rng.nextBool(probability: 0.5) ? Rate(perSecond: 1) : nil)),
            topologies: [TopologySpec(name: "t", webhooks: hooks)], timeline: timeline)
    }

    /// 200 random seeds over varied scenarios: every run keeps the oracle's invariants (the run
    /// itself throws when one breaks) and the conservation holds in the report.
    @Test(arguments: 0..<200)
    func invariantsHoldForRandomScenarios(seed: Int) throws {
        let t = try Simulator.run(Self.randomScenario(seed: UInt64(seed))).topologies[0]
        let intended = try #require(t.value("intended"))
        let settled = (t.value("applied") ?? -1) + (t.value("dropped.total") ?? -1) + (t.value("inFlight") ?? -1)
        #expect(intended == settled)
        #expect(
            (t.value("deliveries.attempted") ?? -1)
                == (t.value("deliveries.succeeded") ?? 0) + (t.value("deliveries.failed") ?? 0)
                + (t.value("deliveries.inFlight") ?? 0))
        #expect((t.value("latency.max") ?? -1) >= 0)
    }
}
