import SimKit
import Testing

@testable import HookSim

/// Hand-worked cases for the engine faults found in round 2 (issue 10). Each failed before its fix.
@Suite struct EngineFixTests {
    /// A reliable network (no failures, no lost acknowledgements), capacity without limits, one
    /// webhook with a writer for every record: whatever Jira gives up on, every request still
    /// reaches Aha!, so every intended pair is applied and none is dropped.
    static func reliable(kind: JiraKind, delivery: DeliverySpec, latency: Distribution) -> Scenario {
        SmallWorld.scenario(
            jira: SmallWorld.jira(kind: kind, issues: 20, delivery: delivery),
            bursts: [
                SmallWorld.burst(40, .comment, over: .minutes(20)),
                SmallWorld.burst(40, .update, at: .minutes(2), over: .minutes(20)),
            ],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            workers: 8, service: .constant(.milliseconds(10)),
            network: NetworkSpec(latency: latency, failureRate: 0, ackLossRate: 0))
    }

    /// Finding 1: Jira stops waiting (timeout 1 s) on requests that take 100 ms–3 s to arrive. The
    /// late ones still arrive and apply their pairs; the oracle's ledger must still balance.
    @Test(arguments: [JiraKind.datacenter, .cloud])
    func lateArrivalsStillApply(kind: JiraKind) throws {
        var d = DeliverySpec.defaults(for: kind)
        d.timeout = .seconds(1)
        d.retryMax = 0
        d.dispatchDelay = .constant(.milliseconds(5))
        let s = Self.reliable(kind: kind, delivery: d, latency: .uniform(.milliseconds(100), .seconds(3)))
        let t = try Simulator.run(s).topologies[0]
        let intended = try #require(t.value("intended"))
        #expect(intended > 0)
        #expect(t.value("applied") == intended)
        #expect(t.value("dropped.total") == 0)
        // Some attempts took longer than the timeout both ways: Jira counts them failed.
        #expect(try #require(t.value("deliveries.failed")) > 0)
    }

    /// Finding 2: Data Center applies its dispatch delay. 10 min dispatch + 50 ms network + 10 ms
    /// service: no pair can be applied sooner than 600,060 ms after its change, and with constant
    /// times every one is applied exactly then (the histogram's 1% error aside).
    @Test(arguments: [DispatchMode.sync, .async])
    func datacenterDispatchDelay(mode: DispatchMode) throws {
        var d = DeliverySpec.defaults(for: .datacenter)
        d.dispatchDelay = .constant(.minutes(10))
        d.mode = mode
        d.threads = 64
        d.jqlCost = .zero
        let s = Self.reliable(kind: .datacenter, delivery: d, latency: .constant(.milliseconds(50)))
        let t = try Simulator.run(s).topologies[0]
        let p50 = try #require(t.value("latency.p50"))
        let max = try #require(t.value("latency.max"))
        #expect(abs(p50 - 600_060) <= 6_001)
        #expect(abs(max - 600_060) <= 6_001)
    }

