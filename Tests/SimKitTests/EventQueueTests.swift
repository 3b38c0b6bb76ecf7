import Testing

@testable import SimKit

@Suite struct EventQueueTests {
    /// Pops everything, as (time in µs, payload).
    func drain<P>(_ q: inout EventQueue<P>) -> [(Int64, P)] {
        var out: [(Int64, P)] = []
        while let (t, p) = q.pop() { out.append((t.microseconds, p)) }
        return out
    }

    @Test func equalTimesComeOutInSchedulingOrder() {
        var q = EventQueue<Int>()
        for i in 0..<200 { q.push(i, at: SimTime(microseconds: 5)) }
        #expect(drain(&q).map(\.1) == Array(0..<200))
    }

    @Test func ordersByTimeThenSchedulingOrder() {
        var q = EventQueue<String>()
        q.push("c1", at: SimTime(microseconds: 30))
        q.push("a1", at: SimTime(microseconds: 10))
        q.push("b1", at: SimTime(microseconds: 20))
        q.push("a2", at: SimTime(microseconds: 10))
        q.push("c2", at: SimTime(microseconds: 30))
        q.push("a3", at: SimTime(microseconds: 10))
        let out = drain(&q)
        #expect(out.map(\.1) == ["a1", "a2", "a3", "b1", "c1", "c2"])
        #expect(out.map(\.0) == [10, 10, 10, 20, 30, 30])
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func matchesAStableSortUnderRandomPushesPopsAndCancels(seed: UInt64) {
        // Reference: a plain list of live (time, sequence, id), searched for the least (time, sequence).
        var rng = Xoshiro256StarStar(seed: seed)
        var q = EventQueue<Int>()
        var live: [(time: Int64, seq: Int, id: Int, handle: EventHandle)] = []
        var nextID = 0
        for _ in 0..<5_000 {
            let r = rng.nextInt(below: 10)
            if r < 5 {
                // Few distinct times, so that ties are common.
                let t = Int64(rng.nextInt(below: 50))
                let h = q.push(nextID, at: SimTime(microseconds: t))
                live.append((t, nextID, nextID, h))
                nextID += 1
            } else if r < 8 {
                let expected = live.indices.min { (live[$0].time, live[$0].seq) < (live[$1].time, live[$1].seq) }
                let got = q.pop()
                #expect(got?.payload == expected.map { live[$0].id })
                #expect(got?.time.microseconds == expected.map { live[$0].time })
                if let expected { live.remove(at: expected) }
            } else if !live.isEmpty {
                let victim = live.remove(at: rng.nextInt(below: live.count))
                q.cancel(victim.handle)
            }
            #expect(q.nextTime?.microseconds == live.map(\.time).min())
            #expect(q.isEmpty == live.isEmpty)
        }
        let rest = drain(&q).map(\.1)
        #expect(rest == live.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }.map(\.id))
    }

    @Test func cancelledEventsAreNotReturned() {
        var q = EventQueue<String>()
        q.push("a", at: SimTime(microseconds: 1))
        let b = q.push("b", at: SimTime(microseconds: 2))
        q.push("c", at: SimTime(microseconds: 3))
        q.cancel(b)
        q.cancel(b)  // twice: no effect
        #expect(drain(&q).map(\.1) == ["a", "c"])
    }

    @Test func cancellingTheEarliestEventMovesNextTime() {
        var q = EventQueue<String>()
        let a = q.push("a", at: SimTime(microseconds: 1))
        q.push("b", at: SimTime(microseconds: 10))
        q.cancel(a)
        #expect(q.nextTime == SimTime(microseconds: 10))
        q.cancel(q.push("c", at: SimTime(microseconds: 20)))
        let b = q.pop()
        #expect(b?.payload == "b")
        #expect(q.isEmpty)
        #expect(q.nextTime == nil)
        #expect(q.pop() == nil)
    }

    @Test func cancellingAnEventThatAlreadyRanChangesNothing() {
        var q = EventQueue<Int>()
        let first = q.push(1, at: SimTime(microseconds: 1))
        #expect(q.pop()?.payload == 1)
        q.cancel(first)
        q.cancel(EventHandle(sequence: 999))  // never scheduled
        q.push(2, at: SimTime(microseconds: 2))
        q.push(3, at: SimTime(microseconds: 3))
        #expect(drain(&q).map(\.1) == [2, 3])
    }

    @Test func staleCancellationsDoNotAccumulate() {
        // A model that cancels timeouts after they fired must not grow the cancelled set forever.
        var q = EventQueue<Int>()
        for i in 0..<10_000 {
            let h = q.push(i, at: SimTime(microseconds: Int64(i)))
            _ = q.pop()
            q.cancel(h)
        }
        #expect(q.cancelled.count <= 1)
        q.push(7, at: SimTime(microseconds: 20_000))
        #expect(q.pop()?.payload == 7)
    }

    @Test func compactionKeepsLiveEventsInOrder() {
        var q = EventQueue<Int>()
        var handles: [EventHandle] = []
        for i in 0..<1_000 { handles.append(q.push(i, at: SimTime(microseconds: Int64(1_000 - i / 2)))) }
        for i in stride(from: 1, to: 1_000, by: 2) { q.cancel(handles[i]) }
        // 600 events that run first and are cancelled afterwards: once the 500 live and the
        // stale cancellations outnumber the 1 000 entries, the queue sweeps the cancelled ones out.
        for j in 0..<600 {
            let h = q.push(-j, at: .zero)
            #expect(q.pop()?.payload == -j)
            q.cancel(h)
        }
        #expect(q.count == 500)
        let out = drain(&q).map(\.1)
        // Live ids are the even ones; times fall as ids rise, so they come out in decreasing id.
        #expect(out == Array(stride(from: 998, through: 0, by: -2)))
    }
}

@Suite struct EventLoopTests {
    enum Event: Equatable { case tick(Int) }

