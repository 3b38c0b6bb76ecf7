import JQL
import SimKit

extension TopologySimulation {
    /// The pairs the oracle expects for a change: every record linked to the issue through an
    /// integration on its instance that syncs this kind of change, or for a create under a
    /// linked parent, one import per integration (DESIGN.md §3).
    ///
    /// Links are the oracle's own (`ideal`): an intended import links the new issue at the time of
    /// the create and a delete unlinks it, whatever the topology then does.
    mutating func intendedPairs(_ change: Change) -> [PairState] {
        if change.isEcho { return [] }
        let issue = world.issues[Int(change.issue)]
        var pairs: [PairState] = []
        for k in integrationsByProject[Int(issue.project)] {
            switch change.kind {
            case .create:
                guard issue.parent >= 0, integrations[k].autoImport, integrations[k].ideallyLinked(issue.parent),
                    integrations[k].maps(issue.type)
                else { continue }
                integrations[k].setIdeal(change.issue, true)
                pairs.append(PairState(integration: Int32(k)))
            default:
                guard integrations[k].ideallyLinked(change.issue) else { continue }
                let syncs: Bool
                switch change.kind {
                case .update: syncs = change.field > 0 && integrations[k].fieldMask & (1 << Int32(change.field)) != 0
                case .transition: syncs = integrations[k].fieldMask & 1 != 0
                case .comment, .commentEdit, .commentDelete: syncs = integrations[k].spec.sync.comments
                case .delete, .create: syncs = true
                }
                if syncs { pairs.append(PairState(integration: Int32(k))) }
            }
        }
        return pairs
    }

    /// Whether any integration an endpoint serves links this issue or would import it, judged on the
    /// oracle's links (DESIGN.md §3: exposure does not depend on earlier losses).
    // NB: mutating only so the call does not copy the whole simulation (seen in callgrind).
    /// Only integrations of the issue's project can link it or import it, so only those are looked at.
    mutating func inScope(issue index: Int32, version: IntegrationVersion, instance: Int) -> Bool {
        let issue = world.issues[Int(index)]
        for k in integrationsByProject[Int(issue.project)]
        where integrations[k].spec.version == version && integrations[k].instance == instance {
            // NB: a create to be imported is already ideally linked (intendedPairs ran first); an
            // existing unlinked issue under a linked parent is never imported, so it is out of scope.
            if integrations[k].ideallyLinked(index) { return true }
        }
        return false
    }

