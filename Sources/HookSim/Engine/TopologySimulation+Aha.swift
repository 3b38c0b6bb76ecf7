import SimKit

extension TopologySimulation {
    /// An attempt reaches Aha!: during an outage every endpoint answers 503; past the rate or queue
    /// limit it answers 429; otherwise the request is queued for a worker and acknowledged at once.
    ///
    /// The series counts the attempt's answer here, in the step it was sent (`step`): a 429 or a
    /// 503 as Aha! counts it; an accepted request as a 2xx when Jira will read the answer within
    /// the run (as `answer` counts it), or as failed when the answer is lost or too late.
    mutating func arrive(_ slot: Int32, attempt: Int32, step: Int, answered: Bool) {
        jira.arrived(slot)
        let d = jira[slot]
        let status = accept(d, attempt: attempt, slot: slot)
        if status == 503 {
            measures.aha.outageAnswers += 1
            measures.series.unavailable[step] += 1
        } else if status == 429 {
            measures.aha.rateLimited += 1
            measures.series.rateLimited[step] += 1
        } else if !answered {
            measures.series.failed[step] += 1
        } else if loop.now + d.answerDelay <= end {
            measures.series.succeeded[step] += 1
        }
        probe?.arrival(
            DeliveryKey(change: d.change, hook: d.hook, kind: d.kind), attempt: Int(attempt) + 1, at: loop.now,
            status: status)
        if answered {
            jira.answered(slot, status: status)
            let at = loop.now + d.answerDelay
            // NB: Jira's reading of the answer changes nothing but Jira's own state, so it is done
            // now unless a datacenter thread waits for it or the run ends first.
            if d.holdsThread || at > end {
                loop.schedule(.answer(slot), at: at)
            } else {
                answer(slot, at: at)
            }
        } else {
            settleIfDone(slot)
        }
        // NB: after `accept`, which took its own hold for a queued job.
        if d.track >= 0 { oracle.release(d.track, at: loop.now, measures: &measures, probe: probe) }
    }

    /// Aha!'s answer to attempt `attempt` of delivery `d` (in slot `slot`); an accepted request
    /// becomes a job that a worker starts at once or that waits in the queue.
    @inline(__always) mutating func accept(_ d: Delivery, attempt: Int32, slot: Int32) -> Int16 {
        let status = aha.admission.answer(
            at: loop.now, idleWorker: aha.workers.hasIdleWorker, waiting: aha.workers.waiting.count)
        guard status == 202 else { return status }
        let job = Job(
            hook: d.hook, change: d.change, track: d.track, kind: d.kind, issue: d.issue, attempt: attempt,
            values: d.values, versions: d.versions, carries: d.carries, echo: d.echo, delivery: slot)
        oracle.judges[Int(slot)].openJobs += 1
        if d.track >= 0 { oracle.hold(d.track) }
        if let w = aha.workers.take(job) {
            startService(worker: w, job)
        } else {
            let waiting = aha.workers.waiting.count
            if waiting > measures.aha.peakQueue { measures.aha.peakQueue = waiting }
            let s = measures.series.index(loop.now)
            if waiting > measures.series.queueDepth[s] { measures.series.queueDepth[s] = waiting }
        }
        return 202
    }

    /// A worker takes a job; it is done after the job's service time.
    @inline(__always) mutating func startService(worker w: Int32, _ job: Job) {
        let hook = jira.webhooks[Int(job.hook)]
        let linked =
            job.kind == .issueCreated
            ? aha.linkedIntegrations(job.issue, version: hook.version, instance: hook.instance) : []
        let done = aha.workers.start(w, job, at: loop.now, linked: linked, keyed: keyed, hookHash: hook.nameHash)
        measures.aha.busyMicroseconds += (min(done, end) - loop.now).microseconds
        loop.schedule(.serviceDone(w), at: done)
    }

    mutating func serviceDone(_ w: Int32) {
        guard let job = aha.workers.finish(w) else { return }
        process(job)
        if job.delivery >= 0 {
            oracle.judges[Int(job.delivery)].openJobs -= 1
            settleIfDone(job.delivery)
        }
        aha.workers.processed(job)
        if job.track >= 0 { oracle.release(job.track, at: loop.now, measures: &measures, probe: probe) }
        if let next = aha.workers.next(w) { startService(worker: w, next) }
    }

    /// Aha! processes a job: each of the change's pairs is applied, refused with the stage that
    /// stopped it, or written again (DESIGN.md §2–§3).
    mutating func process(_ job: Job) {
        let key = DeliveryKey(change: job.change, hook: job.hook, kind: job.kind)
        let hook = jira.webhooks[Int(job.hook)]
        let user = runAs(of: Int(job.hook))
        guard job.carries, !job.echo, job.track >= 0 else {
            if job.carries && job.echo && aha.echo == .apply {
                aha.applyEcho(job, endpoint: hook, user: user, at: loop.now, measures: &measures)
            }
            probe?.processed(key, attempt: Int(job.attempt) + 1, at: loop.now, user: user, outcomes: [])
            return
        }
        var outcomes: [(integration: Int32, PairOutcome)] = []
        var pairs = oracle.takePairs(job.track)
        let changedAt = oracle.change(job.track).time
        let parent = world.issues[Int(job.issue)].parent
        if job.delivery >= 0 { oracle.judges[Int(job.delivery)].processed = true }
        var redundant = false
        for i in pairs.indices {
            let k = Int(pairs[i].integration)
            let first = pairs[i].appliedAt < 0
            let outcome = aha.apply(
                job, integration: k, endpoint: hook, user: user, parent: parent, first: first, at: loop.now,
                measures: &measures)
            if probe != nil { outcomes.append((Int32(k), outcome)) }
            switch outcome {
            case .refused(let stage): pairs[i].raise(to: stage)
            case .applied: Oracle.applied(&pairs[i], change: changedAt, at: loop.now, measures: &measures)
            case .again: redundant = true
            }
        }
        if redundant { measures.aha.redundantDeliveries += 1 }
        oracle.putPairs(pairs, job.track)
        probe?.processed(key, attempt: Int(job.attempt) + 1, at: loop.now, user: user, outcomes: outcomes)
    }

    /// Applies an operational change from the scenario's timeline.
    mutating func applyTimeline(_ index: Int) {
        probe?.timeline(index, at: loop.now)
        switch scenario.timeline[index].action {
        case .setRunAs(let webhook, let user):
            // NB: run-as belongs to the endpoint: every webhook pointing at that integration follows.
            guard let u = scenario.aha.users.firstIndex(where: { $0.name == user }) else {
                preconditionFailure("setRunAs user '\(user)' passed the loader but is unknown")
            }
            for k in jira.webhooks.endpoints(of: webhook) { aha.rights.setRunAs(endpoint: k, to: u) }
        case .disable(let webhook):
            jira.webhooks.setEnabled(webhook, false)
        case .enable(let webhook):
            jira.webhooks.setEnabled(webhook, true)
        case .outage(let span):
            aha.admission.outage(from: loop.now, for: span)
        case .setRole(let user, let workspace, let role):
            guard let u = scenario.aha.users.firstIndex(where: { $0.name == user }),
                let w = scenario.aha.workspaces.firstIndex(of: workspace)
            else { preconditionFailure("setRole of '\(user)' on '\(workspace)' passed the loader but is unknown") }
            aha.rights.setRole(user: u, workspace: w, to: role)
        case .addWebhook(let spec):
            install(spec)
        case .removeWebhook(let name):
            jira.webhooks.remove(name)
        }
    }
}
