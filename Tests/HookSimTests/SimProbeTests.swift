import JQL
import SimKit
import Testing

@testable import HookSim

/// The probe sees every decision, attempt, processing and settlement of a run, with what the report
/// counts, so `trace` and `explain` can be built on it.
@Suite struct SimProbeTests {
    final class Recorder: SimProbe {
        var changes = 0
        var decisions: [HookDecision] = []
        var attempts: [(DeliveryKey, Int, SimTime, AttemptFate)] = []
        var arrivals: [Int16] = []
        var done: [Stage?] = []
        var outcomes: [PairOutcome] = []
        var settled: [(appliedAt: Int64?, stage: Stage)] = []
        var timeline: [Int] = []

        func change(_ change: Change, pairs: [Int32], world: JiraWorld) { changes += 1 }
        func decision(_ key: DeliveryKey, _ decision: HookDecision, view: IssueView?, context: JQLContext, at: SimTime)
        {
            decisions.append(decision)
        }
        func attempt(_ key: DeliveryKey, attempt: Int, sentAt: SimTime, fate: AttemptFate) {
            attempts.append((key, attempt, sentAt, fate))
        }
        func arrival(_ key: DeliveryKey, attempt: Int, at: SimTime, status: Int16) { arrivals.append(status) }
        func jiraDone(_ key: DeliveryKey, at: SimTime, failedWith: Stage?) { done.append(failedWith) }
        func processed(
            _ key: DeliveryKey, attempt: Int, at: SimTime, user: Int, outcomes: [(integration: Int32, PairOutcome)]
        ) {
            self.outcomes += outcomes.map(\.1)
        }
        func settled(change: Int32, integration: Int32, appliedAt: Int64?, stage: Stage, at: SimTime) {
            settled.append((appliedAt, stage))
        }
        func timeline(_ index: Int, at: SimTime) { timeline.append(index) }
    }

    /// Two webhooks, 10 comments, every request lost, Cloud retries twice: 20 deliveries of 3
    /// attempts each (numbered 1, 2, 3), all failed for good, and each comment's pair dropped as
    /// `deliveryFailed`. Nothing arrives, so nothing is processed.
    @Test func lostDeliveries() throws {
        var d = DeliverySpec.defaults(for: .cloud)
        d.dispatchDelay = .constant(.seconds(1))
        d.retryMax = 2
        d.retryBackoff = .constant(.minutes(1))
        d.timeout = .seconds(20)
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .cloud, issues: 10, delivery: d),
            bursts: [SmallWorld.burst(10, .comment, over: .minutes(5))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b")])],
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 1, ackLossRate: 0))
        let probe = Recorder()
        _ = try Simulator.simulate(s, index: 0, probe: probe)
        #expect(probe.changes == 10)
        #expect(probe.decisions == Array(repeating: .dispatched(exposed: false), count: 20))
        #expect(probe.attempts.count == 60)
        #expect(
            probe.attempts.map(\.1).sorted() == Array(repeating: 1, count: 20) + Array(repeating: 2, count: 20)
                + Array(repeating: 3, count: 20))
        // Each retry leaves 1 min after the previous attempt's 20 s timeout.
        let byKey = Dictionary(grouping: probe.attempts, by: { $0.0 })
        for (_, attempts) in byKey {
            let times = attempts.sorted { $0.1 < $1.1 }.map(\.2)
            #expect(times[1] - times[0] == .seconds(80))
            #expect(times[2] - times[1] == .seconds(80))
        }
        #expect(probe.arrivals.isEmpty)
        #expect(probe.done == Array(repeating: .deliveryFailed, count: 20))
        #expect(probe.outcomes.isEmpty)
        #expect(probe.settled.count == 10)
        #expect(probe.settled.allSatisfy { $0.appliedAt == nil && $0.stage == .deliveryFailed })
    }

    /// Two webhooks, 10 comments, a reliable network: 20 arrivals answered 202, each comment applied
    /// by the first job processed and written again by the second (a duplicate comment); a webhook
    /// with a filter that matches nothing adds 10 `jqlFiltered` decisions; the outage entry is seen.
    @Test func deliveredTwice() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment, over: .minutes(5))],
            topologies: [
                TopologySpec(
                    name: "t",
                    webhooks: [
                        SmallWorld.hook("a"), SmallWorld.hook("b"), SmallWorld.hook("none", jql: "project = NOPE"),
                    ])
            ],
            timeline: [TimelineEntry(at: .minutes(50), action: .outage(for: .minutes(1)))])
        let probe = Recorder()
        _ = try Simulator.simulate(s, index: 0, probe: probe)
        #expect(probe.decisions.filter { $0 == .jqlFiltered }.count == 10)
        #expect(probe.decisions.filter { $0 == .dispatched(exposed: false) }.count == 20)
        #expect(probe.arrivals == Array(repeating: 202, count: 20))
        #expect(probe.done == Array(repeating: nil, count: 20))
        #expect(probe.outcomes.filter { $0 == .applied(wrote: true) }.count == 10)
        #expect(probe.outcomes.filter { $0 == .again(wrote: true) }.count == 10)
        #expect(probe.settled.count == 10)
        #expect(probe.settled.allSatisfy { $0.appliedAt != nil })
        #expect(probe.timeline == [0])
    }
}
