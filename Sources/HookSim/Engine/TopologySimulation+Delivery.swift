import SimKit

extension TopologySimulation {
    /// Idle Data Center threads take queued events; each holds its thread through the dispatch
    /// delay and the attempt, until the answer is read or the timeout fires.
    mutating func startThreads(_ instance: Int) {
        while let slot = jira.nextStart(instance) {
            sendLater(slot, at: loop.now + jira.dispatchDelay(slot))
        }
    }

    /// A Data Center retry waits for a dispatch thread like a new event; lost when none is free and
    /// the queue is full.
    mutating func requeue(_ slot: Int32) {
        let instance = jira.webhooks[Int(jira[slot].hook)].instance
        if jira.isFull(instance) {
            measures.jira.lost += 1
            measures.jira.deliveriesFailed += 1
            finishDelivery(slot, failedWith: .deliveryFailed, at: loop.now)
            return
        }
        jira.enqueue(slot, instance: instance, holdsThread: false)
        startThreads(instance)
    }

    /// An attempt that leaves Jira at `t`. Nothing an attempt draws or reads changes between now
    /// and `t`, so it is worked out at once and only its arrival is scheduled — one engine event
    /// fewer per attempt. An attempt after the end of the run is left as an event that never runs,
    /// so the counts at the end are exactly those of attempts really sent.
    mutating func sendLater(_ slot: Int32, at t: SimTime) {
        if t <= end { send(slot, at: t) } else { loop.schedule(.send(slot), at: t) }
    }

    mutating func send(_ slot: Int32, at t: SimTime) {
        let a = jira.send(slot, at: t, end: end, measures: &measures)
        let d = jira[slot]
        if let probe {
            let fate: AttemptFate
            if a.fails {
                fate = .connectionFailed(timeoutAt: t + a.timeout)
            } else {
                fate = .arrives(
                    arrivesAt: t + a.there, answeredAt: a.answered ? t + a.there + a.back : nil,
                    timeoutAt: a.answered ? nil : t + a.timeout)
            }
            probe.attempt(
                DeliveryKey(change: d.change, hook: d.hook, kind: d.kind), attempt: Int(d.attempt) + 1, sentAt: t,
                fate: fate)
        }
        if a.fails {
            loop.schedule(.timeout(slot), at: t + a.timeout)
        } else {
            // NB: an arrival may come after Jira stopped waiting; it holds the change open until it
            // has been accepted or refused, so its pairs never settle while it travels.
            if d.track >= 0 { oracle.hold(d.track) }
            loop.schedule(.arrive(slot, attempt: d.attempt, step: Int32(a.step), answered: a.answered), at: t + a.there)
            if !a.answered { loop.schedule(.timeout(slot), at: t + a.timeout) }
        }
    }

    /// Jira reads Aha!'s answer at `t` (now, or later when called from the arrival).
    mutating func answer(_ slot: Int32, at t: SimTime) {
        measures.jira.attemptsInFlight -= 1
        let status = jira[slot].lastStatus
        if status >= 200 && status < 300 {
            measures.jira.succeeded += 1
            releaseThread(slot)
            finishDelivery(slot, failedWith: nil, at: t)
        } else {
            measures.jira.failed += 1
            releaseThread(slot)
            retryOrFail(slot, status: status, at: t)
        }
    }

    mutating func timedOut(_ slot: Int32) {
        measures.jira.attemptsInFlight -= 1
        measures.jira.failed += 1
        releaseThread(slot)
        retryOrFail(slot, status: 0, at: loop.now)
    }

    mutating func releaseThread(_ slot: Int32) {
        if jira[slot].holdsThread {
            loop.schedule(.threadFree(Int32(jira.webhooks[Int(jira[slot].hook)].instance)), after: .zero)
        }
    }

    mutating func retryOrFail(_ slot: Int32, status: Int16, at t: SimTime) {
        switch jira.retry(slot, after: status, at: t) {
        case .send(let at): sendLater(slot, at: at)
        case .requeue(let at): loop.schedule(.requeue(slot), at: at)
        case .giveUp:
            measures.jira.deliveriesFailed += 1
            finishDelivery(slot, failedWith: status == 429 ? .rateLimited : .deliveryFailed, at: t)
        }
    }

    @inline(__always) mutating func finishDelivery(_ slot: Int32, failedWith stage: Stage?, at t: SimTime) {
        let d = jira[slot]
        probe?.jiraDone(DeliveryKey(change: d.change, hook: d.hook, kind: d.kind), at: t, failedWith: stage)
        jira.finish(slot)
        oracle.judges[Int(slot)].pendingFailure = stage
        // NB: before the release, which may settle the change's pairs.
        settleIfDone(slot)
        if d.track >= 0 { oracle.release(d.track, at: loop.now, measures: &measures, probe: probe) }
    }

    /// Once Jira is done with a delivery, every attempt of it has arrived and every job of it has
    /// run: a failure of a delivery never processed raises its pairs on the rights at dispatch, and
    /// the slot is free again. Called by whatever brings the last of those to an end.
    @inline(__always) mutating func settleIfDone(_ slot: Int32) {
        let s = Int(slot)
        guard jira.isSettled(slot), oracle.judges[s].openJobs == 0 else { return }
        // NB: field by field, not a copy of the whole delivery (a memcpy per call in callgrind).
        let track = jira.deliveries[s].track
        if let stage = oracle.judges[s].pendingFailure, !oracle.judges[s].processed, track >= 0 {
            let hook = Int(jira.deliveries[s].hook)
            oracle.raiseFailure(
                track: track, endpoint: jira.webhooks[hook], rights: aha.rights, user: Int(oracle.judges[s].user),
                epoch: Int(oracle.judges[s].epoch), to: stage)
        }
        jira.close(slot)
    }
}