    /// A Jira change happens: the oracle records what should follow, and every webhook of the
    /// instance decides whether to fire (enabled, subscribed, JQL matches the issue after the change).
    mutating func handleChange() {
        guard let change = activity.next(world: &world) else { return }
        measures.changes += 1
        if change.isEcho { measures.echoes += 1 }
        var digest = measures.changeDigest
        digest = SplitMix64.mix(digest ^ UInt64(change.time.microseconds))
        digest = SplitMix64.mix(digest ^ UInt64(change.kind.hashKey))
        digest = SplitMix64.mix(digest ^ UInt64(bitPattern: Int64(change.issue)))
        measures.changeDigest = SplitMix64.mix(digest ^ UInt64(bitPattern: Int64(change.actor)))
        let pairs = intendedPairs(change)
        measures.intended += pairs.count
        for p in pairs { measures.byIntegration[Int(p.integration)].intended += 1 }
        let slot = pairs.isEmpty ? -1 : allocateTrack(ChangeTrack(change: change, pairs: pairs))
        probe?.change(change, pairs: pairs.map(\.integration), world: world)
        // NB: an issue created from Aha! has its record before Jira fires: it is in scope.
        if change.isEcho && change.kind == .create { mirrorEcho(change) }

        let instance = world.instance(of: change.issue)
        let primary = EventKind.primary(for: change.kind)
        let extra = change.kind == .comment && world.instances[instance].delivery.commentAlsoUpdates
        let isDatacenter = world.instances[instance].kind == .datacenter
        let isSync = isDatacenter && world.instances[instance].delivery.mode == .sync
        let jqlCost = world.instances[instance].delivery.jqlCost
        var userDelay = SimDuration.zero
        // NB: built on first use: a filter-less webhook needs no view of the issue.
        var view: IssueView?
        for h in hooksByInstance[instance] where hooks[h].installed {
            for round in 0..<(extra ? 2 : 1) {
                let kind = round == 0 ? primary : .issueCommented
                let carries = round == 0 && slot >= 0
                guard hooks[h].enabled else {
                    if carries { raise(track: slot, to: .webhookDisabled) }
                    if probe != nil { tell(change, hook: h, kind: kind, .disabled, view: nil) }
                    continue
                }
                guard hooks[h].subscribes(kind.jiraName) else {
                    if carries { raise(track: slot, to: .notSubscribed) }
                    if probe != nil { tell(change, hook: h, kind: kind, .notSubscribed, view: nil) }
                    continue
                }
                var matches = false
                if let q = hookQueries[h] {
                    // NB: Data Center runs the JQL of every webhook that has one on the user's thread.
                    if isSync && !q.matchesEverything { userDelay = userDelay + jqlCost }
                    if q.matchesEverything {
                        matches = true
                    } else {
                        if view == nil { view = IssueView(world: world, index: change.issue, userNames: userNames[instance]) }
                        let context = JQLContext(now: IssueView.epoch + loop.now.sinceStart.seconds)
                        matches = view.map { q.matches($0, context: context) } ?? false
                    }
                }
                guard matches else {
                    if carries { raise(track: slot, to: .jqlFiltered) }
                    if probe != nil { tell(change, hook: h, kind: kind, .jqlFiltered, view: view) }
                    continue
                }
                let exposed = !inScope(issue: change.issue, version: hooks[h].version, instance: instance)
                dispatch(hook: h, change: change, kind: kind, track: carries ? slot : -1, instance: instance,
                         syncDelay: userDelay, exposed: exposed)
            }
        }
        if isSync { measures.userDelay.add(userDelay.milliseconds) }
        // NB: after dispatch, so scope (exposure) is judged on the links as they were before the echo
        // (the record an echo's delete removed in Aha! was linked when the edit began).
        if change.isEcho && change.kind != .create { mirrorEcho(change) }
        // NB: a delete unlinks only after dispatch: its events are judged on the issue as it was.
        if change.kind == .delete {
            for k in integrationsByProject[Int(world.issues[Int(change.issue)].project)] {
                integrations[k].setIdeal(change.issue, false)
            }
        }
        if slot >= 0 && tracks[Int(slot)].outstanding == 0 { finalize(slot) }
    }

    /// Tells the probe, if any, what webhook `h` did with event `kind` of `change`.
    @inline(never) func tell(_ change: Change, hook h: Int, kind: EventKind, _ decision: HookDecision, view: IssueView?) {
        guard let probe else { return }
        let context = JQLContext(now: IssueView.epoch + loop.now.sinceStart.seconds)
        probe.decision(DeliveryKey(change: change.id, hook: Int32(h), kind: kind), decision, view: view, context: context, at: loop.now)
    }

    /// A delivery of webhook `h` was lost at run time: for each pair the webhook was able to apply
    /// (its version serves the pair's integration and its run-as user may write the workspace), the
    /// run-time stage; for the others, the configuration stage that stopped it (DESIGN.md §3).
    /// The run-as user's rights are those the delivery was judged on: at processing when a job of it
    /// was processed, at dispatch otherwise (`user` and `epoch`, an index into `roleEpochs`).
    mutating func raiseFailure(track slot: Int32, hook h: Int, user: Int, epoch: Int, to stage: Stage) {
        guard slot >= 0 else { return }
        let hook = hooks[h]
        for i in tracks[Int(slot)].pairs.indices {
            let k = Int(tracks[Int(slot)].pairs[i].integration)
            let reached: Stage
            if integrations[k].spec.version != hook.version || integrations[k].instance != hook.instance {
                reached = .versionMismatch
            } else if !roleEpochs[epoch][user][integrations[k].workspace].canWrite {
                reached = .permissionDenied
            } else {
                reached = stage
            }
            if tracks[Int(slot)].pairs[i].stage.rawValue < reached.rawValue { tracks[Int(slot)].pairs[i].stage = reached }
        }
    }