    @Test func runsUntilEmpty() {
        var loop = EventLoop<Event>()
        for i in 1...5 { loop.schedule(.tick(i), at: SimTime(microseconds: Int64(i) * 1_000_000)) }
        var seen: [Int] = []
        let outcome = loop.run { loop, event in
            if case .tick(let i) = event { seen.append(i) }
        }
        #expect(outcome == .empty)
        #expect(seen == [1, 2, 3, 4, 5])
        #expect(loop.eventsProcessed == 5)
        #expect(loop.now == SimTime.zero + .seconds(5))
        #expect(loop.pending == 0)
    }

    @Test func runsUntilATimeInclusiveAndStopsTheClockThere() {
        var loop = EventLoop<Event>()
        for i in 1...5 { loop.schedule(.tick(i), at: SimTime(microseconds: Int64(i) * 1_000_000)) }
        var seen: [Int] = []
        let outcome = loop.run(until: SimTime.zero + .seconds(3)) { _, event in
            if case .tick(let i) = event { seen.append(i) }
        }
        #expect(outcome == .reachedTime)
        #expect(seen == [1, 2, 3])  // the event at exactly 3 s runs
        #expect(loop.now == SimTime.zero + .seconds(3))
        #expect(loop.pending == 2)
        // A limit between events moves the clock to the limit.
        #expect(loop.run(until: SimTime.zero + .milliseconds(4_500)) { _, _ in } == .reachedTime)
        #expect(loop.now == SimTime.zero + .milliseconds(4_500))
        #expect(loop.eventsProcessed == 4)
    }

    @Test func stopsWhenTheEventBudgetIsSpent() {
        var loop = EventLoop<Event>()
        for i in 1...5 { loop.schedule(.tick(i), at: SimTime(microseconds: Int64(i) * 1_000_000)) }
        #expect(loop.run(maxEvents: 2) { _, _ in } == .reachedEventLimit)
        #expect(loop.eventsProcessed == 2)
        #expect(loop.now == SimTime.zero + .seconds(2))
        #expect(loop.run(maxEvents: 0) { _, _ in } == .reachedEventLimit)
        #expect(loop.eventsProcessed == 2)
        // The budget counts per call: 10 is more than the 3 left.
        #expect(loop.run(maxEvents: 10) { _, _ in } == .empty)
        #expect(loop.eventsProcessed == 5)
    }

