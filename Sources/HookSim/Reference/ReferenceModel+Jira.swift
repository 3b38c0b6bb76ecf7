import JQL
import SimKit

extension ReferenceModel {
    /// Jira's state: the world and its activity, the installed webhooks and Data Center's dispatch
    /// threads, and the samplers of delivery (dispatch delay, network latency, retry backoff).
    struct JiraSide {
        var world: JiraWorld
        var activity: ActivityGenerator
        var webhooks: [ReferenceWebhook] = []
        /// Per Jira instance: free Data Center dispatch threads and the queue of deliveries waiting for one.
        var freeThreads: [Int]
        var threadQueues: [[Int]]
        let latency: Sampler
        let dispatchDelays: [Sampler]
        let backoffs: [Sampler]

        init(scenario: Scenario) {
            world = JiraWorld.generate(scenario)
            activity = ActivityGenerator(scenario: scenario, world: world)
            freeThreads = world.instances.map { max(1, $0.delivery.threads) }
            threadQueues = world.instances.map { _ in [] }
            latency = Sampler(scenario.network.latency)
            dispatchDelays = world.instances.map { Sampler($0.delivery.dispatchDelay) }
            backoffs = world.instances.map { Sampler($0.delivery.retryBackoff) }
        }
    }
}

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
        let issue = jira.world.issues[Int(change.issue)]
        var pairs: [ReferencePair] = []
        for k in integrations(ofProject: issue.project) {
            let spec = integrations[k].spec
            let linked = oracle.idealLinks.contains(ReferenceLinkKey(integration: k, issue: change.issue))
            let syncs: Bool
            switch change.kind {
            case .create:
                syncs =
                    issue.parent >= 0 && spec.autoImport
                    && oracle.idealLinks.contains(ReferenceLinkKey(integration: k, issue: issue.parent))
                    && integrations[k].maps(jira.world, change.issue)
                if syncs { oracle.idealLinks.insert(ReferenceLinkKey(integration: k, issue: change.issue)) }
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
        let i = jira.world.issues[Int(issue)]
        for k in integrations(ofProject: i.project)
        where integrations[k].spec.version == version && integrations[k].instance == instance {
            if oracle.idealLinks.contains(ReferenceLinkKey(integration: k, issue: issue)) { return true }
        }
        return false
    }

    /// A Jira change: the oracle notes its pairs, then each webhook of the instance, in install
    /// order, fires when enabled, subscribed and its JQL matches the issue after the change.
    mutating func handleChange() {
        guard let change = jira.activity.next(world: &jira.world) else { return }
        measures.oracle.changes += 1
        if change.isEcho { measures.oracle.echoes += 1 }
        let pairs = intendedPairs(change)
        measures.oracle.intended += pairs.count
        for p in pairs { measures.byIntegration.intended[p.integration] += 1 }
        var record = ReferenceChange(change: change, pairs: pairs)
        // NB: an issue the integration account creates was sent from Aha!: its record exists before
        // Jira's event, so the event is judged on that link (DESIGN.md §2, §3).
        if change.isEcho && change.kind == .create {
            linkEchoCreate(change)
        }
        let instance = jira.world.instance(of: change.issue)
        let delivery = jira.world.instances[instance].delivery
        let isDatacenter = jira.world.instances[instance].kind == .datacenter
        let sync = isDatacenter && delivery.mode == .sync
        let primary = ReferenceEventKind(change.kind)
        let kinds: [ReferenceEventKind] =
            change.kind == .comment && delivery.commentAlsoUpdates ? [primary, .issueCommented] : [primary]
        var jqlTime = SimDuration.zero
        let userNames = (0..<jira.world.instances[instance].users).map { "user\($0)" }
        for h in jira.webhooks.indices where jira.webhooks[h].installed && jira.webhooks[h].instance == instance {
            for kind in kinds {
                let carries = kind != .issueCommented && !pairs.isEmpty
                guard jira.webhooks[h].enabled else {
                    if carries { record.stopped.append(.webhookDisabled) }
                    continue
                }
                guard jira.webhooks[h].events.contains(kind.jiraName) else {
                    if carries { record.stopped.append(.notSubscribed) }
                    continue
                }
                let query = jira.webhooks[h].query
                if !query.matchesEverything {
                    // NB: Data Center in sync mode evaluates each filter on the user's thread, one by
                    // one; DESIGN.md leaves open whether a webhook's send waits for the filters after
                    // its own: as in the engine, it waits only for those evaluated so far.
                    if sync { jqlTime = jqlTime + delivery.jqlCost }
                    let view = IssueView(world: jira.world, index: change.issue, userNames: userNames)
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
            measures.jira.userDelayCount += 1
            measures.jira.userDelayMax = max(measures.jira.userDelayMax, jqlTime.microseconds)
        }
        if change.isEcho { mirrorEcho(change) }
        if change.kind == .delete {
            // NB: after dispatch: a delete's events are judged on the issue as it was.
            for k in integrations(ofProject: jira.world.issues[Int(change.issue)].project) {
                oracle.idealLinks.remove(ReferenceLinkKey(integration: k, issue: change.issue))
            }
        }
        if !pairs.isEmpty { oracle.changes[change.id] = record }
    }

    /// Hands a fired event to the instance's delivery: Cloud and Data Center sync send after the
    /// dispatch delay (sync: after the JQL work); Data Center async queues it for a thread and
    /// loses it when every thread is busy and the queue is full.
    mutating func dispatch(webhook h: Int, change: Change, kind: ReferenceEventKind, jqlTime: SimDuration) -> Int {
        let instance = jira.webhooks[h].instance
        let issue = jira.world.issues[Int(change.issue)]
        let user = runAs(webhook: h)
        let exposed = !inScope(change.issue, version: jira.webhooks[h].version, instance: instance)
        let d = deliveries.count
        deliveries.append(
            ReferenceDelivery(
                webhook: h, change: change, kind: kind, values: issue.values, versions: issue.versions,
                exposed: exposed,
                writableAtDispatch: scenario.aha.workspaces.indices.map { canWrite(user: user, workspace: $0) }))
        deliveries[d].writableWhenJudged = deliveries[d].writableAtDispatch
        let spec = jira.world.instances[instance]
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
            Streams.dispatch, UInt64(x.change.id), jira.webhooks[x.webhook].nameHash, x.kind.rawValue)
        return jira.dispatchDelays[jira.webhooks[x.webhook].instance].duration(using: &rng)
    }

    /// A Data Center event waits for a dispatch thread; lost when none is free and the queue is full.
    mutating func enqueueForThread(_ d: Int, instance: Int) {
        if jira.freeThreads[instance] == 0
            && jira.threadQueues[instance].count >= jira.world.instances[instance].delivery.queue
        {
            measures.jira.lost += 1
            if deliveries[d].jira.attempt > 0 { measures.jira.exhausted += 1 }
            deliveries[d].jira.lostInQueue = true
            giveUp(d, status: 0)
            return
        }
        jira.threadQueues[instance].append(d)
        takeThreads(instance)
    }

    /// Free threads take waiting events, oldest first; a thread stays busy through the dispatch
    /// delay and the attempt, until Jira reads the answer or times out.
    mutating func takeThreads(_ instance: Int) {
        while jira.freeThreads[instance] > 0 && !jira.threadQueues[instance].isEmpty {
            let d = jira.threadQueues[instance].removeFirst()
            jira.freeThreads[instance] -= 1
            deliveries[d].jira.holdsThread = true
            loop.schedule(.send(d), at: loop.now + dispatchDelay(d))
        }
    }

    /// An attempt leaves Jira. Whether it is lost, how long it takes each way and whether the answer
    /// is lost come from the stream keyed by (change, webhook, event, attempt), drawn in that order.
    mutating func send(_ d: Int) {
        let x = deliveries[d]
        let h = x.webhook
        measures.jira.attempted += 1
        measures.jira.webhookDeliveries[h] += 1
        if x.jira.attempt > 0 {
            measures.jira.retried += 1
        } else if x.exposed {
            measures.jira.webhookExposure[h] += 1
        }
        var rng = keyed.few(
            Streams.network, UInt64(x.change.id), jira.webhooks[h].nameHash, x.kind.rawValue, UInt64(x.jira.attempt))
        let fails = rng.nextBool(probability: scenario.network.failureRate)
        let (there, back) = jira.latency.pair(using: &rng)
        let ackLost = rng.nextBool(probability: scenario.network.ackLossRate)
        let timeout = jira.world.instances[jira.webhooks[h].instance].delivery.timeout
        if fails {
            loop.schedule(.timeout(d), at: loop.now + timeout)
            return
        }
        let answered = !ackLost && there + back <= timeout
        deliveries[d].inTransit += 1
        loop.schedule(.arrive(d, attempt: x.jira.attempt, answerAfter: answered ? back : nil), at: loop.now + there)
        if !answered { loop.schedule(.timeout(d), at: loop.now + timeout) }
    }

    /// Jira is done with the current attempt: a 2xx answer ends the delivery; 408, 409, 425, 429,
    /// 5xx, no answer or a timeout is retried up to the limit after a backoff; anything else is final.
    mutating func attemptEnded(_ d: Int, status: Int) {
        let x = deliveries[d]
        let instance = jira.webhooks[x.webhook].instance
        if x.jira.holdsThread {
            deliveries[d].jira.holdsThread = false
            jira.freeThreads[instance] += 1
            takeThreads(instance)
        }
        if status >= 200 && status < 300 {
            measures.jira.succeeded += 1
            deliveries[d].jira.done = true
            return
        }
        measures.jira.failed += 1
        // NB: a Data Center scenario that overrides `retry.max` retries these too, 429 included.
        let retryable = status == 0 || status == 408 || status == 409 || status == 425 || status == 429 || status >= 500
        guard retryable && x.jira.attempt < jira.world.instances[instance].delivery.retryMax else {
            measures.jira.exhausted += 1
            giveUp(d, status: status)
            return
        }
        var rng = keyed.few(
            Streams.backoff, UInt64(x.change.id), jira.webhooks[x.webhook].nameHash, x.kind.rawValue,
            UInt64(x.jira.attempt))
        let at = loop.now + jira.backoffs[instance].duration(using: &rng)
        deliveries[d].jira.attempt += 1
        // NB: a Data Center retry of a threaded delivery waits for a thread again, like a new event.
        if x.jira.holdsThread {
            loop.schedule(.requeue(d), at: at)
        } else {
            loop.schedule(.send(d), at: at)
        }
    }

    mutating func requeue(_ d: Int) { enqueueForThread(d, instance: jira.webhooks[deliveries[d].webhook].instance) }

    /// Jira stops trying a delivery, with the status of its last attempt (0: no answer).
    mutating func giveUp(_ d: Int, status: Int) {
        deliveries[d].jira.done = true
        deliveries[d].jira.failedWith = status
    }

    /// An echo created in Aha!: linked in one integration of the project that maps its type, chosen by
    /// the draw keyed by the change — its record exists already, holding the issue's values.
    mutating func linkEchoCreate(_ change: Change) {
        let candidates = integrations(ofProject: jira.world.issues[Int(change.issue)].project).filter {
            integrations[$0].maps(jira.world, change.issue)
        }
        guard !candidates.isEmpty else { return }
        let u = keyed.unit(Streams.echoLink, UInt64(change.id), 0)
        let k = candidates[min(candidates.count - 1, Int(u * Double(candidates.count)))]
        let key = ReferenceLinkKey(integration: k, issue: change.issue)
        oracle.idealLinks.insert(key)
        aha.links[key] = .record(aha.records.count)
        let issue = jira.world.issues[Int(change.issue)]
        aha.records.append(ReferenceRecord(values: issue.values, versions: issue.versions))
    }

    /// The rest of an echo: Aha! already holds what it says (the edit started there).
    /// NB: DESIGN.md says echoes start in Aha!; mirroring the synced field, and unlinking on a
    /// delete, is the engine's reading of that.
    mutating func mirrorEcho(_ change: Change) {
        let issue = jira.world.issues[Int(change.issue)]
        switch change.kind {
        case .create:
            break  // NB: linked before dispatch (handleChange)
        case .update, .transition:
            for k in integrations(ofProject: issue.project)
            where integrations[k].syncedFields.contains(Int(change.field)) {
                guard case .record(let r)? = aha.links[ReferenceLinkKey(integration: k, issue: change.issue)] else {
                    continue
                }
                aha.records[r].values[Int(change.field)] = issue.values[Int(change.field)]
                aha.records[r].versions[Int(change.field)] = issue.versions[Int(change.field)]
            }
        case .delete:
            for k in integrations(ofProject: issue.project) {
                let key = ReferenceLinkKey(integration: k, issue: change.issue)
                oracle.idealLinks.remove(key)
                if case .record(let r)? = aha.links[key] { aha.records[r].deleted = true }
                if aha.links[key] != nil && aha.links[key] != .deletedInAha { aha.links[key] = nil }
            }
        case .comment, .commentEdit, .commentDelete:
            break
        }
    }
}
