import JQL
import SimKit

extension TopologySimulation {
    /// The pairs the oracle expects for a change: every record linked to the issue through an
    /// integration on its instance that syncs this kind of change, or for a create under a
    /// linked parent, one import per integration (DESIGN.md §3).
    func intendedPairs(_ change: Change) -> [PairState] {
        if change.isEcho { return [] }
        let issue = world.issues[Int(change.issue)]
        let instance = world.projects[Int(issue.project)].instance
        var pairs: [PairState] = []
        for (k, integration) in integrations.enumerated() where integration.instance == instance {
            switch change.kind {
            case .create:
                guard issue.parent >= 0, integration.spec.autoImport,
                    integration.recordOf[Int(issue.parent)] >= 0,
                    integration.spec.recordType(for: world.typeNames[Int(issue.type)]) != nil
                else { continue }
                pairs.append(PairState(integration: Int32(k), record: -1))
            default:
                let record = integration.recordOf[Int(change.issue)]
                guard record >= 0 else { continue }
                let syncs: Bool
                switch change.kind {
                case .update: syncs = integration.fieldMask & (1 << Int32(change.field)) != 0 && change.field != 0
                case .transition: syncs = integration.spec.sync.status
                case .comment, .commentEdit, .commentDelete: syncs = integration.spec.sync.comments
                case .delete, .create: syncs = true
                }
                if syncs { pairs.append(PairState(integration: Int32(k), record: record)) }
            }
        }
        return pairs
    }

    /// Whether any integration an endpoint serves links this issue or would import it.
    func inScope(issue index: Int32, version: IntegrationVersion, instance: Int) -> Bool {
        let issue = world.issues[Int(index)]
        for k in served[(version == .v1 ? 0 : 1) * world.instances.count + instance] {
            let integration = integrations[k]
            if integration.recordOf[Int(index)] >= 0 { return true }
            if issue.parent >= 0, integration.spec.autoImport, integration.recordOf[Int(issue.parent)] >= 0,
                integration.spec.recordType(for: world.typeNames[Int(issue.type)]) != nil
            {
                return true
            }
        }
        return false
    }

    /// A Jira change happens: the oracle records what should follow, and every webhook of the
    /// instance decides whether to fire (enabled, subscribed, JQL matches the issue after the change).
    mutating func handleChange() {
        guard let change = activity.next(world: &world) else { return }
        if change.kind == .create {
            for k in integrations.indices { integrations[k].recordOf.append(-1) }
        }
        measures.changes += 1
        if change.isEcho { measures.echoes += 1 }
        var track = ChangeTrack(change: change, pairs: intendedPairs(change))
        measures.intended += track.pairs.count
        for p in track.pairs { measures.byIntegration[Int(p.integration)].intended += 1 }

        let instance = world.instance(of: change.issue)
        let delivery = world.instances[instance].delivery
        let primary = EventKind.primary(for: change.kind)
        let extra = change.kind == .comment && delivery.commentAlsoUpdates
        let isDatacenter = world.instances[instance].kind == .datacenter
        var userDelay = SimDuration.zero
        let context = JQLContext(now: IssueView.epoch + loop.now.sinceStart.seconds)
        let view = IssueView(world: world, index: change.issue, userNames: userNames[instance])
        for h in hooksByInstance[instance] where hooks[h].installed {
            for kind in extra ? [primary, .issueCommented] : [primary] {
                let hook = hooks[h]
                guard hook.subscribes(kind.jiraName) else { continue }
                let carries = kind == primary
                guard hook.enabled else {
                    if carries { raise(&track, to: .webhookDisabled) }
                    continue
                }
                if isDatacenter && delivery.mode == .sync { userDelay = userDelay + delivery.jqlCost }
                let matches = hook.query.map { q in q.matchesEverything || q.matches(view, context: context) } ?? false
                guard matches else {
                    if carries { raise(&track, to: .jqlFiltered) }
                    continue
                }
                if !inScope(issue: change.issue, version: hook.version, instance: instance) {
                    measures.hookExposure[h] += 1
                }
                dispatch(hook: h, change: change, kind: kind, carries: carries, track: &track,
                         instance: instance, syncDelay: userDelay)
            }
        }
        if isDatacenter && delivery.mode == .sync { measures.userDelay.add(userDelay.milliseconds) }
        if track.outstanding > 0 { tracks[change.id] = track } else { finalize(track) }
        if let t = activity.peekTime() { loop.schedule(.change, at: max(t, loop.now)) }
    }

    mutating func raise(_ track: inout ChangeTrack, to stage: Stage) {
        for i in track.pairs.indices where track.pairs[i].stage.rawValue < stage.rawValue {
            track.pairs[i].stage = stage
        }
    }

