import SimKit

extension ReferenceModel {
    /// Aha!'s state: who may write where, what it links and holds, and its processing (outage,
    /// rate limits, the queue of accepted requests and the workers).
    struct AhaSide {
        /// The run-as user (index into `aha.users`) of each integration's endpoint, by integration index.
        var endpointRunAs: [Int: Int] = [:]
        /// Role of a user on a workspace, by `[user][workspace]` index.
        var roles: [[Role]]
        /// What Aha! really links: (integration, issue) → record id, or a record deleted by a delivery.
        var links: [ReferenceLinkKey: ReferenceLink] = [:]
        var records: [ReferenceRecord] = []
        /// Accepted requests waiting for a worker, oldest first, and those in service by job id.
        var waiting: [ReferenceJob] = []
        var inService: [Int: ReferenceJob] = [:]
        var nextJobID = 0
        var busyWorkers = 0
        var outageUntil = SimTime.zero
        var buckets: [ReferenceBucket]
        let service: Sampler

        init(_ account: AhaSpec) {
            roles = account.users.map { u in account.workspaces.map { u.role(on: $0) } }
            buckets = account.processing.rateLimits.map { ReferenceBucket(rate: $0) }
            service = Sampler(account.processing.serviceTime)
        }
    }
}

/// The Aha! side: acceptance (outage 503, rate and queue limits 429), workers, and writes.
extension ReferenceModel {
    /// An attempt reaches Aha!, which answers at once; the answer travels back when Jira will read it.
    mutating func arrive(_ d: Int, attempt: Int, answerAfter: SimDuration?) {
        deliveries[d].inTransit -= 1
        let status = accept(d, attempt: attempt)
        if let back = answerAfter { loop.schedule(.answer(d, status: status), at: loop.now + back) }
    }

    /// During an outage every endpoint answers 503; past a rate limit, or with the queue full, 429;
    /// otherwise the request is queued for a worker (or taken by an idle one) and answered 202.
    mutating func accept(_ d: Int, attempt: Int) -> Int {
        if loop.now < aha.outageUntil {
            measures.aha.outageAnswers += 1
            return 503
        }
        if !aha.buckets.isEmpty {
            for i in aha.buckets.indices { aha.buckets[i].refill(to: loop.now) }
            guard aha.buckets.allSatisfy({ $0.tokens >= 1 }) else {
                measures.aha.rateLimited += 1
                return 429
            }
            for i in aha.buckets.indices { aha.buckets[i].tokens -= 1 }
        }
        let workers = max(1, scenario.aha.processing.workers)
        if let limit = scenario.aha.processing.queueLimit {
            // NB: the limit is on requests *waiting* (`ProcessingSpec.queueLimit`): one an idle worker
            // takes at once does not wait.
            let mustWait = aha.busyWorkers >= workers
            if mustWait && aha.waiting.count >= limit {
                measures.aha.rateLimited += 1
                return 429
            }
        }
        // NB: the service time is keyed by the attempt that arrived, which may be older than the one
        // Jira is on (a late arrival after a timeout).
        let job = ReferenceJob(delivery: d, attempt: attempt)
        deliveries[d].openJobs += 1
        if aha.busyWorkers < workers {
            startService(job)
        } else {
            aha.waiting.append(job)
            measures.aha.peakQueue = max(measures.aha.peakQueue, aha.waiting.count)
        }
        return 202
    }

    /// Integrations an endpoint of this version on this Jira instance serves, in index order.
    func served(version: IntegrationVersion, instance: Int) -> [Int] {
        integrations.indices.filter {
            integrations[$0].spec.version == version && integrations[$0].instance == instance
        }
    }

    /// A worker takes a job. An import checks here whether the issue is already linked; the record
    /// is created only when the job ends, so two overlapping imports both create one (DESIGN.md §2).
    mutating func startService(_ job: ReferenceJob) {
        var job = job
        let x = deliveries[job.delivery]
        let hook = jira.webhooks[x.webhook]
        if x.kind == .issueCreated {
            for k in served(version: hook.version, instance: hook.instance) {
                if case .record(let r)? = aha.links[ReferenceLinkKey(integration: k, issue: x.change.issue)],
                    !aha.records[r].deleted
                {
                    job.linkedAtCheck.insert(k)
                }
            }
        }
        var rng = keyed.few(Streams.service, UInt64(x.change.id), hook.nameHash, x.kind.rawValue, UInt64(job.attempt))
        let done = loop.now + aha.service.duration(using: &rng)
        measures.aha.busyMicroseconds += (min(done, end) - loop.now).microseconds
        aha.busyWorkers += 1
        aha.inService[aha.nextJobID] = job
        loop.schedule(.serviceDone(aha.nextJobID), at: done)
        aha.nextJobID += 1
    }

    mutating func serviceDone(_ id: Int) {
        guard let job = aha.inService.removeValue(forKey: id) else { return }
        aha.busyWorkers -= 1
        process(job)
        deliveries[job.delivery].openJobs -= 1
        if !aha.waiting.isEmpty { startService(aha.waiting.removeFirst()) }
    }