    /// A Data Center retry waits for a dispatch thread like a new event; lost when none is free and
    /// the queue is full.
    mutating func requeue(_ slot: Int32) {
        let instance = hooks[Int(deliveries[Int(slot)].hook)].instance
        if freeThreads[instance] == 0 && dispatchQueues[instance].count >= world.instances[instance].delivery.queue {
            measures.lost += 1
            measures.deliveriesFailed += 1
            finishDelivery(slot, failedWith: .deliveryFailed, at: loop.now)
            return
        }
        dispatchQueues[instance].push(slot)
        startThreads(instance)
    }

    mutating func allocateTrack(_ track: ChangeTrack) -> Int32 {
        if let slot = freeTracks.popLast() {
            tracks[Int(slot)] = track
            return slot
        }
        tracks.append(track)
        return Int32(tracks.count - 1)
    }

    mutating func raise(track slot: Int32, to stage: Stage) {
        guard slot >= 0 else { return }
        for i in tracks[Int(slot)].pairs.indices where tracks[Int(slot)].pairs[i].stage.rawValue < stage.rawValue {
            tracks[Int(slot)].pairs[i].stage = stage
        }
    }

    /// Hands a fired webhook event to the instance's delivery machinery.
    // NB: inlined into handleChange: as a call it costs about 1% of a run (callgrind).
    @inline(__always) mutating func dispatch(
        hook h: Int, change: Change, kind: EventKind, track: Int32, instance: Int, syncDelay: SimDuration,
        exposed: Bool
    ) {
        let issue = world.issues[Int(change.issue)]
        var d = Delivery(hook: Int32(h), change: change.id, track: track, kind: kind, issue: change.issue,
                         values: issue.values, versions: issue.versions)
        d.carries = kind != .issueCommented
        d.echo = change.isEcho
        d.exposed = exposed
        let kind = world.instances[instance].kind
        let mode = world.instances[instance].delivery.mode
        if kind == .datacenter && mode == .async {
            if freeThreads[instance] == 0 && dispatchQueues[instance].count >= world.instances[instance].delivery.queue {
                // NB: Data Center drops the event when every thread is busy and its webhook queue is
                // full; nothing retries it, and nothing left Jira, so nothing is exposed.
                measures.lost += 1
                raiseFailure(track: track, hook: h, user: runAs(of: h), epoch: roleEpochs.count - 1, to: .deliveryFailed)
                if probe != nil { tell(change, hook: h, kind: d.kind, .lostInQueue, view: nil) }
                return
            }
        }
        let slot = allocate(d, Judge(user: Int32(runAs(of: h)), epoch: Int32(roleEpochs.count - 1)))
        if probe != nil { tell(change, hook: h, kind: d.kind, .dispatched(exposed: exposed), view: nil) }
        if track >= 0 { tracks[Int(track)].outstanding += 1 }
        switch (kind, mode) {
        case (.cloud, _):
            sendLater(slot, at: loop.now + self.dispatchDelay(slot))
        case (.datacenter, .sync):
            // NB: the dispatch delay runs after the JQL work, on the thread that sends (DESIGN.md §2).
            sendLater(slot, at: loop.now + syncDelay + self.dispatchDelay(slot))
        case (.datacenter, .async):
            deliveries[Int(slot)].holdsThread = true
            dispatchQueues[instance].push(slot)
            startThreads(instance)
        }
    }

    mutating func allocate(_ d: Delivery, _ judge: Judge) -> Int32 {
        if let slot = freeDeliveries.popLast() {
            deliveries[Int(slot)] = d
            judges[Int(slot)] = judge
            return slot
        }
        deliveries.append(d)
        judges.append(judge)
        return Int32(deliveries.count - 1)
    }

    /// The dispatch delay of a delivery, drawn from a stream keyed by (change, webhook, event): the
    /// same in every topology.
    @inline(__always) mutating func dispatchDelay(_ slot: Int32) -> SimDuration {
        let d = deliveries[Int(slot)]
        var rng = keyed.few(Streams.dispatch, UInt64(d.change), hooks[Int(d.hook)].nameHash, UInt64(d.kind.rawValue))
        return dispatchDelay[hooks[Int(d.hook)].instance].duration(using: &rng)
    }