    @Test func handlersScheduleRelativeToNow() {
        // A tick every 1 s from t = 0: until 5.5 s, ticks at 0, 1, ..., 5 run: 6 events.
        var loop = EventLoop<Event>()
        loop.schedule(.tick(0), at: .zero)
        var times: [Int64] = []
        let outcome = loop.run(until: SimTime.zero + .milliseconds(5_500)) { loop, event in
            times.append(loop.now.microseconds)
            if case .tick(let i) = event { loop.schedule(.tick(i + 1), after: .seconds(1)) }
        }
        #expect(outcome == .reachedTime)
        #expect(times == [0, 1, 2, 3, 4, 5].map { Int64($0) * 1_000_000 })
        #expect(loop.eventsProcessed == 6)
        #expect(loop.pending == 1)
        #expect(loop.nextTime == SimTime.zero + .seconds(6))
    }

    @Test func eventsScheduledForNowRunAfterThoseAlreadyWaiting() {
        var loop = EventLoop<Event>()
        loop.schedule(.tick(1), at: .zero)
        loop.schedule(.tick(2), at: .zero)
        var seen: [Int] = []
        _ = loop.run { loop, event in
            guard case .tick(let i) = event else { return }
            seen.append(i)
            if i == 1 { loop.schedule(.tick(3), after: .zero) }
        }
        #expect(seen == [1, 2, 3])
    }

    @Test func cancelledEventsDoNotRunOrCount() {
        var loop = EventLoop<Event>()
        let timeout = loop.schedule(.tick(99), at: SimTime.zero + .seconds(10))
        loop.schedule(.tick(1), at: SimTime.zero + .seconds(1))
        var seen: [Int] = []
        _ = loop.run { loop, event in
            guard case .tick(let i) = event else { return }
            seen.append(i)
            loop.cancel(timeout)
        }
        #expect(seen == [1])
        #expect(loop.eventsProcessed == 1)
        #expect(loop.now == SimTime.zero + .seconds(1))
    }

    @Test func aCancelledEarlierEventDoesNotLetALaterOnePassTheLimit() {
        // Regression: the limit was checked against a cancelled top, then a later event popped.
        var loop = EventLoop<Event>()
        let early = loop.schedule(.tick(1), at: SimTime.zero + .seconds(1))
        loop.schedule(.tick(10), at: SimTime.zero + .seconds(10))
        loop.cancel(early)
        #expect(loop.next(until: SimTime.zero + .seconds(5)) == nil)
        var seen: [Int] = []
        #expect(
            loop.run(until: SimTime.zero + .seconds(5)) { _, e in if case .tick(let i) = e { seen.append(i) } }
                == .reachedTime)
        #expect(seen.isEmpty)
        #expect(loop.next() == .tick(10))
        #expect(loop.now == SimTime.zero + .seconds(10))
    }

    @Test func nextAdvancesTheClockOneEventAtATime() {
        var loop = EventLoop<Event>()
        loop.schedule(.tick(2), at: SimTime.zero + .seconds(2))
        loop.schedule(.tick(1), at: SimTime.zero + .seconds(1))
        #expect(loop.next(until: SimTime.zero + .seconds(1)) == .tick(1))
        #expect(loop.now == SimTime.zero + .seconds(1))
        #expect(loop.next(until: SimTime.zero + .seconds(1)) == nil)
        #expect(loop.next() == .tick(2))
        #expect(loop.next() == nil)
        #expect(loop.eventsProcessed == 2)
        loop.advance(to: SimTime.zero + .seconds(7))
        loop.advance(to: SimTime.zero + .seconds(3))  // never backwards
        #expect(loop.now == SimTime.zero + .seconds(7))
    }
}
