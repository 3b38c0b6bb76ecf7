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
        @inlinable func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []

    public init() {}

    /// Events waiting, including cancelled ones not yet discarded.
    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// The time of the earliest waiting event.
    @inlinable public var nextTime: SimTime? { heap.first.map { SimTime(microseconds: $0.time) } }

    /// Reserves room for `n` events, so that a run of known size never regrows the heap.
    public mutating func reserveCapacity(_ n: Int) { heap.reserveCapacity(n) }

    /// Adds an event.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func push(_ payload: Payload, at time: SimTime) -> EventHandle {
        let seq = nextSequence
        nextSequence &+= 1
        heap.append(Entry(time: time.microseconds, sequence: seq, payload: payload))
        siftUp(heap.count - 1)
        return EventHandle(sequence: seq)
    }

    /// Marks an event so that it is discarded instead of returned.
    public mutating func cancel(_ handle: EventHandle) {
        cancelled.insert(handle.sequence)
    }

    /// Removes and returns the earliest event that was not cancelled.
    /// - Complexity: O(log n).
    @inlinable public mutating func pop() -> (time: SimTime, payload: Payload)? {
        while let top = popRaw() {
            if !cancelled.isEmpty, cancelled.remove(top.sequence) != nil { continue }
            return (SimTime(microseconds: top.time), top.payload)
        }
        return nil
    }

    @inlinable mutating func popRaw() -> Entry? {
        guard !heap.isEmpty else { return nil }
        if heap.count == 1 { return heap.removeLast() }
        let last = heap.removeLast()
        let top = heap[0]
        heap[0] = last
        siftDown(0)
        return top
    }

    @inlinable mutating func siftUp(_ start: Int) {
        var child = start
        let item = heap[child]
        while child > 0 {
            let parent = (child - 1) >> 1
            if !item.precedes(heap[parent]) { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = item
    }

    @inlinable mutating func siftDown(_ start: Int) {
        let n = heap.count
        var parent = start
        let item = heap[parent]
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n, heap[child + 1].precedes(heap[child]) { child += 1 }
            if !heap[child].precedes(item) { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = item
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
        guard let t = queue.nextTime, t <= limit, let (time, event) = queue.pop() else { return nil }
        _now = time
        _eventsProcessed &+= 1
        return event
    }

    /// Runs events through `handle` until none are left, the next lies after `limit`, or
    /// `maxEvents` have been handled in this call.
    /// - Parameters:
    ///   - limit: the last time an event may run at; the clock is advanced to it when reached.
    ///   - maxEvents: a budget of events for this call.
    ///   - handle: the model; it may schedule further events on the loop it is given.
    @inlinable
    public mutating func run(
        until limit: SimTime = .distantFuture, maxEvents: Int = .max,
        _ handle: (inout EventLoop<Event>, Event) -> Void
    ) -> RunOutcome {
        var budget = maxEvents
        while true {
            guard let t = queue.nextTime else { return .empty }
            if t > limit {
                if limit != .distantFuture { _now = limit }
                return .reachedTime
            }
            if budget == 0 { return .reachedEventLimit }
            guard let (time, event) = queue.pop() else { return .empty }
            _now = time
            _eventsProcessed &+= 1
            budget -= 1
            handle(&self, event)
        }
    }

    /// Moves the clock forward without running anything (for the end of a run).
    public mutating func advance(to time: SimTime) {
        if time > _now { _now = time }
    }
}
