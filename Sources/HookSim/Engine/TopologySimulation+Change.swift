import JQL
import SimKit

extension TopologySimulation {
    /// A Jira change happens: the oracle records what should follow, and every webhook of the
    /// instance decides whether to fire (enabled, subscribed, JQL matches the issue after the change).
    mutating func handle(_ change: Change) {
        measures.oracle.changes += 1
        if change.isEcho { measures.oracle.echoes += 1 }
        var digest = measures.oracle.changeDigest
        digest = SplitMix64.mix(digest ^ UInt64(change.time.microseconds))
        digest = SplitMix64.mix(digest ^ UInt64(change.kind.hashKey))
        digest = SplitMix64.mix(digest ^ UInt64(bitPattern: Int64(change.issue)))
        measures.oracle.changeDigest = SplitMix64.mix(digest ^ UInt64(bitPattern: Int64(change.actor)))
        let project = Int(world.issues[Int(change.issue)].project)
        let pairs = oracle.intend(change, issue: world.issues[Int(change.issue)])
        measures.oracle.intended += pairs.count
        for p in pairs { measures.oracle.byIntegration[Int(p.integration)].intended += 1 }
        let slot = pairs.isEmpty ? -1 : oracle.open(change, pairs: pairs)
        probe?.change(change, pairs: pairs.map(\.integration), world: world)
        // NB: an issue created from Aha! has its record before Jira fires: it is in scope.
        if change.isEcho && change.kind == .create {
            let k = aha.mirrorEcho(change, world: world, keyed: keyed)
            if k >= 0 { oracle.setLinked(change.issue, integration: k, true) }
        }
        fire(change, track: slot, project: project)
        // NB: after dispatch, so scope (exposure) is judged on the links as they were before the echo
        // (the record an echo's delete removed in Aha! was linked when the edit began).
        if change.isEcho && change.kind != .create { _ = aha.mirrorEcho(change, world: world, keyed: keyed) }
        // NB: a delete unlinks only after dispatch: its events are judged on the issue as it was.
        if change.kind == .delete { oracle.unlink(change.issue, project: project) }
        if slot >= 0 && oracle.isIdle(slot) { oracle.settle(slot, at: loop.now, measures: &measures, probe: probe) }
    }

    /// Every installed webhook of the change's instance decides whether to fire, for the change's
    /// event and (Data Center, comments) the extra `issue_commented` update.
    private mutating func fire(_ change: Change, track slot: Int32, project: Int) {
        let instance = world.projects[project].instance
        let policy = jira.policies[instance]
        let primary = EventKind.primary(for: change.kind)
        let extra = change.kind == .comment && policy.commentAlsoUpdates
        var userDelay = SimDuration.zero
        // NB: built on first use: a filter-less webhook needs no view of the issue.
        var view: IssueView?
        for h in jira.webhooks.byInstance[instance] where jira.webhooks[h].installed {
            for round in 0..<(extra ? 2 : 1) {
                let kind = round == 0 ? primary : .issueCommented
                let carries = round == 0 && slot >= 0
                guard jira.webhooks[h].enabled else {
                    if carries { oracle.raise(track: slot, to: .webhookDisabled) }
                    if probe != nil { tell(change, hook: h, kind: kind, .disabled, view: nil) }
                    continue
                }
                guard jira.webhooks[h].subscribes(kind.jiraName) else {
                    if carries { oracle.raise(track: slot, to: .notSubscribed) }
                    if probe != nil { tell(change, hook: h, kind: kind, .notSubscribed, view: nil) }
                    continue
                }
                var matches = true
                if !jira.webhooks.matchesAll[h] {
                    // NB: Data Center runs the JQL of every webhook that has one on the user's thread.
                    if policy.isSync { userDelay = userDelay + policy.jqlCost }
                    if view == nil {
                        view = IssueView(world: world, index: change.issue, userNames: jira.userNames[instance])
                    }
                    let context = JQLContext(now: IssueView.epoch + loop.now.sinceStart.seconds)
                    matches = view.map { jira.webhooks.matches(h, $0, context: context) } ?? false
                }
                guard matches else {
                    if carries { oracle.raise(track: slot, to: .jqlFiltered) }
                    if probe != nil { tell(change, hook: h, kind: kind, .jqlFiltered, view: view) }
                    continue
                }
                let hook = jira.webhooks[h]
                let exposed = !oracle.inScope(
                    issue: change.issue, project: project, version: hook.version, instance: instance)
                dispatch(
                    hook: h, change: change, kind: kind, track: carries ? slot : -1, instance: instance,
                    syncDelay: userDelay, exposed: exposed)
            }
        }
        if policy.isSync { measures.jira.userDelay.add(userDelay.milliseconds) }
    }

    /// Tells the probe, if any, what webhook `h` did with event `kind` of `change`.
    @inline(never) func tell(_ change: Change, hook h: Int, kind: EventKind, _ decision: HookDecision, view: IssueView?)
    {
        guard let probe else { return }
        let context = JQLContext(now: IssueView.epoch + loop.now.sinceStart.seconds)
        probe.decision(
            DeliveryKey(change: change.id, hook: Int32(h), kind: kind), decision, view: view, context: context,
            at: loop.now)
    }

    /// Hands a fired webhook event to the instance's delivery machinery.
    // NB: inlined into handleChange: as a call it costs about 1% of a run (callgrind).
    @inline(__always) private mutating func dispatch(
        hook h: Int, change: Change, kind: EventKind, track: Int32, instance: Int, syncDelay: SimDuration,
        exposed: Bool
    ) {
        let issue = world.issues[Int(change.issue)]
        var d = Delivery(
            hook: Int32(h), change: change.id, track: track, kind: kind, issue: change.issue,
            values: issue.values, versions: issue.versions)
        d.carries = kind != .issueCommented
        d.echo = change.isEcho
        d.exposed = exposed
        let policy = jira.policies[instance]
        if policy.usesThreads && jira.isFull(instance) {
            // NB: Data Center drops the event when every thread is busy and its webhook queue is
            // full; nothing retries it, and nothing left Jira, so nothing is exposed.
            measures.jira.lost += 1
            oracle.raiseFailure(
                track: track, endpoint: jira.webhooks[h], rights: aha.rights, user: runAs(of: h),
                epoch: Int(aha.rights.epoch), to: .deliveryFailed)
            if probe != nil { tell(change, hook: h, kind: d.kind, .lostInQueue, view: nil) }
            return
        }
        let slot = jira.open(d)
        oracle.judge(delivery: slot, Judge(user: Int32(runAs(of: h)), epoch: aha.rights.epoch))
        if probe != nil { tell(change, hook: h, kind: d.kind, .dispatched(exposed: exposed), view: nil) }
        if track >= 0 { oracle.hold(track) }
        if policy.usesThreads {
            jira.enqueue(slot, instance: instance, holdsThread: true)
            startThreads(instance)
        } else if policy.isSync {
            // NB: the dispatch delay runs after the JQL work, on the thread that sends (DESIGN.md §2).
            sendLater(slot, at: loop.now + syncDelay + jira.dispatchDelay(slot))
        } else {
            sendLater(slot, at: loop.now + jira.dispatchDelay(slot))
        }
    }
}
