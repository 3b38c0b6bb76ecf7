import SimKit
import Testing

@testable import HookSim

/// The fault-free and twin-webhook relations (issue 10), on worlds small enough to count by hand.
@Suite struct SwarmMetamorphicTests {
    /// Ten comments, `hooks` webhooks on the one endpoint (an owner), and faults of every kind: a
    /// 30% connection failure rate, lost answers, a 2/s rate limit and a 10-minute outage.
    static func faulty(hooks: Int) -> Scenario {
        var s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment, over: .minutes(15))],
            topologies: [TopologySpec(name: "t", webhooks: (0..<hooks).map { SmallWorld.hook("h\($0)") })],
            timeline: [TimelineEntry(at: .minutes(5), action: .outage(for: .minutes(10)))],
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 0.3, ackLossRate: 0.2))
        s.aha.processing.rateLimits = [Rate(perSecond: 2)]
        return s
    }

    @Test func faultsAreTakenAway() throws {
        let faulty = try Simulator.run(Self.faulty(hooks: 2)).topologies[0]
        #expect(try #require(faulty.value("deliveries.failed")) > 0)
        #expect(try #require(faulty.value("aha.outageAnswers")) > 0)
        let clean = try Simulator.run(SwarmChecks.faultFree(Self.faulty(hooks: 2))).topologies[0]
        #expect(clean.value("deliveries.failed") == 0)
        #expect(clean.value("deliveries.retried") == 0)
        #expect(clean.value("aha.outageAnswers") == 0)
        #expect(clean.value("aha.rateLimited") == 0)
        // Nothing lost, every comment reaches its linked record: 10 comments × 2 webhooks.
        #expect(clean.value("deliveries.attempted") == 20)
        #expect(SwarmChecks.checkFaultFree(Self.faulty(hooks: 2)) == [])
    }

    /// One webhook: each comment written once, no duplicate; with a twin, twice: 10 duplicates
    /// (2 × 0 + 10 applied). Two webhooks: 2 writes, 1 duplicate per comment (10); with twins 4
    /// writes, 3 duplicates per comment: 30 = 2 × 10 + 10.
    @Test(arguments: [(1, 0.0, 10.0), (2, 10.0, 30.0)])
    func twinsDoubleTheWrites(hooks: Int, duplicates: Double, withTwins: Double) throws {
        let base = SwarmChecks.commentsOnly(Self.faulty(hooks: hooks))
        var twins = base
        twins.topologies[0].webhooks += base.topologies[0].webhooks.map { w in
            var t = w
            t.name += SwarmChecks.twinSuffix
            return t
        }
        let a = try Simulator.run(base).topologies[0]
        let b = try Simulator.run(twins).topologies[0]
        #expect(a.value("applied") == 10)
        #expect(a.value("duplicates.comments") == duplicates)
        #expect(b.value("applied") == 10)
        #expect(b.value("duplicates.comments") == withTwins)
        #expect(SwarmChecks.checkTwins(Self.faulty(hooks: hooks)) == [])
    }
}
