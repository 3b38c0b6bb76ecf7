import SimKit
import Testing

@testable import HookSim

@Suite struct JiraDeliveryTests {
    static func room(kind: JiraKind = .cloud, delivery: DeliverySpec? = nil, network: NetworkSpec? = nil) -> (
        JiraDelivery, Scenario
    ) {
        let s = RoomFixture.scenario(kind: kind, delivery: delivery, network: network)
        var jira = JiraDelivery(world: JiraWorld.generate(s), network: s.network, keyed: KeyedRandom(seed: 1))
        _ = jira.webhooks.install(RoomFixture.hook(), name: "h", query: RoomFixture.everything)
        return (jira, s)
    }

    static func delivery(hook: Int32 = 0, change: Int32 = 1, exposed: Bool = false) -> Delivery {
        var d = Delivery(
            hook: hook, change: change, track: -1, kind: .issueUpdated, issue: 0,
            values: FieldValues(repeating: 0), versions: FieldValues(repeating: 0))
        d.exposed = exposed
        return d
    }

    /// Data Center with one thread and a queue of one: the first event takes the thread, the second
    /// waits, and then the instance is full (a third would be lost); a freed thread takes the waiting one.
    @Test func oneThreadAndAQueueOfOne() {
        var dc = DeliverySpec.defaults(for: .datacenter)
        dc.threads = 1
        dc.queue = 1
        var (jira, _) = Self.room(kind: .datacenter, delivery: dc)
        let a = jira.open(Self.delivery())
        let b = jira.open(Self.delivery(change: 2))
        #expect(!jira.isFull(0))
        jira.enqueue(a, instance: 0, holdsThread: true)
        #expect(jira.nextStart(0) == a)
        jira.enqueue(b, instance: 0, holdsThread: true)
        #expect(jira.nextStart(0) == nil)
        #expect(jira.isFull(0))
        jira.threadFreed(0)
        #expect(jira.nextStart(0) == b)
        #expect(jira[b].holdsThread)
    }

    /// A closed slot is the next one opened.
    @Test func slotsAreReused() {
        var (jira, _) = Self.room()
        let a = jira.open(Self.delivery())
        let b = jira.open(Self.delivery(change: 2))
        jira.close(a)
        #expect(jira.open(Self.delivery(change: 3)) == a)
        #expect(jira.open(Self.delivery(change: 4)) == b + 1)
    }

    /// Constant 50 ms each way and a 20 s timeout: the attempt arrives after 50 ms and is answered
    /// 50 ms later; one attempt in flight, counted as the webhook's delivery and (first attempt of an
    /// out-of-scope issue) its exposure.
    @Test func anAnsweredAttempt() {
        var (jira, s) = Self.room(network: NetworkSpec(latency: .constant(.milliseconds(50))))
        var m = RoomFixture.measures(s)
        let slot = jira.open(Self.delivery(exposed: true))
        let a = jira.send(slot, at: .zero + .seconds(10), end: .zero + .hours(3), measures: &m)
        #expect(!a.fails && a.answered)
        #expect(a.there == .milliseconds(50) && a.back == .milliseconds(50))
        #expect(a.timeout == .seconds(20))
        #expect(jira[slot].pendingArrivals == 1)
        #expect(m.jira.attempted == 1 && m.jira.attemptsInFlight == 1 && m.jira.retried == 0)
        #expect(m.jira.hookDeliveries == [1] && m.jira.hookExposure == [1])
    }

    /// Failure rate 1: the connection fails, nothing travels, and the failure is in the series
    /// step it was sent in (its timeout ends it within the run).
    @Test func aFailedConnection() {
        var (jira, s) = Self.room(
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 1, ackLossRate: 0))
        var m = RoomFixture.measures(s)
        let slot = jira.open(Self.delivery())
        let a = jira.send(slot, at: .zero, end: .zero + .hours(3), measures: &m)
        #expect(a.fails && !a.answered)
        #expect(jira[slot].pendingArrivals == 0)
        #expect(m.jira.attempted == 1)
        #expect(m.series.failed.reduce(0, +) == 1)
    }

    /// Acknowledgement loss 1: the request arrives but Jira never reads an answer.
    @Test func aLostAcknowledgement() {
        var (jira, s) = Self.room(
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 0, ackLossRate: 1))
        var m = RoomFixture.measures(s)
        let slot = jira.open(Self.delivery())
        let a = jira.send(slot, at: .zero, end: .zero + .hours(3), measures: &m)
        #expect(!a.fails && !a.answered)
        #expect(jira[slot].pendingArrivals == 1)
    }

    /// Cloud with a constant 5-minute backoff: a 503 at t = 60 s is sent again at 360 s as attempt 1
    /// (a retry, not exposure); a 404 is final. Data Center's thread-holding retry is queued again.
    @Test func retryDecisions() {
        var cloud = DeliverySpec.defaults(for: .cloud)
        cloud.retryBackoff = .constant(.minutes(5))
        var (jira, s) = Self.room(delivery: cloud)
        var m = RoomFixture.measures(s)
        let slot = jira.open(Self.delivery(exposed: true))
        let t = SimTime.zero + .seconds(60)
        guard case .send(let at) = jira.retry(slot, after: 503, at: t) else {
            Testing.Issue.record("a 503 on Cloud is retried")
            return
        }
        #expect(at == .zero + .seconds(360))
        #expect(jira[slot].attempt == 1)
        _ = jira.send(slot, at: at, end: .zero + .hours(3), measures: &m)
        #expect(m.jira.retried == 1 && m.jira.hookExposure == [0])
        guard case .giveUp = jira.retry(slot, after: 404, at: at) else {
            Testing.Issue.record("a 404 is final")
            return
        }

        var dc = DeliverySpec.defaults(for: .datacenter)
        dc.retryMax = 1
        dc.retryBackoff = .constant(.seconds(30))
        var (dcJira, _) = Self.room(kind: .datacenter, delivery: dc)
        let d = dcJira.open(Self.delivery())
        dcJira.enqueue(d, instance: 0, holdsThread: true)
        #expect(dcJira.nextStart(0) == d)
        guard case .requeue(let again) = dcJira.retry(d, after: 0, at: t) else {
            Testing.Issue.record("a Data Center retry waits for a thread again")
            return
        }
        #expect(again == t + .seconds(30))
        #expect(!dcJira[d].holdsThread)
    }

    /// Settled means Jira is done and no attempt still travels.
    @Test func settledAfterTheLastArrival() {
        var (jira, s) = Self.room()
        var m = RoomFixture.measures(s)
        let slot = jira.open(Self.delivery())
        _ = jira.send(slot, at: .zero, end: .zero + .hours(3), measures: &m)
        jira.finish(slot)
        #expect(!jira.isSettled(slot))
        jira.arrived(slot)
        #expect(jira.isSettled(slot))
    }
}