    /// Aha! applies a delivery to every record linked to the issue in every integration of the
    /// endpoint's version on that Jira instance, where the run-as user may write (DESIGN.md §2).
    mutating func process(_ job: ReferenceJob) {
        let x = deliveries[job.delivery]
        // NB: the extra `issue_commented` update carries no pair and, as in the engine, writes nothing.
        guard x.kind != .issueCommented else { return }
        if x.change.isEcho {
            if scenario.aha.echo == .apply { applyEcho(x) }
            return
        }
        guard var c = oracle.changes[x.change.id] else { return }
        let hook = jira.webhooks[x.webhook]
        let user = runAs(webhook: x.webhook)
        var outcomes: [ReferenceOutcome] = []
        var redundant = false
        for i in c.pairs.indices {
            let k = c.pairs[i].integration
            guard integrations[k].spec.version == hook.version && integrations[k].instance == hook.instance else {
                outcomes.append(.versionMismatch)
                continue
            }
            guard canWrite(user: user, workspace: integrations[k].workspace) else {
                outcomes.append(.permissionDenied)
                continue
            }
            guard recordExists(x, integration: k) else {
                outcomes.append(.recordMissing)
                continue
            }
            outcomes.append(.reached)
            let first = c.pairs[i].appliedAt == nil
            if !first { redundant = true }
            if write(x, integration: k, first: first, linkedAtCheck: job.linkedAtCheck.contains(k)) {
                measures.aha.writes += 1
                measures.aha.writesByAuthor[user] += 1
                if !first {
                    measures.aha.duplicateWrites += 1
                    measures.byIntegration.duplicateWrites[k] += 1
                }
            }
            if first {
                c.pairs[i].appliedAt = loop.now
                measures.oracle.applied += 1
                measures.byIntegration.applied[k] += 1
                measures.oracle.latency.record((loop.now - x.change.time).microseconds)
            }
        }
        if redundant { measures.aha.redundantDeliveries += 1 }
        deliveries[job.delivery].processings.append(outcomes)
        if !x.jira.done {
            deliveries[job.delivery].writableWhenJudged = scenario.aha.workspaces.indices.map {
                canWrite(user: user, workspace: $0)
            }
        }
        oracle.changes[x.change.id] = c
    }

    /// The live record linked to an issue in an integration, if any.
    func liveRecord(_ integration: Int, _ issue: Int32) -> Int? {
        guard case .record(let r)? = aha.links[ReferenceLinkKey(integration: integration, issue: issue)],
            !aha.records[r].deleted
        else { return nil }
        return r
    }

    /// Whether what the delivery writes exists in Aha! now: the linked record, or for an import the
    /// parent's record (DESIGN.md §3: otherwise nothing is written and the pair is not applied).
    func recordExists(_ x: ReferenceDelivery, integration k: Int) -> Bool {
        switch x.kind {
        case .issueCreated:
            let parent = jira.world.issues[Int(x.change.issue)].parent
            return parent >= 0 && liveRecord(k, parent) != nil
        case .issueDeleted:
            // NB: a record this delete already removed still counts as reached (the write is empty).
            return liveRecord(k, x.change.issue) != nil
                || aha.links[ReferenceLinkKey(integration: k, issue: x.change.issue)] == .deletedInAha
        default:
            return liveRecord(k, x.change.issue) != nil
        }
    }

    /// Changes Aha! for one pair; returns whether anything changed (a write).
    mutating func write(_ x: ReferenceDelivery, integration k: Int, first: Bool, linkedAtCheck: Bool) -> Bool {
        let key = ReferenceLinkKey(integration: k, issue: x.change.issue)
        switch x.kind {
        case .commentCreated:
            // Comments are never de-duplicated: every delivery creates one.
            if !first { measures.aha.duplicateComments += 1 }
            return true
        case .commentUpdated, .commentDeleted:
            // NB: editing or deleting the same comment again changes nothing.
            return first
        case .issueUpdated, .issueCommented:
            guard let r = liveRecord(k, x.change.issue) else { return false }
            return applyFields(record: r, integration: k, x)
        case .issueDeleted:
            guard let r = liveRecord(k, x.change.issue) else { return false }
            aha.records[r].deleted = true
            aha.links[key] = .deletedInAha
            return true
        case .issueCreated:
            if linkedAtCheck { return false }
            if case .record? = aha.links[key] { measures.aha.duplicateRecords += 1 }
            // NB: re-creating a record a later delete already removed: an older change over a newer one.
            if aha.links[key] == .deletedInAha { measures.oracle.staleOverwrites += 1 }
            aha.links[key] = .record(aha.records.count)
            aha.records.append(ReferenceRecord(values: x.values, versions: x.versions))
            return true
        }
    }

    /// Writes the synced fields whose values differ (a diff); replacing a value set by a newer change
    /// with one from an older change is a stale overwrite.
    mutating func applyFields(record r: Int, integration k: Int, _ x: ReferenceDelivery) -> Bool {
        var changed = false
        for f in integrations[k].syncedFields where aha.records[r].values[f] != x.values[f] {
            if aha.records[r].versions[f] > x.versions[f] { measures.oracle.staleOverwrites += 1 }
            aha.records[r].values[f] = x.values[f]
            aha.records[r].versions[f] = x.versions[f]
            changed = true
        }
        return changed
    }

    /// With `echo: apply`, an echo is written back though the oracle expects nothing of it.
    /// NB: as in the engine, only field updates (a diff, usually empty) and comments (created
    /// again: a duplicate a user sees) write anything.
    mutating func applyEcho(_ x: ReferenceDelivery) {
        let hook = jira.webhooks[x.webhook]
        let user = runAs(webhook: x.webhook)
        for k in served(version: hook.version, instance: hook.instance) {
            guard let r = liveRecord(k, x.change.issue), canWrite(user: user, workspace: integrations[k].workspace)
            else { continue }
            var wrote = false
            switch x.kind {
            case .issueUpdated: wrote = applyFields(record: r, integration: k, x)
            case .commentCreated:
                wrote = integrations[k].spec.sync.comments
                if wrote {
                    measures.aha.duplicateComments += 1
                    measures.aha.duplicateWrites += 1
                    measures.byIntegration.duplicateWrites[k] += 1
                }
            default: break
            }
            if wrote {
                measures.aha.writes += 1
                measures.aha.writesByAuthor[user] += 1
            }
        }
    }
}