    /// Finding 5: `queue: 0` loses an event only when every thread is busy. One change at a time
    /// (20 s apart) and four idle threads: nothing is lost.
    @Test func emptyQueueWithIdleThreadsLosesNothing() throws {
        var d = DeliverySpec.defaults(for: .datacenter)
        d.mode = .async
        d.queue = 0
        d.threads = 4
        d.commentAlsoUpdates = false  // NB: on by default for Data Center; one event per comment here
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .datacenter, issues: 10, delivery: d),
            bursts: [SmallWorld.burst(30, .comment, over: .minutes(10))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("deliveries.lost") == 0)
        #expect(t.value("deliveries.attempted") == 30)
        #expect(t.value("applied") == 30)
    }

    /// Finding 5: exposure counts only what left Jira. One thread held 10 min by each event and no
    /// queue: of 30 comments on an unintegrated project within 10 s, one is sent and 29 are lost,
    /// so the webhook exposes exactly one delivery.
    @Test func lostEventsExposeNothing() throws {
        var d = DeliverySpec.defaults(for: .datacenter)
        d.mode = .async
        d.queue = 0
        d.threads = 1
        d.dispatchDelay = .constant(.minutes(10))
        d.commentAlsoUpdates = false
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .datacenter, issues: 10, projects: ["WEB", "HR"], delivery: d),
            bursts: [SmallWorld.burst(30, .comment, project: "HR", over: .seconds(10))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("deliveries.lost") == 29)
        #expect(t.value("deliveries.attempted") == 1)
        #expect(t.value("exposure.total") == 1)
        #expect(t.value("byWebhook.a.exposure") == 1)
    }

    /// Finding 6: one webhook per version, each with a writer everywhere, on a network that loses
    /// 20% of requests. Every pair had an able webhook, so every loss is a run-time one
    /// (`deliveryFailed`), never the other version's `versionMismatch`.
    @Test func lossesAreBlamedOnTheAbleWebhook() throws {
        var d = DeliverySpec.defaults(for: .datacenter)
        d.mode = .sync
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .datacenter, issues: 20, projects: ["WEB", "OPS"], delivery: d),
            bursts: [SmallWorld.burst(80, .comment, over: .minutes(20))],
            workspaces: ["WEB", "OPS"],
            integrations: [
                IntegrationSpec(id: "web", version: .v2, workspace: "WEB", jira: "acme", project: "WEB"),
                IntegrationSpec(id: "ops", version: .v1, workspace: "OPS", jira: "acme", project: "OPS"),
            ],
            topologies: [
                TopologySpec(name: "t", webhooks: [SmallWorld.hook("v2", "web"), SmallWorld.hook("v1", "ops")])
            ],
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 0.2, ackLossRate: 0))
        let t = try Simulator.run(s).topologies[0]
        let dropped = try #require(t.value("dropped.total"))
        #expect(dropped > 0)
        #expect(t.value("dropped.byReason.deliveryFailed") == dropped)
        #expect(t.value("dropped.byReason.versionMismatch") == 0)
    }

    /// `deliveries.perChange` counts first attempts only (DESIGN.md §3). Two webhooks, every request
    /// lost and retried twice by Cloud: 3 attempts per delivery, yet 2 deliveries per change.
    @Test func perChangeExcludesRetries() throws {
        var d = DeliverySpec.defaults(for: .cloud)
        d.dispatchDelay = .constant(.seconds(1))
        d.retryMax = 2
        d.retryBackoff = .constant(.minutes(1))
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .cloud, issues: 10, delivery: d),
            bursts: [SmallWorld.burst(10, .comment, over: .minutes(5))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b")])],
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 1, ackLossRate: 0))
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("deliveries.attempted") == 60)
        #expect(t.value("deliveries.retried") == 40)
        #expect(t.value("deliveries.perChange") == 2)
    }

    /// A timeline entry naming a topology applies to that one only: the outage (1–3 min) hits the
    /// first attempt of each of the 10 comments (sent 2:00–2:31) in "b"; Cloud's retries come 5 min
    /// or more later, after it. "a" sees no outage.
    @Test func timelineEntryForOneTopology() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment, at: .minutes(2), over: .seconds(30))],
            topologies: [
                TopologySpec(name: "a", webhooks: [SmallWorld.hook("x")]),
                TopologySpec(name: "b", webhooks: [SmallWorld.hook("x")]),
            ],
            timeline: [TimelineEntry(at: .minutes(1), action: .outage(for: .minutes(2)), topology: "b")])
        let r = try Simulator.run(s)
        #expect(r.topologies[0].value("aha.outageAnswers") == 0)
        #expect(r.topologies[1].value("aha.outageAnswers") == 10)
    }

    /// `users: 0` is an error, not silently one user.
    @Test func zeroJiraUsersIsAnError() {
        let text = """
            {
              jira: [{id: "acme", users: 0, projects: [{key: "WEB", issues: 10}]}],
              aha: {workspaces: ["WEB"], users: [{name: "Ann", roles: {WEB: "owner"}}],
                    integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB"}]},
              topologies: [{name: "one", webhooks: [{name: "hook", integration: "web", runAs: "Ann"}]}],
            }
            """
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(text: text, file: "x.json5") }
        do {
            _ = try ScenarioLoader.load(text: text, file: "x.json5")
        } catch {
            #expect(error.message == "expected a whole number of at least 1, found number 0")
            #expect(error.line == 2)
        }
    }

    /// The nine drop reasons of DESIGN.md §3, in its order; every renderer has a colour for each.
    @Test func dropReasonsFollowDesign() {
        #expect(
            ReportPath.dropReasons == [
                "noWebhook", "webhookDisabled", "notSubscribed", "jqlFiltered", "versionMismatch", "permissionDenied",
                "deliveryFailed", "rateLimited", "recordMissing",
            ])
        #expect(Stage.allCases.map(\.name) == ReportPath.dropReasons)
        #expect(HTMLReport.reasonColors.count == ReportPath.dropReasons.count)
    }
}

/// Issue 11, part 5: independent sections are all read, so one round fixes a file.
@Suite struct LoaderCollectsErrorsTests {
    @Test func everyIndependentErrorIsReported() {
        let text = """
            {
              seed: -3,
              duration: "8 hours",
              network: {failureRate: 2},
              jira: [{id: "acme", projects: [{key: "WEB", issues: 10}]}],
              activity: {rate: "lots"},
              aha: {
                workspaces: ["WEB"],
                users: [{name: "Ann", roles: {WEB: "owner"}}],
                integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB"}],
              },
              topologies: [{name: "one", webhooks: [{name: "hook", integration: "web", runAs: "Ann", jql: "projct = WEB"}]}],
            }
            """
        do {
            _ = try ScenarioLoader.load(text: text, file: "x.json5")
            Issue.record("loaded a file with five errors")
        } catch {
            let all = [error] + error.others
            #expect(
                all.map(\.path) == [
                    "seed", "duration", "network.failureRate", "activity.rate", "topologies[0].webhooks[0].jql",
                ])
            #expect(all.map(\.line) == [2, 3, 4, 6, 12])
        }
    }
}
