import SimKit

/// Jira's side of a run: the webhooks, the deliveries in progress, and each instance's dispatch
/// threads and queue. The engine tells it what happened (an attempt left, an answer came back, a
/// thread is free) and it says what should happen next; it never looks at Aha! or the oracle.
struct JiraDelivery {
    var webhooks: Webhooks
    let policies: [DeliveryPolicy]
    /// Per instance: the dispatch delay, and when and how soon a failed attempt is tried again.
    private let dispatchDelays: [Sampler]
    private let retries: [RetryPolicy]
    /// The names JQL sees for the Jira users of each instance (`user0`, `user1`, …).
    let userNames: [[String]]
    private(set) var deliveries: [Delivery] = []
    private var freeSlots: [Int32] = []
    private var queues: [Ring<Int32>]
    private var freeThreads: [Int]
    private let latency: Sampler
    private let network: NetworkSpec
    private let keyed: KeyedRandom

    init(world: JiraWorld, network: NetworkSpec, keyed: KeyedRandom) {
        webhooks = Webhooks(instances: world.instances.count)
        policies = world.instances.map(DeliveryPolicy.init)
        dispatchDelays = world.instances.map { Sampler($0.delivery.dispatchDelay) }
        retries = world.instances.map { RetryPolicy($0.delivery) }
        userNames = world.instances.map { inst in (0..<inst.users).map { "user\($0)" } }
        queues = world.instances.map { _ in Ring<Int32>() }
        freeThreads = policies.map(\.threads)
        latency = Sampler(network.latency)
        self.network = network
        self.keyed = keyed
    }

    @inline(__always) subscript(_ slot: Int32) -> Delivery { deliveries[Int(slot)] }

    /// Data Center async: every thread is busy and the queue is full, so a new event is lost.
    @inline(__always) func isFull(_ instance: Int) -> Bool {
        freeThreads[instance] == 0 && queues[instance].count >= policies[instance].queue
    }

    /// A fired event becomes a delivery: its slot (slots are reused once settled).
    @inline(__always) mutating func open(_ d: Delivery) -> Int32 {
        if let slot = freeSlots.popLast() {
            deliveries[Int(slot)] = d
            return slot
        }
        deliveries.append(d)
        return Int32(deliveries.count - 1)
    }

    /// The delivery in `slot` is settled: the slot may be reused.
    mutating func close(_ slot: Int32) { freeSlots.append(slot) }

    /// The dispatch delay of a delivery, drawn from a stream keyed by (change, webhook, event): the
    /// same in every topology.
    @inline(__always) func dispatchDelay(_ slot: Int32) -> SimDuration {
        let d = deliveries[Int(slot)]
        let hook = webhooks[Int(d.hook)]
        var rng = keyed.few(Streams.dispatch, UInt64(d.change), hook.nameHash, UInt64(d.kind.rawValue))
        return dispatchDelays[hook.instance].duration(using: &rng)
    }

    /// Data Center async: the delivery waits for a dispatch thread. `holdsThread` marks a new event
    /// (a retry is queued again without it until a thread takes it).
    mutating func enqueue(_ slot: Int32, instance: Int, holdsThread: Bool) {
        if holdsThread { deliveries[Int(slot)].holdsThread = true }
        queues[instance].push(slot)
    }

    /// An idle thread of the instance takes the oldest queued delivery, and holds it through the
    /// dispatch delay and the attempt, until the answer is read or the timeout fires; nil when no
    /// thread is idle or nothing waits.
    mutating func nextStart(_ instance: Int) -> Int32? {
        guard freeThreads[instance] > 0, let slot = queues[instance].pop() else { return nil }
        freeThreads[instance] -= 1
        deliveries[Int(slot)].holdsThread = true
        return slot
    }

    mutating func threadFreed(_ instance: Int) { freeThreads[instance] += 1 }

    /// One attempt of the delivery in `slot` leaves Jira at `t`. Whether it fails, how long each way
    /// takes and whether the answer is lost are drawn from a stream keyed by (change, webhook, event,
    /// attempt): the same in every topology. `end` is the end of the run.
    mutating func send(_ slot: Int32, at t: SimTime, end: SimTime, measures: inout Measures) -> Attempt {
        let d = deliveries[Int(slot)]
        let hook = webhooks[Int(d.hook)]
        measures.jira.attempted += 1
        measures.jira.attemptsInFlight += 1
        let step = measures.series.index(t)
        measures.series.deliveries[step] += 1
        measures.jira.hookDeliveries[Int(d.hook)] += 1
        if d.attempt > 0 {
            measures.jira.retried += 1
        } else if d.exposed {
            measures.jira.hookExposure[Int(d.hook)] += 1
        }
        var rng = keyed.few(
            Streams.network, UInt64(d.change), hook.nameHash, UInt64(d.kind.rawValue), UInt64(d.attempt))
        let fails = rng.nextBool(probability: network.failureRate)
        let (there, back) = latency.pair(using: &rng)
        let ackLost = rng.nextBool(probability: network.ackLossRate)
        let timeout = policies[hook.instance].timeout
        let attempt = Attempt(
            fails: fails, there: there, back: back, answered: !fails && !ackLost && there + back <= timeout,
            timeout: timeout, step: step)
        if fails {
            // NB: counted now, in its send step, when its timeout will end it within the run.
            if t + timeout <= end { measures.series.failed[step] += 1 }
        } else {
            deliveries[Int(slot)].pendingArrivals += 1
            deliveries[Int(slot)].answerDelay = back
        }
        return attempt
    }

    /// An attempt of the delivery reached Aha!.
    mutating func arrived(_ slot: Int32) { deliveries[Int(slot)].pendingArrivals -= 1 }

    /// Aha!'s answer to the current attempt, to be read by Jira.
    mutating func answered(_ slot: Int32, status: Int16) { deliveries[Int(slot)].lastStatus = status }

    /// The current attempt ended with `status` (0: no answer) at `t`: what Jira does next. A Data
    /// Center retry is queued for a dispatch thread again, like a new event.
    mutating func retry(_ slot: Int32, after status: Int16, at t: SimTime) -> RetryDecision {
        let d = deliveries[Int(slot)]
        let hook = webhooks[Int(d.hook)]
        let wait = retries[hook.instance].delay(after: status, attempt: d.attempt) {
            keyed.few(Streams.backoff, UInt64(d.change), hook.nameHash, UInt64(d.kind.rawValue), UInt64(d.attempt))
        }
        guard let wait else { return .giveUp }
        deliveries[Int(slot)].attempt += 1
        if d.holdsThread {
            deliveries[Int(slot)].holdsThread = false
            return .requeue(at: t + wait)
        }
        return .send(at: t + wait)
    }

    /// Jira is done with the delivery (succeeded or gave up).
    mutating func finish(_ slot: Int32) { deliveries[Int(slot)].jiraDone = true }

    /// Jira is done and no attempt still travels.
    @inline(__always) func isSettled(_ slot: Int32) -> Bool {
        deliveries[Int(slot)].jiraDone && deliveries[Int(slot)].pendingArrivals == 0
    }
}
