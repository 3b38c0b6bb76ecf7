import JQL
import SimKit

/// The Jira side: changes, the oracle's pairs, webhook dispatch, delivery attempts and retries.
extension ReferenceModel {
    /// Integrations that can link issues of a Jira project, in index order.
    func integrations(ofProject project: Int32) -> [Int] {
        integrations.indices.filter { integrations[$0].project == Int(project) }
    }

    /// The intended pairs of a change (DESIGN.md §3): not an echo; every integration that links the
    /// issue (oracle links) and syncs this kind of change; for a create under a linked parent, one
    /// import per integration that auto-imports and maps the type — which the oracle then links.
    mutating func intendedPairs(_ change: Change) -> [ReferencePair] {
        guard !change.isEcho else { return [] }
        let issue = world.issues[Int(change.issue)]
        var pairs: [ReferencePair] = []
        for k in integrations(ofProject: issue.project) {
            let spec = integrations[k].spec
            let linked = idealLinks.contains(ReferenceLinkKey(integration: k, issue: change.issue))
            let syncs: Bool
            switch change.kind {
            case .create:
                syncs =
                    issue.parent >= 0 && spec.autoImport
                    && idealLinks.contains(ReferenceLinkKey(integration: k, issue: issue.parent))
                    && integrations[k].maps(world, change.issue)
                if syncs { idealLinks.insert(ReferenceLinkKey(integration: k, issue: change.issue)) }
            case .update: syncs = linked && integrations[k].syncedFields.contains(Int(change.field))
            case .transition: syncs = linked && integrations[k].syncedFields.contains(Field.status.rawValue)
            case .comment, .commentEdit, .commentDelete: syncs = linked && spec.sync.comments
            case .delete: syncs = linked
            }
            if syncs { pairs.append(ReferencePair(integration: k)) }
        }
        return pairs
    }

    /// Whether an integration served by an endpoint of this version on this instance links the
    /// issue or imports it, on the oracle's links (DESIGN.md §3, exposure).
    func inScope(_ issue: Int32, version: IntegrationVersion, instance: Int) -> Bool {
        let i = world.issues[Int(issue)]
        for k in integrations(ofProject: i.project)
        where integrations[k].spec.version == version && integrations[k].instance == instance {
            if idealLinks.contains(ReferenceLinkKey(integration: k, issue: issue)) { return true }
        }
        return false
    }

    /// A Jira change: the oracle notes its pairs, then each webhook of the instance, in install
    /// order, fires when enabled, subscribed and its JQL matches the issue after the change.
    mutating func handleChange() {
        guard let change = activity.next(world: &world) else { return }
        measures.changes += 1
        if change.isEcho { measures.echoes += 1 }
        let pairs = intendedPairs(change)
        measures.intended += pairs.count
        for p in pairs { measures.intendedBy[p.integration] += 1 }
        var record = ReferenceChange(change: change, pairs: pairs)
        // NB: an issue the integration account creates was sent from Aha!: its record exists before
        // Jira's event, so the event is judged on that link (DESIGN.md §2, §3).
        if change.isEcho && change.kind == .create {
            linkEchoCreate(change)
        }
        let instance = world.instance(of: change.issue)
        let delivery = world.instances[instance].delivery
        let isDatacenter = world.instances[instance].kind == .datacenter
        let sync = isDatacenter && delivery.mode == .sync
        let primary = ReferenceEventKind(change.kind)
        let kinds: [ReferenceEventKind] =
            change.kind == .comment && delivery.commentAlsoUpdates ? [primary, .issueCommented] : [primary]
        var jqlTime = SimDuration.zero
        let userNames = (0..<world.instances[instance].users).map { "user\($0)" }
        for h in webhooks.indices where webhooks[h].installed && webhooks[h].instance == instance {
            for kind in kinds {
                let carries = kind != .issueCommented && !pairs.isEmpty
                guard webhooks[h].enabled else {
                    if carries { record.stopped.append(.webhookDisabled) }
                    continue
                }
                guard webhooks[h].events.contains(kind.jiraName) else {
                    if carries { record.stopped.append(.notSubscribed) }
                    continue
                }
                let query = webhooks[h].query
                if !query.matchesEverything {
                    // NB: Data Center in sync mode evaluates each filter on the user's thread, one by
                    // one; DESIGN.md leaves open whether a webhook's send waits for the filters after
                    // its own: as in the engine, it waits only for those evaluated so far.
                    if sync { jqlTime = jqlTime + delivery.jqlCost }
                    let view = IssueView(world: world, index: change.issue, userNames: userNames)
                    let context = JQLContext(now: IssueView.epoch + loop.now.sinceStart.seconds)
                    guard query.matches(view, context: context) else {
                        if carries { record.stopped.append(.jqlFiltered) }
                        continue
                    }
                }
                let d = dispatch(webhook: h, change: change, kind: kind, jqlTime: jqlTime)
                if carries { record.deliveries.append(d) }
            }
        }
        if sync {
            measures.userDelayCount += 1
            measures.userDelayMax = max(measures.userDelayMax, jqlTime.microseconds)
        }
        if change.isEcho { mirrorEcho(change) }
        if change.kind == .delete {
            // NB: after dispatch: a delete's events are judged on the issue as it was.
            for k in integrations(ofProject: world.issues[Int(change.issue)].project) {
                idealLinks.remove(ReferenceLinkKey(integration: k, issue: change.issue))
            }
        }
        if !pairs.isEmpty { changes[change.id] = record }
    }

