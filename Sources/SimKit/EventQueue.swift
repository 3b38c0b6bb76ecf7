/// A handle to a scheduled event, for cancelling it.
public struct EventHandle: Hashable, Sendable {
    /// The event's place in scheduling order, unique within one queue.
    public let sequence: UInt64
    @inlinable public init(sequence: UInt64) { self.sequence = sequence }
}

/// A priority queue of events ordered by `(time, sequence)`.
///
/// Events at the same time come out in the order they were scheduled, which makes a run
/// reproducible no matter how its events are interleaved. The queue is a binary heap in a
/// flat array of values: scheduling and popping allocate nothing once the array has grown.
///
/// Cancelled events are discarded lazily, but never left at the top: the earliest entry is
/// always live, so `nextTime` is exact and `pop` pays for cancellation only when some event
/// was cancelled.
public struct EventQueue<Payload> {
    @usableFromInline struct Entry {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload
        @inlinable init(time: Int64, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }
        @inlinable @inline(__always) func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0
    /// Sequences of cancelled events that may still be in the heap.
    @usableFromInline var cancelled: Set<UInt64> = []
    // NB: a plain integer, so the hot path tests cancellation without touching the set.
    @usableFromInline var cancelledCount: Int = 0

    public init() {}

    /// Events waiting, including cancelled ones not yet discarded.
    @inlinable public var count: Int { heap.count }
    /// True when no live event is waiting.
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// The time of the earliest waiting event that was not cancelled.
    @inlinable public var nextTime: SimTime? { heap.isEmpty ? nil : SimTime(microseconds: heap[0].time) }

    /// Reserves room for `n` events, so that a run of known size never regrows the heap.
    public mutating func reserveCapacity(_ n: Int) { heap.reserveCapacity(n) }

    /// Adds an event.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func push(_ payload: Payload, at time: SimTime) -> EventHandle {
        let seq = nextSequence
        nextSequence &+= 1
        heap.append(Entry(time: time.microseconds, sequence: seq, payload: payload))
        let n = heap.count
        heap.withUnsafeMutableBufferPointer { h in Self.siftUp(h[n &- 1], from: n &- 1, in: h) }
        return EventHandle(sequence: seq)
    }

    /// Marks an event so that it is discarded instead of returned.
    ///
    /// Cancelling an event that already ran, or was already cancelled, does nothing.
    /// - Complexity: amortised O(1), plus O(log n) when the cancelled event is the earliest.
    public mutating func cancel(_ handle: EventHandle) {
        guard handle.sequence < nextSequence, !heap.isEmpty else { return }
        guard cancelled.insert(handle.sequence).inserted else { return }
        cancelledCount = cancelled.count
        // NB: sequences of events that already ran can collect in the set; once it outgrows
        // the heap, some must be stale, so sweep the heap (amortised over the cancels).
        if cancelledCount > heap.count { compact() } else { discardCancelledTop() }
    }

    /// Removes and returns the earliest event that was not cancelled.
    /// - Complexity: O(log n).
    @inlinable public mutating func pop() -> (time: SimTime, payload: Payload)? {
        guard !heap.isEmpty else { return nil }
        let top = popLive()
        return (SimTime(microseconds: top.time), top.payload)
    }

    /// Removes the top entry and restores the "top is live" invariant; the heap must not be empty.
    @inlinable @inline(__always) mutating func popLive() -> Entry {
        let top = removeTop()
        if cancelledCount != 0 { discardCancelledTop() }
        return top
    }

    /// Pops cancelled entries off the top until the earliest entry is live.
    @usableFromInline mutating func discardCancelledTop() {
        while !heap.isEmpty, cancelledCount != 0, cancelled.remove(heap[0].sequence) != nil {
            cancelledCount -= 1
            _ = removeTop()
        }
    }