    /// Hands a fired webhook event to the instance's delivery machinery.
    mutating func dispatch(
        hook h: Int, change: Change, kind: EventKind, carries: Bool, track: inout ChangeTrack, instance: Int,
        syncDelay: SimDuration
    ) {
        let issue = world.issues[Int(change.issue)]
        var d = Delivery(hook: Int32(h), change: change.id, kind: kind, issue: change.issue,
                         values: issue.values, versions: issue.versions)
        d.carries = carries
        d.echo = change.isEcho
        let spec = world.instances[instance]
        if spec.kind == .datacenter && spec.delivery.mode == .async {
            if dispatchQueues[instance].count >= spec.delivery.queue {
                // NB: Data Center drops the event when its webhook queue is full; nothing retries it.
                measures.lost += 1
                if carries { raise(&track, to: .deliveryFailed) }
                return
            }
        }
        let slot = allocate(d)
        if carries { track.outstanding += 1 }
        switch (spec.kind, spec.delivery.mode) {
        case (.cloud, _):
            var rng = keyed.stream(Streams.dispatch, UInt64(change.id), hooks[h].nameHash, UInt64(kind.rawValue))
            loop.schedule(.send(slot), after: spec.delivery.dispatchDelay.sample(using: &rng))
        case (.datacenter, .sync):
            loop.schedule(.send(slot), after: syncDelay)
        case (.datacenter, .async):
            deliveries[Int(slot)].holdsThread = true
            dispatchQueues[instance].push(slot)
            startThreads(instance)
        }
    }

    mutating func allocate(_ d: Delivery) -> Int32 {
        if let slot = freeDeliveries.popLast() {
            deliveries[Int(slot)] = d
            return slot
        }
        deliveries.append(d)
        return Int32(deliveries.count - 1)
    }

    mutating func startThreads(_ instance: Int) {
        while freeThreads[instance] > 0, let slot = dispatchQueues[instance].pop() {
            freeThreads[instance] -= 1
            send(slot)
        }
    }

    mutating func threadFree(_ instance: Int) {
        freeThreads[instance] += 1
        startThreads(instance)
    }

    /// One attempt leaves Jira. Whether it fails, how long each way takes and whether the answer is
    /// lost are drawn from a stream keyed by (change, webhook, event, attempt): the same in every topology.
    mutating func send(_ slot: Int32) {
        var d = deliveries[Int(slot)]
        let spec = world.instances[hooks[Int(d.hook)].instance]
        measures.attempted += 1
        measures.attemptsInFlight += 1
        measures.hookDeliveries[Int(d.hook)] += 1
        if d.attempt > 0 { measures.retried += 1 }
        var rng = keyed.stream(
            Streams.network, UInt64(d.change), hooks[Int(d.hook)].nameHash, UInt64(d.kind.rawValue), UInt64(d.attempt))
        let network = scenario.network
        let fails = rng.nextBool(probability: network.failureRate)
        let there = network.latency.sample(using: &rng)
        let back = network.latency.sample(using: &rng)
        let ackLost = rng.nextBool(probability: network.ackLossRate)
        let timeout = spec.delivery.timeout
        if fails {
            loop.schedule(.timeout(slot), after: timeout)
        } else {
            let answered = !ackLost && there + back <= timeout
            d.pendingArrivals += 1
            d.answerDelay = back
            loop.schedule(.arrive(slot, answered: answered), after: there)
            if !answered { loop.schedule(.timeout(slot), after: timeout) }
        }
        deliveries[Int(slot)] = d
    }

    mutating func answer(_ slot: Int32) {
        measures.attemptsInFlight -= 1
        let status = deliveries[Int(slot)].lastStatus
        if status >= 200 && status < 300 {
            measures.succeeded += 1
            releaseThread(slot)
            finishDelivery(slot, failedWith: nil)
        } else {
            measures.failed += 1
            releaseThread(slot)
            retryOrFail(slot, status: status)
        }
    }

    mutating func timedOut(_ slot: Int32) {
        measures.attemptsInFlight -= 1
        measures.failed += 1
        releaseThread(slot)
        retryOrFail(slot, status: 0)
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

    mutating func retryOrFail(_ slot: Int32, status: Int16) {
        let d = deliveries[Int(slot)]
        let spec = world.instances[hooks[Int(d.hook)].instance]
        if Self.isRetryable(status) && Int(d.attempt) < spec.delivery.retryMax {
            deliveries[Int(slot)].attempt += 1
            deliveries[Int(slot)].holdsThread = false
            var rng = keyed.stream(Streams.backoff, UInt64(d.change), hooks[Int(d.hook)].nameHash,
                                   UInt64(d.kind.rawValue), UInt64(d.attempt))
            loop.schedule(.send(slot), after: spec.delivery.retryBackoff.sample(using: &rng))
        } else {
            measures.deliveriesFailed += 1
            finishDelivery(slot, failedWith: status == 429 ? .rateLimited : .deliveryFailed)
        }
    }

    mutating func finishDelivery(_ slot: Int32, failedWith stage: Stage?) {
        let d = deliveries[Int(slot)]
        deliveries[Int(slot)].jiraDone = true
        if d.carries {
            if let stage, var track = tracks[d.change] {
                raise(&track, to: stage)
                tracks[d.change] = track
            }
            release(change: d.change)
        }
        if d.pendingArrivals == 0 { freeDeliveries.append(slot) }
    }

    /// One fewer delivery or job may carry this change; with none left, its pairs settle.
    mutating func release(change id: Int32) {
        guard var track = tracks[id] else { return }
        track.outstanding -= 1
        if track.outstanding <= 0 {
            tracks[id] = nil
            finalize(track)
        } else {
            tracks[id] = track
        }
    }

    mutating func finalize(_ track: ChangeTrack) {
        for p in track.pairs where p.appliedAt < 0 {
            measures.dropped[Int(p.stage.rawValue)] += 1
            measures.byIntegration[Int(p.integration)].dropped += 1
        }
    }
}