    /// Hands a fired event to the instance's delivery: Cloud and Data Center sync send after the
    /// dispatch delay (sync: after the JQL work); Data Center async queues it for a thread and
    /// loses it when every thread is busy and the queue is full.
    mutating func dispatch(webhook h: Int, change: Change, kind: ReferenceEventKind, jqlTime: SimDuration) -> Int {
        let instance = webhooks[h].instance
        let issue = world.issues[Int(change.issue)]
        let user = runAs(webhook: h)
        let exposed = !inScope(change.issue, version: webhooks[h].version, instance: instance)
        let d = deliveries.count
        deliveries.append(
            ReferenceDelivery(
                webhook: h, change: change, kind: kind, values: issue.values, versions: issue.versions,
                exposed: exposed,
                writableAtDispatch: scenario.aha.workspaces.indices.map { canWrite(user: user, workspace: $0) }))
        deliveries[d].writableWhenJudged = deliveries[d].writableAtDispatch
        let spec = world.instances[instance]
        switch (spec.kind, spec.delivery.mode) {
        case (.cloud, _):
            loop.schedule(.send(d), at: loop.now + dispatchDelay(d))
        case (.datacenter, .sync):
            loop.schedule(.send(d), at: loop.now + jqlTime + dispatchDelay(d))
        case (.datacenter, .async):
            enqueueForThread(d, instance: instance)
        }
        return d
    }

    /// The dispatch delay, drawn from the stream keyed by (change, webhook, event).
    func dispatchDelay(_ d: Int) -> SimDuration {
        let x = deliveries[d]
        var rng = keyed.few(
            Streams.dispatch, UInt64(x.change.id), webhooks[x.webhook].nameHash, x.kind.rawValue)
        return dispatchDelays[webhooks[x.webhook].instance].duration(using: &rng)
    }

    /// A Data Center event waits for a dispatch thread; lost when none is free and the queue is full.
    mutating func enqueueForThread(_ d: Int, instance: Int) {
        if freeThreads[instance] == 0 && threadQueues[instance].count >= world.instances[instance].delivery.queue {
            measures.lost += 1
            if deliveries[d].attempt > 0 { measures.exhausted += 1 }
            deliveries[d].lostInQueue = true
            giveUp(d, status: 0)
            return
        }
        threadQueues[instance].append(d)
        takeThreads(instance)
    }

    /// Free threads take waiting events, oldest first; a thread stays busy through the dispatch
    /// delay and the attempt, until Jira reads the answer or times out.
    mutating func takeThreads(_ instance: Int) {
        while freeThreads[instance] > 0 && !threadQueues[instance].isEmpty {
            let d = threadQueues[instance].removeFirst()
            freeThreads[instance] -= 1
            deliveries[d].holdsThread = true
            loop.schedule(.send(d), at: loop.now + dispatchDelay(d))
        }
    }

    /// An attempt leaves Jira. Whether it is lost, how long it takes each way and whether the answer
    /// is lost come from the stream keyed by (change, webhook, event, attempt), drawn in that order.
    mutating func send(_ d: Int) {
        let x = deliveries[d]
        let h = x.webhook
        measures.attempted += 1
        measures.webhookDeliveries[h] += 1
        if x.attempt > 0 {
            measures.retried += 1
        } else if x.exposed {
            measures.webhookExposure[h] += 1
        }
        var rng = keyed.few(
            Streams.network, UInt64(x.change.id), webhooks[h].nameHash, x.kind.rawValue, UInt64(x.attempt))
        let fails = rng.nextBool(probability: scenario.network.failureRate)
        let (there, back) = latency.pair(using: &rng)
        let ackLost = rng.nextBool(probability: scenario.network.ackLossRate)
        let timeout = world.instances[webhooks[h].instance].delivery.timeout
        if fails {
            loop.schedule(.timeout(d), at: loop.now + timeout)
            return
        }
        let answered = !ackLost && there + back <= timeout
        deliveries[d].inTransit += 1
        loop.schedule(.arrive(d, attempt: x.attempt, answerAfter: answered ? back : nil), at: loop.now + there)
        if !answered { loop.schedule(.timeout(d), at: loop.now + timeout) }
    }