    /// Idle Data Center threads take queued events; each holds its thread through the dispatch
    /// delay and the attempt, until the answer is read or the timeout fires.
    mutating func startThreads(_ instance: Int) {
        while freeThreads[instance] > 0, let slot = dispatchQueues[instance].pop() {
            freeThreads[instance] -= 1
            deliveries[Int(slot)].holdsThread = true
            sendLater(slot, at: loop.now + dispatchDelay(slot))
        }
    }

    mutating func threadFree(_ instance: Int) {
        freeThreads[instance] += 1
        startThreads(instance)
    }

    /// One attempt leaves Jira. Whether it fails, how long each way takes and whether the answer is
    /// lost are drawn from a stream keyed by (change, webhook, event, attempt): the same in every topology.
    /// An attempt that leaves Jira at `t`. Nothing an attempt draws or reads changes between now
    /// and `t`, so it is worked out at once and only its arrival is scheduled — one engine event
    /// fewer per attempt. An attempt after the end of the run is left as an event that never runs,
    /// so the counts at the end are exactly those of attempts really sent.
    mutating func sendLater(_ slot: Int32, at t: SimTime) {
        if t <= end { send(slot, at: t) } else { loop.schedule(.send(slot), at: t) }
    }

    mutating func send(_ slot: Int32) { send(slot, at: loop.now) }

    mutating func send(_ slot: Int32, at t: SimTime) {
        var d = deliveries[Int(slot)]
        let instance = hooks[Int(d.hook)].instance
        measures.attempted += 1
        measures.attemptsInFlight += 1
        let step = measures.series.index(t)
        measures.series.deliveries[step] += 1
        measures.hookDeliveries[Int(d.hook)] += 1
        if d.attempt > 0 {
            measures.retried += 1
        } else if d.exposed {
            measures.hookExposure[Int(d.hook)] += 1
        }
        var rng = keyed.few(
            Streams.network, UInt64(d.change), hooks[Int(d.hook)].nameHash, UInt64(d.kind.rawValue), UInt64(d.attempt))
        let fails = rng.nextBool(probability: scenario.network.failureRate)
        let (there, back) = latency.pair(using: &rng)
        let ackLost = rng.nextBool(probability: scenario.network.ackLossRate)
        let timeout = world.instances[instance].delivery.timeout
        if let probe {
            let fate: AttemptFate
            if fails {
                fate = .connectionFailed(timeoutAt: t + timeout)
            } else {
                let answered = !ackLost && there + back <= timeout
                fate = .arrives(arrivesAt: t + there, answeredAt: answered ? t + there + back : nil, timeoutAt: answered ? nil : t + timeout)
            }
            probe.attempt(DeliveryKey(change: d.change, hook: d.hook, kind: d.kind), attempt: Int(d.attempt) + 1, sentAt: t, fate: fate)
        }
        if fails {
            // NB: counted now, in its send step, when its timeout will end it within the run.
            if t + timeout <= end { measures.series.failed[step] += 1 }
            loop.schedule(.timeout(slot), at: t + timeout)
        } else {
            let answered = !ackLost && there + back <= timeout
            d.pendingArrivals += 1
            // NB: an arrival may come after Jira stopped waiting; it holds the change open until it
            // has been accepted or refused, so its pairs never settle while it travels.
            if d.track >= 0 { tracks[Int(d.track)].outstanding += 1 }
            d.answerDelay = back
            loop.schedule(.arrive(slot, attempt: d.attempt, step: Int32(step), answered: answered), at: t + there)
            if !answered { loop.schedule(.timeout(slot), at: t + timeout) }
        }
        deliveries[Int(slot)] = d
    }

    mutating func answer(_ slot: Int32) { answer(slot, at: loop.now) }

    /// Jira reads Aha!'s answer at `t` (now, or later when called from the arrival).
    mutating func answer(_ slot: Int32, at t: SimTime) {
        measures.attemptsInFlight -= 1
        let status = deliveries[Int(slot)].lastStatus
        if status >= 200 && status < 300 {
            measures.succeeded += 1
            releaseThread(slot)
            finishDelivery(slot, failedWith: nil, at: t)
        } else {
            measures.failed += 1
            releaseThread(slot)
            retryOrFail(slot, status: status, at: t)
        }
    }

    mutating func timedOut(_ slot: Int32) {
        measures.attemptsInFlight -= 1
        measures.failed += 1
        releaseThread(slot)
        retryOrFail(slot, status: 0, at: loop.now)
    }

