import Foundation
import SimKit
import Testing

@testable import HookSim

/// Engine faults that the reference model found (issue 10). Each test failed before its fix.
@Suite struct ReferenceFindingsTests {
    /// Five comments, 10 minutes apart, one webhook, one Aha! worker, service time uniform
    /// 100 ms–10 s; requests take 2 s to arrive. With `timeout`, Jira either waits (60 s) or gives
    /// up after 1 s and retries 0.5 s later.
    static func lateArrivals(timeout: SimDuration) -> Scenario {
        var d = DeliverySpec.defaults(for: .cloud)
        d.dispatchDelay = .constant(.seconds(1))
        d.timeout = timeout
        d.retryMax = 1
        d.retryBackoff = .constant(.milliseconds(500))
        return SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .cloud, issues: 10, delivery: d),
            bursts: [SmallWorld.burst(5, .comment, over: .minutes(50))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            workers: 1, service: .uniform(.milliseconds(100), .seconds(10)),
            network: NetworkSpec(latency: .constant(.seconds(2)), failureRate: 0, ackLossRate: 0))
    }

    /// Finding (a): the first attempt of each comment arrives at change + 3 s in both runs and is the
    /// first job the single worker takes for that comment (the retry arrives 1.5 s later), so each
    /// pair is first written after that attempt's own service time — the same in both runs, whatever
    /// Jira did with the delivery meanwhile. Before the fix, the run in which Jira had already moved
    /// on to attempt 2 drew the service time of attempt 2 for the late attempt 1.
    @Test func lateArrivalIsServedAsItsOwnAttempt() throws {
        let patient = try Simulator.run(Self.lateArrivals(timeout: .seconds(60))).topologies[0]
        let impatient = try Simulator.run(Self.lateArrivals(timeout: .seconds(1))).topologies[0]
        #expect(patient.value("applied") == 5)
        #expect(impatient.value("applied") == 5)
        // Jira gave up on every first attempt and retried it: the retries are redundant.
        #expect(impatient.value("deliveries.retried") == 5)
        for key in ["latency.mean", "latency.p50", "latency.max"] {
            #expect(patient.value(key) == impatient.value(key), "\(key)")
        }
    }

    /// Ten comments; every request is lost (failure rate 1) and Cloud retries twice, 20 min apart,
    /// so each delivery fails for good 40 min after its change. The run-as user's role changes at
    /// 25 min, after every dispatch (changes in the first 10 min) and before every final failure.
    static func roleChangesBeforeFailure(from: Role, to: Role) -> Scenario {
        var d = DeliverySpec.defaults(for: .cloud)
        d.dispatchDelay = .constant(.seconds(1))
        d.retryMax = 2
        d.retryBackoff = .constant(.minutes(20))
        return SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .cloud, issues: 10, delivery: d),
            bursts: [SmallWorld.burst(10, .comment, over: .minutes(9))],
            users: [UserSpec(name: "Ann", roles: [("WEB", from)])],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", runAs: "Ann")])],
            timeline: [TimelineEntry(at: .minutes(25), action: .setRole(user: "Ann", workspace: "WEB", role: to))],
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 1, ackLossRate: 0))
    }

    /// Finding (b): a delivery never processed is judged on the run-as user's rights at dispatch
    /// (DESIGN.md §3). Ann could write at dispatch, so the webhook was able and every loss is
    /// `deliveryFailed`, although she is a viewer when Jira gives up.
    @Test func neverProcessedDeliveryIsJudgedAtDispatch() throws {
        let t = try Simulator.run(Self.roleChangesBeforeFailure(from: .owner, to: .viewer)).topologies[0]
        #expect(t.value("intended") == 10)
        #expect(t.value("dropped.byReason.deliveryFailed") == 10)
        #expect(t.value("dropped.byReason.permissionDenied") == 0)
    }

    /// Finding (b), the other way: Ann was a viewer at dispatch, so no webhook was ever able and the
    /// reason is the configuration's, `permissionDenied`, although she may write when Jira gives up.
    @Test func viewerAtDispatchIsPermissionDenied() throws {
        let t = try Simulator.run(Self.roleChangesBeforeFailure(from: .viewer, to: .owner)).topologies[0]
        #expect(t.value("dropped.byReason.permissionDenied") == 10)
        #expect(t.value("dropped.byReason.deliveryFailed") == 0)
    }

    /// Finding (c): a webhook added by the timeline to an endpoint that runs as Ann joins it as Ann,
    /// even if it names Bob: one endpoint, one user. The 10 comments after it are written twice,
    /// both times by Ann; Bob (a viewer) never appears.
    @Test func addedWebhookJoinsTheEndpointsUser() throws {
        let s = SmallWorld.scenario(
            bursts: [
                SmallWorld.burst(10, .comment, at: .minutes(5), over: .minutes(5)),
                SmallWorld.burst(10, .comment, at: .minutes(40), over: .minutes(5)),
            ],
            users: [UserSpec(name: "Ann", roles: [("WEB", .owner)]), UserSpec(name: "Bob", roles: [("WEB", .viewer)])],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", runAs: "Ann")])],
            timeline: [TimelineEntry(at: .minutes(30), action: .addWebhook(SmallWorld.hook("b", runAs: "Bob")))])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("applied") == 20)
        #expect(t.value("duplicates.comments") == 10)
        #expect(t.value("writesByAuthor.Ann") == 30)
        #expect(t.value("writesByAuthor.Bob") == 0)
    }

    /// Finding (c) in the file: naming a second user for an endpoint is an error that says how to
    /// change the endpoint's user instead.
    @Test func addedWebhookNamingASecondUserIsAnError() {
        let text = RunAsEndpointTests.text(
            #"{name: "a", integration: "web"}"#,
            timeline: #"timeline: [{at: "10m", addWebhook: {name: "b", integration: "web", runAs: "Bob"}}],"#)
        do {
            _ = try ScenarioLoader.load(text: text, file: "x.json5")
            Issue.record("loaded a timeline that gives endpoint 'web' a second run-as user")
        } catch {
            #expect(error.path == "timeline[0].addWebhook.runAs")
            #expect(
                error.message.contains("whose endpoint runs as 'Ann' in topology 'one' (webhook 'a'), but names 'Bob'"))
        }
    }

    /// Findings d–h, each the smallest scenario the reference model found, with DESIGN.md's numbers
    /// (worked out in the file's header comment) as its `expect` block; each failed before its fix.
    /// d: a queue limit counts only requests that wait, not one an idle worker takes; e: an existing
    /// unlinked issue under a linked parent is out of scope (only creates are imported); f: a delete
    /// for a record that never existed is recordMissing; g: an issue created from Aha! is in scope
    /// when Jira fires; h: a delivery processed after Jira gave up is judged at processing.
    @Test(arguments: [
        "01-queue-limit-idle-worker", "02-exposure-would-import", "03-echo-create-exposure",
        "04-processed-after-jira-gave-up", "05-delete-without-record",
    ])
    func findingHoldsDesignsNumbers(name: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Corpus/ref-findings/\(name).json5").path
        let report = try Simulator.run(ScenarioLoader.load(path: path))
        let failed = report.topologies.flatMap(\.expectations).filter { !$0.passed }
        #expect(!report.topologies.flatMap(\.expectations).isEmpty)
        #expect(failed.isEmpty, "\(failed)")
    }
}