    /// Jira is done with the current attempt: a 2xx answer ends the delivery; 408, 409, 425, 429,
    /// 5xx, no answer or a timeout is retried up to the limit after a backoff; anything else is final.
    mutating func attemptEnded(_ d: Int, status: Int) {
        let x = deliveries[d]
        let instance = webhooks[x.webhook].instance
        if x.holdsThread {
            deliveries[d].holdsThread = false
            freeThreads[instance] += 1
            takeThreads(instance)
        }
        if status >= 200 && status < 300 {
            measures.succeeded += 1
            deliveries[d].jiraDone = true
            return
        }
        measures.failed += 1
        // NB: a Data Center scenario that overrides `retry.max` retries these too, 429 included.
        let retryable = status == 0 || status == 408 || status == 409 || status == 425 || status == 429 || status >= 500
        guard retryable && x.attempt < world.instances[instance].delivery.retryMax else {
            measures.exhausted += 1
            giveUp(d, status: status)
            return
        }
        var rng = keyed.few(
            Streams.backoff, UInt64(x.change.id), webhooks[x.webhook].nameHash, x.kind.rawValue, UInt64(x.attempt))
        let at = loop.now + backoffs[instance].duration(using: &rng)
        deliveries[d].attempt += 1
        // NB: a Data Center retry of a threaded delivery waits for a thread again, like a new event.
        if x.holdsThread {
            loop.schedule(.requeue(d), at: at)
        } else {
            loop.schedule(.send(d), at: at)
        }
    }

    mutating func requeue(_ d: Int) { enqueueForThread(d, instance: webhooks[deliveries[d].webhook].instance) }

    /// Jira stops trying a delivery, with the status of its last attempt (0: no answer).
    mutating func giveUp(_ d: Int, status: Int) {
        deliveries[d].jiraDone = true
        deliveries[d].failedWith = status
    }

    /// An echo created in Aha!: linked in one integration of the project that maps its type, chosen by
    /// the draw keyed by the change — its record exists already, holding the issue's values.
    mutating func linkEchoCreate(_ change: Change) {
        let candidates = integrations(ofProject: world.issues[Int(change.issue)].project).filter {
            integrations[$0].maps(world, change.issue)
        }
        guard !candidates.isEmpty else { return }
        let u = keyed.unit(Streams.echoLink, UInt64(change.id), 0)
        let k = candidates[min(candidates.count - 1, Int(u * Double(candidates.count)))]
        let key = ReferenceLinkKey(integration: k, issue: change.issue)
        idealLinks.insert(key)
        links[key] = .record(records.count)
        let issue = world.issues[Int(change.issue)]
        records.append(ReferenceRecord(values: issue.values, versions: issue.versions))
    }

    /// The rest of an echo: Aha! already holds what it says (the edit started there).
    /// NB: DESIGN.md says echoes start in Aha!; mirroring the synced field, and unlinking on a
    /// delete, is the engine's reading of that.
    mutating func mirrorEcho(_ change: Change) {
        let issue = world.issues[Int(change.issue)]
        switch change.kind {
        case .create:
            break  // NB: linked before dispatch (handleChange)
        case .update, .transition:
            for k in integrations(ofProject: issue.project)
            where integrations[k].syncedFields.contains(Int(change.field)) {
                guard case .record(let r)? = links[ReferenceLinkKey(integration: k, issue: change.issue)] else {
                    continue
                }
                records[r].values[Int(change.field)] = issue.values[Int(change.field)]
                records[r].versions[Int(change.field)] = issue.versions[Int(change.field)]
            }
        case .delete:
            for k in integrations(ofProject: issue.project) {
                let key = ReferenceLinkKey(integration: k, issue: change.issue)
                idealLinks.remove(key)
                if case .record(let r)? = links[key] { records[r].deleted = true }
                if links[key] != nil && links[key] != .deletedInAha { links[key] = nil }
            }
        case .comment, .commentEdit, .commentDelete:
            break
        }
    }
}
