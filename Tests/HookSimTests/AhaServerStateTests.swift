import SimKit
import Testing

@testable import HookSim

/// The small values `hooksim serve` keeps under its lock: the rate-limit buckets and the job queue.
@Suite struct AhaServerStateTests {
    /// 2/s over 1 s: a bucket of 2 tokens, refilled at 2 per (scaled) second.
    @Test func rateLimitTakesRefillsAndWaits() {
        var r = AhaServer.RateLimit(rates: [Rate(perSecond: 2, period: .seconds(1))], now: 0)
        #expect(r.buckets.tokens == [2])
        #expect(r.take(0, timeScale: 1) == nil)
        #expect(r.take(0, timeScale: 1) == nil)
        #expect(r.buckets.tokens == [0])
        // Empty: one token is (1 - 0) / 2 = 0.5 s away, rounded up to whole seconds: 1.
        #expect(r.take(0, timeScale: 1) == 1)
        // 0.5 s later the bucket holds 0 + 0.5 × 2 = 1 token: taken.
        #expect(r.take(500_000_000, timeScale: 1) == nil)
        #expect(r.buckets.tokens == [0])
        r.refill()
        #expect(r.buckets.tokens == [2])
        var none = AhaServer.RateLimit(rates: [], now: 0)
        #expect(none.take(0, timeScale: 1) == nil)
    }

    @Test func jobQueueIsFIFOAndCountsBusyWorkers() throws {
        let body = try JiraBody.parse(Array(LiveFixtures.create("WEB-3", parent: "WEB-1").utf8))
        var q = AhaServer.JobQueue()
        for e in 0..<3 { q.append(AhaServer.Job(body: body, endpoint: e, seconds: 0)) }
        #expect(q.waiting == 3 && q.busy == 0)
        #expect(q.take().endpoint == 0)
        #expect(q.take().endpoint == 1)
        #expect(q.waiting == 1 && q.busy == 2)
        q.removeWaiting()
        #expect(q.waiting == 0 && q.busy == 2)
        q.append(AhaServer.Job(body: body, endpoint: 7, seconds: 0))
        #expect(q.take().endpoint == 7)
        #expect(q.waiting == 0 && q.busy == 3)
    }
}
