import SimKit
import Testing

@testable import HookSim

/// DESIGN.md §7.2: `series` and `marks`, checked against totals and against a run worked by hand.
@Suite struct TimeSeriesTests {
    /// The smallest round step giving at most 500 steps, worked by hand: 500 s fits in 500 steps of
    /// 1 s, 501 s does not; 3 h is 180 minutes; 10 h is 600 minutes (too many), 120 steps of 5 min;
    /// 1,000 days is 1,000 steps of a day (too many), 500 steps of 2 days.
    @Test(arguments: [
        (SimDuration.seconds(500), 1_000), (.seconds(501), 10_000), (.hours(3), 60_000), (.hours(10), 300_000),
        (.hours(24 * 1_000), 2 * 86_400_000),
    ])
    func stepIsTheSmallestRoundOne(span: SimDuration, stepMs: Int) {
        let series = TimeSeries(span: span)
        #expect(series.stepMs == stepMs)
        #expect(series.count <= 500)
    }

    /// A world with every kind of answer: lost requests and answers, a rate limit and a queue
    /// limit (429), an outage (503), three webhooks writing the same comments (duplicates), and a
    /// drain long enough that every attempt ends.
    static func faultyWorld(seed: UInt64) -> Scenario {
        var delivery = DeliverySpec.defaults(for: .cloud)
        delivery.dispatchDelay = .constant(.seconds(1))
        delivery.retryBackoff = .uniform(.minutes(1), .minutes(5))
        var s = SmallWorld.scenario(
            jira: SmallWorld.jira(issues: 20, delivery: delivery),
            bursts: [
                SmallWorld.burst(60, .comment, over: .minutes(20)), SmallWorld.burst(40, .update, at: .minutes(30)),
            ],
            topologies: [
                TopologySpec(
                    name: "triple", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b"), SmallWorld.hook("c")])
            ],
            timeline: [TimelineEntry(at: .minutes(10), action: .outage(for: .minutes(5)))],
            network: NetworkSpec(latency: .exponential(mean: .seconds(2)), failureRate: 0.1, ackLossRate: 0.1),
            processing: ProcessingSpec(
                workers: 1, serviceTime: .constant(.seconds(1)), queueLimit: 15, rateLimit: Rate(perSecond: 2)),
            drain: .hours(6))
        s.seed = seed
        return s
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func everySeriesSumsToItsTotal(seed: UInt64) throws {
        let t = try Simulator.run(Self.faultyWorld(seed: seed)).topologies[0]
        let s = t.series
        let total = { (path: String) in Int(t.value(path) ?? -1) }
        #expect(total("deliveries.inFlight") == 0)
        #expect(s.deliveries.reduce(0, +) == total("deliveries.attempted"))
        #expect(s.succeeded.reduce(0, +) == total("deliveries.succeeded"))
        #expect(s.rateLimited.reduce(0, +) == total("aha.rateLimited"))
        #expect(s.unavailable.reduce(0, +) == total("aha.outageAnswers"))
        #expect(s.writes.reduce(0, +) == total("aha.writes"))
        #expect(s.duplicateWrites.reduce(0, +) == total("duplicateWrites"))
        #expect(s.queueDepth.max() == total("aha.peakQueue"))
        // Each ended attempt in exactly one outcome: 2xx + 429 + 503 + failed == answered + timed out.
        let outcomes = [s.succeeded, s.rateLimited, s.unavailable, s.failed].map { $0.reduce(0, +) }.reduce(0, +)
        #expect(outcomes == total("deliveries.succeeded") + total("deliveries.failed"))
        // The world really has every kind of answer, or the sums above prove little.
        for path in ["aha.rateLimited", "aha.outageAnswers", "duplicateWrites", "deliveries.failed"] {
            #expect(total(path) > 0, "\(path) is 0")
        }
        // Per step, no more outcomes than attempts sent in that step.
        for i in 0..<s.count {
            #expect(s.succeeded[i] + s.rateLimited[i] + s.unavailable[i] + s.failed[i] <= s.deliveries[i])
        }
    }

    /// Worked by hand: 1 h of activity + 2 h of drain gives 180 steps of 1 min. Ten comments at
    /// 10 min leave Jira 1 s later (constant dispatch delay) and arrive 50 ms after that, inside
    /// the outage (5 min to 25 min): ten 503s, all in step 10. Jira reads each answer at
    /// 10m 01.1s and retries 30 min later (constant backoff): ten attempts in step 40, accepted,
    /// written 150 ms later, still in step 40, and answered 2xx.
    @Test func anOutageShowsInItsSteps() throws {
        var delivery = DeliverySpec.defaults(for: .cloud)
        delivery.dispatchDelay = .constant(.seconds(1))
        delivery.retryBackoff = .constant(.minutes(30))
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(delivery: delivery), bursts: [SmallWorld.burst(10, .comment, at: .minutes(10))],
            topologies: [TopologySpec(name: "one", webhooks: [SmallWorld.hook("a")])],
            timeline: [TimelineEntry(at: .minutes(5), action: .outage(for: .minutes(20)))])
        let t = try Simulator.run(s).topologies[0]
        let series = t.series
        #expect(series.stepMs == 60_000)
        #expect(series.count == 180)
        var expected = Array(repeating: 0, count: 180)
        expected[10] = 10
        #expect(series.unavailable == expected)
        #expect(series.unavailable[5..<25].reduce(0, +) == 10)  // all within the outage's steps
        expected[40] = 10
        #expect(series.deliveries == expected)
        expected[10] = 0
        #expect(series.succeeded == expected)
        #expect(series.writes == expected)
        #expect(series.failed.allSatisfy { $0 == 0 } && series.rateLimited.allSatisfy { $0 == 0 })
        #expect(series.duplicateWrites.allSatisfy { $0 == 0 })
        #expect(t.marks == [TimeMark(atMs: 300_000, what: "outage 20m", untilMs: 1_500_000)])
        let json = t.json.rendered(indent: nil)
        #expect(json.contains(#""marks":[{"atMs":300000,"what":"outage 20m"}]"#))
        #expect(json.contains(#""series":{"stepMs":60000,"deliveries":[0,"#))
    }

    /// A mark names what happened, and only the entries that apply to the topology appear: one
    /// for another topology, or naming a webhook this topology does not have, changes nothing.
    @Test func marksFollowTheTimelineOfTheirTopology() throws {
        let s = SmallWorld.scenario(
            bursts: [],
            topologies: [
                TopologySpec(name: "x", webhooks: [SmallWorld.hook("a")]), TopologySpec(name: "y", webhooks: []),
            ],
            timeline: [
                TimelineEntry(at: .minutes(1), action: .disable(webhook: "a"), topology: "x"),
                TimelineEntry(
                    at: .minutes(2), action: .setRole(user: "Integration user", workspace: "WEB", role: .viewer)),
                TimelineEntry(at: .minutes(3), action: .setRunAs(webhook: "a", user: "Integration user")),
            ])
        let r = try Simulator.run(s)
        #expect(
            r.topologies[0].marks.map(\.what) == [
                "disable a", "Integration user viewer on WEB", "a runs as Integration user",
            ])
        #expect(r.topologies[1].marks == [TimeMark(atMs: 120_000, what: "Integration user viewer on WEB")])
    }
}

@Suite struct TimeSeriesIndexTests {
    /// The step of an instant, without a division, is exact at and around every step boundary
    /// (1 min steps over 3 h: instant k min falls in step k; one microsecond earlier in k − 1),
    /// and the end of the run belongs to the last step.
    @Test func indexIsExactAtBoundaries() {
        let series = TimeSeries(span: .hours(3))
        for k in 0..<180 {
            let boundary = SimTime.zero + .minutes(k)
            #expect(series.index(boundary) == k)
            if k > 0 { #expect(series.index(boundary - .microseconds(1)) == k - 1) }
        }
        #expect(series.index(.zero + .hours(3)) == 179)
        #expect(series.index(.zero + .hours(5)) == 179)
        // Odd spans: 7 days in steps of 1 h (168 steps).
        let week = TimeSeries(span: .hours(168))
        #expect(week.stepMs == 3_600_000)
        #expect(week.index(.zero + .hours(167) + .microseconds(3_599_999_999)) == 167)
        #expect(week.index(.zero + .hours(101)) == 101)
    }
}
