import JQL
import SimKit

/// One webhook of the traced topology: what a line says about where it posts.
struct TraceHook: Sendable {
    var name: String
    var integration: Int
    var integrationID: String
    /// The integration's `webhookUrl`, or HookSim's stand-in (DESIGN.md §7.4).
    var url: String
    /// The integration's `secret`: Jira's admin webhooks then sign each body (`X-Hub-Signature`).
    var secret: String?
}

/// One delivery attempt, as `trace` writes it and `load` sends it.
struct TraceEntry: Sendable {
    var sentAt: SimTime
    var key: DeliveryKey
    /// 1 for the first attempt.
    var attempt: Int
    var hook: TraceHook
    var snapshot: ChangeSnapshot
    /// Aha!'s answer as Jira read it; nil when none came (connection failed, answer lost, too late).
    var answer: (status: Int16, at: SimTime)?
}

/// Turns a run's probe calls into attempts in send order, streaming.
///
/// The engine tells of an attempt when it schedules it (its send time may lie ahead of the loop's
/// clock) and of its answer when the request arrives, so attempts wait here until (a) the loop has
/// passed their send time, so no earlier attempt can still be told of, and (b) their answer is
/// known. Only what is in flight waits: a run of a million deliveries holds a few hundred.
/// Ties in send time keep the order the engine told of them, which is the same on every run.
final class TraceProbe: SimProbe {
    /// Called per attempt in send order; returning false stops the trace (`--limit`).
    typealias Sink = (TraceEntry) -> Bool

    let seed: UInt64
    let instances: [PayloadInstance]
    private(set) var hooks: [TraceHook] = []
    private let scenario: Scenario
    private let sink: Sink
    /// Synced field values of every issue as of the last change, for changelog `from` values.
    private var shadow: [FieldValues]
    private var changes: [Int32: (snapshot: ChangeSnapshot, open: Int)] = [:]
    private var lastChange: Int32 = -1
    /// Attempts told of and not yet emitted.
    private var buffer = TraceAttemptBuffer()
    /// The loop's clock as far as the probe has seen it: no attempt sent before it can still be told of.
    private var watermark = SimTime.zero
    /// Set once the sink asked to stop: the caller may end the run early.
    private(set) var stopped = false
    private(set) var emitted = 0
    /// The most attempts that ever waited at once: the streaming bound, checked by the tests.
    var maxBuffered: Int { buffer.maxBuffered }

    init(scenario: Scenario, topology: Int, sink: @escaping Sink) {
        self.scenario = scenario
        seed = scenario.seed
        self.sink = sink
        instances = scenario.jira.map(PayloadInstance.init)
        // NB: the world every topology starts from, regenerated: the first change is already
        // applied when the probe first sees the world.
        shadow = JiraWorld.generate(scenario).issues.map(\.values)
        for w in scenario.topologies[topology].webhooks { addHook(w) }
    }

    private func addHook(_ w: WebhookSpec) {
        guard let k = scenario.aha.integrations.firstIndex(where: { $0.id == w.integration }) else { return }
        let spec = scenario.aha.integrations[k]
        hooks.append(
            TraceHook(
                name: w.name, integration: k, integrationID: spec.id, url: JiraPayload.webhookURL(spec),
                secret: spec.secret))
    }

    func change(_ change: Change, pairs: [Int32], world: JiraWorld) {
        advance(to: change.time)
        if lastChange >= 0, let last = changes[lastChange], last.open == 0 { changes[lastChange] = nil }
        let i = Int(change.issue)
        while shadow.count < world.issues.count { shadow.append(world.issues[shadow.count].values) }
        let before: FieldValues? = change.kind == .create ? nil : shadow[i]
        shadow[i] = world.issues[i].values
        changes[change.id] = (ChangeSnapshot(change: change, world: world, before: before), 0)
        lastChange = change.id
    }

    func decision(_ key: DeliveryKey, _ decision: HookDecision, view: IssueView?, context: JQLContext, at: SimTime) {
        if case .dispatched = decision { changes[key.change]?.open += 1 }
        advance(to: at)
    }

    func attempt(_ key: DeliveryKey, attempt: Int, sentAt: SimTime, fate: AttemptFate) {
        guard !stopped, let snapshot = changes[key.change]?.snapshot, Int(key.hook) < hooks.count else { return }
        var entry = TraceEntry(
            sentAt: sentAt, key: key, attempt: attempt, hook: hooks[Int(key.hook)], snapshot: snapshot, answer: nil)
        var pending = false
        if case .arrives(_, let answeredAt?, _) = fate {
            entry.answer = (0, answeredAt)
            pending = true
        }
        buffer.add(entry, answerPending: pending)
    }

    func arrival(_ key: DeliveryKey, attempt: Int, at: SimTime, status: Int16) {
        buffer.answer(key, attempt: attempt, status: status)
        advance(to: at)
    }