    /// Drops every cancelled entry and forgets stale cancellations, then rebuilds the heap.
    @usableFromInline mutating func compact() {
        let set = cancelled
        heap.removeAll { set.contains($0.sequence) }
        cancelled.removeAll(keepingCapacity: true)
        cancelledCount = 0
        if heap.count > 1 {
            for i in stride(from: (heap.count - 2) >> 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    /// Removes the top entry; the heap must not be empty.
    @inlinable @inline(__always) mutating func removeTop() -> Entry {
        let last = heap.removeLast()
        if heap.isEmpty { return last }
        return heap.withUnsafeMutableBufferPointer { h in
            let top = h[0]
            Self.siftDown(last, from: 0, count: h.count, in: h)
            return top
        }
    }

    /// Places `item` at `start` or above it in `h`.
    @inlinable @inline(__always)
    static func siftUp(_ item: Entry, from start: Int, in h: UnsafeMutableBufferPointer<Entry>) {
        var child = start
        while child > 0 {
            let parent = (child &- 1) >> 1
            if !item.precedes(h[parent]) { break }
            h[child] = h[parent]
            child = parent
        }
        h[child] = item
    }

    @inlinable mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in Self.siftDown(h[start], from: start, count: h.count, in: h) }
    }

    /// Places `item` at `start` or below it, among the first `count` entries of `h`.
    @inlinable @inline(__always)
    static func siftDown(_ item: Entry, from start: Int, count n: Int, in h: UnsafeMutableBufferPointer<Entry>) {
        var parent = start
        while true {
            var child = 2 &* parent &+ 1
            if child >= n { break }
            if child &+ 1 < n, h[child &+ 1].precedes(h[child]) { child &+= 1 }
            if !h[child].precedes(item) { break }
            h[parent] = h[child]
            parent = child
        }
        h[parent] = item
    }
}

/// Why a run loop returned.
public enum RunOutcome: Equatable, Sendable {
    /// No events were left.
    case empty
    /// The next event lies after the time limit.
    case reachedTime
    /// The event budget was spent.
    case reachedEventLimit
}

/// A discrete-event run loop: a clock and a queue of events.
///
/// The loop is single-threaded and knows nothing of what events mean; the model's handler
/// does, and schedules further events through the loop it is given.
public struct EventLoop<Event> {
    // NB: setters are @usableFromInline so the generic run loop specialises fully in the caller.
    /// The current simulated time: the time of the event being handled.
    @inlinable public var now: SimTime { _now }
    /// Events handled so far.
    @inlinable public var eventsProcessed: Int { _eventsProcessed }
    @usableFromInline var _now: SimTime = .zero
    @usableFromInline var _eventsProcessed: Int = 0
    @usableFromInline var queue = EventQueue<Event>()

    public init() {}

    /// Events waiting.
    @inlinable public var pending: Int { queue.count }
    /// The time of the earliest waiting event.
    public var nextTime: SimTime? { queue.nextTime }

    public mutating func reserveCapacity(_ n: Int) { queue.reserveCapacity(n) }

    /// Schedules an event at an absolute time (not before now).
    @inlinable @discardableResult
    public mutating func schedule(_ event: Event, at time: SimTime) -> EventHandle {
        precondition(time >= now, "cannot schedule an event in the past (\(time) < \(now))")
        return queue.push(event, at: time)
    }

    /// Schedules an event after a delay from now.
    @inlinable @discardableResult
    public mutating func schedule(_ event: Event, after delay: SimDuration) -> EventHandle {
        precondition(delay.microseconds >= 0, "cannot schedule with a negative delay")
        return queue.push(event, at: now + delay)
    }

    /// Cancels a scheduled event.
    public mutating func cancel(_ handle: EventHandle) { queue.cancel(handle) }

    /// Removes the next event at or before `limit`, advancing the clock to it.
    @inlinable public mutating func next(until limit: SimTime = .distantFuture) -> Event? {
        guard !queue.heap.isEmpty, queue.heap[0].time <= limit.microseconds else { return nil }
        let top = queue.popLive()
        _now = SimTime(microseconds: top.time)
        _eventsProcessed &+= 1
        return top.payload
    }

    /// Runs events through `handle` until none are left, the next lies after `limit`, or
    /// `maxEvents` have been handled in this call.
    /// - Parameters:
    ///   - limit: the last time an event may run at; the clock is advanced to it when reached.
    ///   - maxEvents: a budget of events for this call.
    ///   - handle: the model; it may schedule further events on the loop it is given.
    /// - Returns: why the loop stopped.
    @inlinable
    public mutating func run(
        until limit: SimTime = .distantFuture, maxEvents: Int = .max,
        _ handle: (inout EventLoop<Event>, Event) -> Void
    ) -> RunOutcome {
        var budget = maxEvents
        // NB: reads the heap directly instead of `nextTime` + `pop()`, so that no optional
        // tuple is built and unpacked per event on the hot path.
        while true {
            if queue.heap.isEmpty { return .empty }
            if queue.heap[0].time > limit.microseconds {
                if limit != .distantFuture { _now = limit }
                return .reachedTime
            }
            if budget == 0 { return .reachedEventLimit }
            budget &-= 1
            let top = queue.popLive()
            _now = SimTime(microseconds: top.time)
            _eventsProcessed &+= 1
            handle(&self, top.payload)
        }
    }

    /// Moves the clock forward without running anything (for the end of a run).
    public mutating func advance(to time: SimTime) {
        if time > _now { _now = time }
    }
}