    mutating func releaseThread(_ slot: Int32) {
        if deliveries[Int(slot)].holdsThread {
            loop.schedule(.threadFree(Int32(hooks[Int(deliveries[Int(slot)].hook)].instance)), after: .zero)
        }
    }

    /// Jira's retry rule: 408, 409, 425, 429, 5xx, connection failure and timeout are retried
    /// up to the limit, spaced by the backoff distribution; any other status is final.
    static func isRetryable(_ status: Int16) -> Bool {
        status == 0 || status == 408 || status == 409 || status == 425 || status == 429 || status >= 500
    }

    mutating func retryOrFail(_ slot: Int32, status: Int16, at t: SimTime) {
        let d = deliveries[Int(slot)]
        let instance = hooks[Int(d.hook)].instance
        if Self.isRetryable(status) && Int(d.attempt) < world.instances[instance].delivery.retryMax {
            deliveries[Int(slot)].attempt += 1
            var rng = keyed.few(Streams.backoff, UInt64(d.change), hooks[Int(d.hook)].nameHash,
                                   UInt64(d.kind.rawValue), UInt64(d.attempt))
            let at = t + backoff[instance].duration(using: &rng)
            if d.holdsThread {
                // NB: a Data Center retry is queued for a dispatch thread again, like a new event.
                deliveries[Int(slot)].holdsThread = false
                loop.schedule(.requeue(slot), at: at)
            } else {
                sendLater(slot, at: at)
            }
        } else {
            measures.deliveriesFailed += 1
            finishDelivery(slot, failedWith: status == 429 ? .rateLimited : .deliveryFailed, at: t)
        }
    }

    mutating func finishDelivery(_ slot: Int32, failedWith stage: Stage?, at t: SimTime) {
        let d = deliveries[Int(slot)]
        probe?.jiraDone(DeliveryKey(change: d.change, hook: d.hook, kind: d.kind), at: t, failedWith: stage)
        deliveries[Int(slot)].jiraDone = true
        judges[Int(slot)].pendingFailure = stage
        // NB: before the release, which may settle the change's pairs.
        settleIfDone(slot)
        if d.track >= 0 { release(track: d.track) }
    }

    /// Once Jira is done with a delivery, every attempt of it has arrived and every job of it has
    /// run: a failure of a delivery never processed raises its pairs on the rights at dispatch, and
    /// the slot is free again. Called by whatever brings the last of those to an end.
    mutating func settleIfDone(_ slot: Int32) {
        // NB: field by field, not a copy of the whole delivery (a memcpy per call in callgrind).
        let s = Int(slot)
        guard deliveries[s].jiraDone, deliveries[s].pendingArrivals == 0, judges[s].openJobs == 0 else { return }
        if let stage = judges[s].pendingFailure, !judges[s].processed, deliveries[s].track >= 0 {
            raiseFailure(
                track: deliveries[s].track, hook: Int(deliveries[s].hook), user: Int(judges[s].user),
                epoch: Int(judges[s].epoch), to: stage)
        }
        freeDeliveries.append(slot)
    }

    /// One fewer delivery or job may carry this change; with none left, its pairs settle.
    mutating func release(track slot: Int32) {
        tracks[Int(slot)].outstanding -= 1
        if tracks[Int(slot)].outstanding <= 0 { finalize(slot) }
    }

    mutating func finalize(_ slot: Int32) {
        if let probe {
            for p in tracks[Int(slot)].pairs {
                probe.settled(change: tracks[Int(slot)].change.id, integration: p.integration,
                              appliedAt: p.appliedAt >= 0 ? p.appliedAt : nil, stage: p.stage, at: loop.now)
            }
        }
        for p in tracks[Int(slot)].pairs where p.appliedAt < 0 {
            measures.dropped[Int(p.stage.rawValue)] += 1
            measures.byIntegration[Int(p.integration)].dropped += 1
            measures.byIntegration[Int(p.integration)].droppedByReason[Int(p.stage.rawValue)] += 1
        }
        tracks[Int(slot)].pairs = []
        tracks[Int(slot)].outstanding = 0
        freeTracks.append(slot)
    }
}