    func jiraDone(_ key: DeliveryKey, at: SimTime, failedWith: Stage?) {
        // NB: `at` may lie ahead of the loop (an answer read later): not a watermark.
        guard let open = changes[key.change]?.open else { return }
        if open <= 1 && key.change != lastChange {
            changes[key.change] = nil
        } else {
            changes[key.change]?.open = open - 1
        }
    }

    func processed(
        _ key: DeliveryKey, attempt: Int, at: SimTime, user: Int, outcomes: [(integration: Int32, PairOutcome)]
    ) {
        advance(to: at)
    }

    func settled(change: Int32, integration: Int32, appliedAt: Int64?, stage: Stage, at: SimTime) { advance(to: at) }

    func timeline(_ index: Int, at: SimTime) {
        if case .addWebhook(let w) = scenario.timeline[index].action { addHook(w) }
        advance(to: at)
    }

    /// The loop's clock reached `t`: every attempt sent before it whose answer is known can go.
    private func advance(to t: SimTime) {
        if t > watermark { watermark = t }
        flush(all: false)
    }

    /// Emits what is ready; with `all` (the run is over), everything, unanswered attempts as nil.
    func flush(all: Bool) {
        while !stopped, let entry = buffer.popReady(before: watermark, all: all) {
            emitted += 1
            if !sink(entry) { stopped = true }
        }
    }

    /// Attempts waiting for their turn: what the streaming bound is about.
    var buffered: Int { buffer.count }
}

/// The attempts a `TraceProbe` was told of and has not emitted, by (send time, order told), each
/// knowing whether its answer is still to come. Entries live in reused slots; the heap orders them.
struct TraceAttemptBuffer {
    private var slots: [TraceEntry?] = []
    private var freeSlots: [Int32] = []
    /// Whether a slot's answer is still to come.
    private var unresolved: [Bool] = []
    private var heap = AttemptHeap()
    private var sequence: UInt64 = 0
    /// Slots whose answer is still to come, by attempt.
    private var waiting: [AttemptID: Int32] = [:]
    /// The most attempts that ever waited at once.
    private(set) var maxBuffered = 0

    private struct AttemptID: Hashable {
        var key: DeliveryKey
        var attempt: Int
    }

    var count: Int { heap.count }

    /// Keeps an attempt until it is ready; `answerPending`: its answer will be told of later.
    mutating func add(_ entry: TraceEntry, answerPending pending: Bool) {
        let slot: Int32
        if let s = freeSlots.popLast() {
            slot = s
            slots[Int(s)] = entry
            unresolved[Int(s)] = pending
        } else {
            slot = Int32(slots.count)
            slots.append(entry)
            unresolved.append(pending)
        }
        if pending { waiting[AttemptID(key: entry.key, attempt: entry.attempt)] = slot }
        sequence += 1
        heap.push(AttemptHeap.Item(time: entry.sentAt.microseconds, sequence: sequence, slot: slot))
        maxBuffered = max(maxBuffered, heap.count)
    }

    /// Aha!'s answer to a kept attempt arrived.
    mutating func answer(_ key: DeliveryKey, attempt: Int, status: Int16) {
        guard let slot = waiting.removeValue(forKey: AttemptID(key: key, attempt: attempt)) else { return }
        slots[Int(slot)]?.answer?.status = status
        unresolved[Int(slot)] = false
    }

    /// Takes the earliest attempt when it is ready: sent before `watermark` and answered; with `all`,
    /// any (an unanswered one without its answer). Nil when the earliest is not ready.
    mutating func popReady(before watermark: SimTime, all: Bool) -> TraceEntry? {
        while let top = heap.peek() {
            guard all || (top.time < watermark.microseconds && !unresolved[Int(top.slot)]) else { return nil }
            heap.pop()
            guard var entry = slots[Int(top.slot)] else { continue }
            if unresolved[Int(top.slot)] {
                entry.answer = nil
                waiting[AttemptID(key: entry.key, attempt: entry.attempt)] = nil
            }
            slots[Int(top.slot)] = nil
            freeSlots.append(top.slot)
            return entry
        }
        return nil
    }
}

/// A binary min-heap of attempts by (send time, order told): no allocation per push beyond growth.
struct AttemptHeap {
    struct Item {
        var time: Int64
        var sequence: UInt64
        var slot: Int32
        func precedes(_ o: Item) -> Bool { (time, sequence) < (o.time, o.sequence) }
    }

    private var items: [Item] = []
    var count: Int { items.count }

    func peek() -> Item? { items.first }

    mutating func push(_ item: Item) {
        items.append(item)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].precedes(items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    @discardableResult mutating func pop() -> Item? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < items.count && items[l].precedes(items[m]) { m = l }
                if r < items.count && items[r].precedes(items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
