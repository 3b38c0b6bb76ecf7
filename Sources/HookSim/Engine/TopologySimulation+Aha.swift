import SimKit

extension TopologySimulation {
    /// An attempt reaches Aha!: during an outage every endpoint answers 503; past the rate or queue
    /// limit it answers 429; otherwise the request is queued for a worker and acknowledged at once.
    ///
    /// The series counts the attempt's answer here, in the step it was sent (`step`): a 429 or a
    /// 503 as Aha! counts it; an accepted request as a 2xx when Jira will read the answer within
    /// the run (as `answer` counts it), or as failed when the answer is lost or too late.
    mutating func arrive(_ slot: Int32, attempt: Int32, step: Int, answered: Bool) {
        deliveries[Int(slot)].pendingArrivals -= 1
        let d = deliveries[Int(slot)]
        let status = accept(d, attempt: attempt, slot: slot)
        if status == 503 {
            measures.series.unavailable[step] += 1
        } else if status == 429 {
            measures.series.rateLimited[step] += 1
        } else if !answered {
            measures.series.failed[step] += 1
        } else if loop.now + d.answerDelay <= end {
            measures.series.succeeded[step] += 1
        }
        probe?.arrival(DeliveryKey(change: d.change, hook: d.hook, kind: d.kind), attempt: Int(attempt) + 1, at: loop.now, status: status)
        if answered {
            deliveries[Int(slot)].lastStatus = status
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
        // NB: after `accept`, which took its own reference for a queued job.
        if d.track >= 0 { release(track: d.track) }
    }

    /// Aha!'s answer to attempt `attempt` of delivery `d` (in slot `slot`).
    mutating func accept(_ d: Delivery, attempt: Int32, slot: Int32) -> Int16 {
        let processing = scenario.aha.processing
        if loop.now < outageUntil {
            measures.outageAnswers += 1
            return 503
        }
        if !tokens.isEmpty {
            let elapsed = (loop.now - tokensAt).seconds
            tokensAt = loop.now
            var allowed = true
            for (i, rate) in processing.rateLimits.enumerated() {
                tokens[i] = min(Self.bucketSize(rate), tokens[i] + elapsed * rate.perSecond)
                if tokens[i] < 1 { allowed = false }
            }
            guard allowed else {
                measures.rateLimited += 1
                return 429
            }
            for i in tokens.indices { tokens[i] -= 1 }
        }
        // NB: the limit is on requests waiting; one an idle worker takes at once does not wait.
        if let limit = processing.queueLimit, idleWorkers.isEmpty, jobs.count >= limit {
            measures.rateLimited += 1
            return 429
        }
        let job = Job(hook: d.hook, change: d.change, track: d.track, kind: d.kind, issue: d.issue, attempt: attempt,
                      values: d.values, versions: d.versions, carries: d.carries, echo: d.echo, delivery: slot)
        judges[Int(slot)].openJobs += 1
        if d.track >= 0 { tracks[Int(d.track)].outstanding += 1 }
        if let w = idleWorkers.popLast() {
            startService(worker: w, job)
        } else {
            jobs.push(job)
            if jobs.count > measures.peakQueue { measures.peakQueue = jobs.count }
            let s = measures.series.index(loop.now)
            if jobs.count > measures.series.queueDepth[s] { measures.series.queueDepth[s] = jobs.count }
        }
        return 202
    }

    /// A bucket holds one period's worth of requests as the limit was written (`"20/s"` holds 20,
    /// `"300/m"` holds 300): bursts up to the limit, then its pace.
    static func bucketSize(_ rate: Rate) -> Double {
        max(1, rate.perSecond * (rate.period ?? .seconds(1)).seconds)
    }

    /// A worker takes a job. For a create, this is when Aha! checks whether the issue is already
    /// linked; the record is only created when the job finishes, so overlapping jobs both import.
    mutating func startService(worker w: Int32, _ job: Job) {
        var job = job
        if job.kind == .issueCreated {
            let hook = hooks[Int(job.hook)]
            var linked: [Int32] = []
            for k in served[Self.servedIndex(hook.version, hook.instance, of: world.instances.count)]
            where integrations[k].record(of: job.issue) >= 0 {
                linked.append(Int32(k))
            }
            if !linked.isEmpty {
                if let slot = freeImportChecks.popLast() {
                    importChecks[Int(slot)] = linked
                    job.linkedAtCheck = slot
                } else {
                    importChecks.append(linked)
                    job.linkedAtCheck = Int32(importChecks.count - 1)
                }
            }
        }
        var rng = keyed.few(Streams.service, UInt64(job.change), hooks[Int(job.hook)].nameHash,
                               UInt64(job.kind.rawValue), UInt64(job.attempt))
        let service = self.service.duration(using: &rng)
        let done = loop.now + service
        measures.busyMicroseconds += (min(done, end) - loop.now).microseconds
        workers[Int(w)] = job
        loop.schedule(.serviceDone(w), at: done)
    }

    mutating func serviceDone(_ w: Int32) {
        guard let job = workers[Int(w)] else { return }
        workers[Int(w)] = nil
        process(job)
        if job.delivery >= 0 {
            judges[Int(job.delivery)].openJobs -= 1
            settleIfDone(job.delivery)
        }
        if job.linkedAtCheck >= 0 {
            importChecks[Int(job.linkedAtCheck)] = []
            freeImportChecks.append(job.linkedAtCheck)
        }
        if job.track >= 0 { release(track: job.track) }
        if let next = jobs.pop() {
            startService(worker: w, next)
        } else {
            idleWorkers.append(w)
        }
    }

    /// Aha! applies a webhook: it looks for records linked to the issue in every integration of the
    /// endpoint's version on that Jira instance — not only the endpoint's own — and writes each one
    /// the run-as user may write. Writes appear as made by the run-as user.
    mutating func process(_ job: Job) {
        let key = DeliveryKey(change: job.change, hook: job.hook, kind: job.kind)
        guard job.carries, !job.echo, job.track >= 0 else {
            if job.carries && job.echo && scenario.aha.echo == .apply { applyEcho(job) }
            probe?.processed(key, attempt: Int(job.attempt) + 1, at: loop.now, user: runAs(of: Int(job.hook)), outcomes: [])
            return
        }
        var outcomes: [(integration: Int32, PairOutcome)] = []
        var track = tracks[Int(job.track)]
        tracks[Int(job.track)].pairs = []  // NB: keeps the pairs array uniquely referenced while it is edited.
        let hook = hooks[Int(job.hook)]
        let user = runAs(of: Int(job.hook))
        if job.delivery >= 0 { judges[Int(job.delivery)].processed = true }
        var redundant = false
        for i in track.pairs.indices {
            let k = Int(track.pairs[i].integration)
            guard integrations[k].spec.version == hook.version, integrations[k].instance == hook.instance else {
                raise(pair: &track.pairs[i], to: .versionMismatch)
                if probe != nil { outcomes.append((Int32(k), .refused(.versionMismatch))) }
                continue
            }
            let workspace = integrations[k].workspace
            guard roles[user][workspace].canWrite else {
                raise(pair: &track.pairs[i], to: .permissionDenied)
                if probe != nil { outcomes.append((Int32(k), .refused(.permissionDenied))) }
                continue
            }
            // NB: a comment or update needs its record, an import needs its parent's, in Aha! as it
            // stands now (DESIGN.md §3): otherwise nothing is written and the pair is not applied.
            guard recordExists(for: job, integration: k) else {
                raise(pair: &track.pairs[i], to: .recordMissing)
                if probe != nil { outcomes.append((Int32(k), .refused(.recordMissing))) }
                continue
            }
            let first = track.pairs[i].appliedAt < 0
            if !first { redundant = true }
            let linkedAtCheck = job.linkedAtCheck >= 0 && importChecks[Int(job.linkedAtCheck)].contains(Int32(k))
            let wrote = write(pair: track.pairs[i], job: job, first: first, linkedAtCheck: linkedAtCheck)
            if probe != nil { outcomes.append((Int32(k), first ? .applied(wrote: wrote) : .again(wrote: wrote))) }
            if wrote {
                if !roles[user][workspace].canWrite { measures.unauthorizedWrites += 1 }
                measures.writes += 1
                measures.writesByAuthor[user] += 1
                let s = measures.series.index(loop.now)
                measures.series.writes[s] += 1
                if !first {
                    measures.duplicateWrites += 1
                    measures.byIntegration[k].duplicateWrites += 1
                    measures.series.duplicateWrites[s] += 1
                }
            }
            if first {
                track.pairs[i].appliedAt = loop.now.microseconds
                measures.applied += 1
                measures.byIntegration[k].applied += 1
                let latency = loop.now - track.change.time
                if latency.microseconds < 0 { measures.negativeLatencies += 1 }
                measures.latency.record(latency.microseconds)
            }
        }
        if redundant { measures.redundantDeliveries += 1 }
        tracks[Int(job.track)] = track
        probe?.processed(key, attempt: Int(job.attempt) + 1, at: loop.now, user: user, outcomes: outcomes)
    }

    /// Whether what a job writes to in integration `k` exists in Aha! now: the linked record, or for
    /// an import, the linked parent it is imported under.
    func recordExists(for job: Job, integration k: Int) -> Bool {
        switch job.kind {
        case .issueCreated:
            let parent = world.issues[Int(job.issue)].parent
            return parent >= 0 && integrations[k].record(of: parent) >= 0
        case .issueDeleted:
            // NB: a record already deleted by an earlier delivery of the same delete still counts
            // as reached (the write is then empty); a record that never existed does not.
            let r = integrations[k].record(of: job.issue)
            return r >= 0 || r == IntegrationState.deletedInAha
        default:
            let r = integrations[k].record(of: job.issue)
            return r >= 0 && !records[Int(r)].deleted
        }
    }

    func raise(pair: inout PairState, to stage: Stage) {
        if pair.stage.rawValue < stage.rawValue { pair.stage = stage }
    }

    /// Changes Aha! for one pair; returns whether anything changed (a write).
    mutating func write(pair: PairState, job: Job, first: Bool, linkedAtCheck: Bool) -> Bool {
        let k = Int(pair.integration)
        switch job.kind {
        case .commentCreated:
            // NB: comments are never de-duplicated: every delivery creates one (on a record that exists).
            guard integrations[k].record(of: job.issue) >= 0 else { return false }
            if !first { measures.duplicateComments += 1 }
            return true
        case .commentUpdated, .commentDeleted:
            return first && integrations[k].record(of: job.issue) >= 0
        case .issueUpdated, .issueCommented:
            return applyFields(record: integrations[k].record(of: job.issue), integration: k, job: job)
        case .issueDeleted:
            let record = integrations[k].record(of: job.issue)
            guard record >= 0, !records[Int(record)].deleted else { return false }
            records[Int(record)].deleted = true
            integrations[k].link(job.issue, to: IntegrationState.deletedInAha)
            return true
        case .issueCreated:
            if linkedAtCheck { return false }
            if integrations[k].record(of: job.issue) >= 0 { measures.duplicateRecords += 1 }
            // NB: a create processed after Aha! already deleted the record re-creates it: an older
            // change overwriting a newer one.
            if integrations[k].record(of: job.issue) == IntegrationState.deletedInAha {
                measures.staleOverwrites += 1
            }
            integrations[k].link(job.issue, to: Int32(records.count))
            records.append(Record(integration: Int32(k), issue: job.issue, values: job.values, versions: job.versions))
            return true
        }
    }

    /// Applies the event's field values as a diff; an older value replacing a newer one is a stale overwrite.
    mutating func applyFields(record r: Int32, integration k: Int, job: Job) -> Bool {
        guard r >= 0, !records[Int(r)].deleted else { return false }
        var record = records[Int(r)]
        let mask = integrations[k].fieldMask
        var changed = false
        for f in 0..<Field.allCases.count where mask & (1 << Int32(f)) != 0 && record.values[f] != job.values[f] {
            if record.versions[f] > job.versions[f] { measures.staleOverwrites += 1 }
            record.values[f] = job.values[f]
            record.versions[f] = job.versions[f]
            changed = true
        }
        records[Int(r)] = record
        return changed
    }

    /// With `echo: apply`, an echo is written back like any change, though the oracle expects
    /// nothing of it: field values are already in Aha! (the edit started there), so the diff is
    /// usually empty, but a comment is created a second time — a duplicate a user sees.
    mutating func applyEcho(_ job: Job) {
        let hook = hooks[Int(job.hook)]
        for k in served[Self.servedIndex(hook.version, hook.instance, of: world.instances.count)] {
            let r = integrations[k].record(of: job.issue)
            guard r >= 0, roles[runAs(of: Int(job.hook))][integrations[k].workspace].canWrite else { continue }
            var wrote = false
            switch job.kind {
            case .issueUpdated: wrote = applyFields(record: r, integration: k, job: job)
            case .commentCreated:
                wrote = integrations[k].spec.sync.comments
                if wrote {
                    measures.duplicateComments += 1
                    measures.duplicateWrites += 1
                    measures.byIntegration[k].duplicateWrites += 1
                    measures.series.duplicateWrites[measures.series.index(loop.now)] += 1
                }
            default: break
            }
            if wrote {
                measures.writes += 1
                measures.writesByAuthor[runAs(of: Int(job.hook))] += 1
                measures.series.writes[measures.series.index(loop.now)] += 1
            }
        }
    }

    /// An echo is the Jira side of an edit made in Aha!: the linked records already hold what it
    /// says (a created issue already has its record; a deleted one lost it). Recorded without a
    /// write, so echoes never show as divergence.
    mutating func mirrorEcho(_ change: Change) {
        let issue = world.issues[Int(change.issue)]
        for k in integrationsByProject[Int(issue.project)] {
            switch change.kind {
            case .create:
                // NB: a record sent to Jira from one Aha! workspace is linked in that one integration
                // only (DESIGN.md §2), chosen by the change among those that map the issue type.
                let candidates = integrationsByProject[Int(issue.project)].filter { integrations[$0].maps(issue.type) }
                guard !candidates.isEmpty else { return }
                let pick = candidates[min(candidates.count - 1, Int(keyed.unit(Streams.echoLink, UInt64(change.id), 0) * Double(candidates.count)))]
                guard pick == k else { continue }
                integrations[k].setIdeal(change.issue, true)
                integrations[k].link(change.issue, to: Int32(records.count))
                records.append(Record(integration: Int32(k), issue: change.issue, values: issue.values, versions: issue.versions))
            case .update, .transition:
                let r = integrations[k].record(of: change.issue)
                guard r >= 0, change.field >= 0 else { continue }
                let f = Int(change.field)
                if integrations[k].fieldMask & (1 << Int32(f)) != 0 {
                    records[Int(r)].values[f] = issue.values[f]
                    records[Int(r)].versions[f] = issue.versions[f]
                }
            case .delete:
                let r = integrations[k].record(of: change.issue)
                integrations[k].setIdeal(change.issue, false)
                guard r >= 0 else { continue }
                records[Int(r)].deleted = true
                integrations[k].link(change.issue, to: -1)
            case .comment, .commentEdit, .commentDelete:
                continue
            }
        }
    }

    /// Applies an operational change from the scenario's timeline.
    mutating func applyTimeline(_ index: Int) {
        probe?.timeline(index, at: loop.now)
        switch scenario.timeline[index].action {
        case .setRunAs(let webhook, let user):
            // NB: run-as belongs to the endpoint: every webhook pointing at that integration follows.
            guard let u = userIndex(user) else { preconditionFailure("setRunAs user '\(user)' passed the loader") }
            for h in hooks.indices where hookNames[h] == webhook { endpointRunAs[hooks[h].integration] = u }
        case .disable(let webhook):
            for h in hooks.indices where hookNames[h] == webhook { hooks[h].enabled = false }
        case .enable(let webhook):
            for h in hooks.indices where hookNames[h] == webhook { hooks[h].enabled = true }
        case .outage(let span):
            outageUntil = max(outageUntil, loop.now + span)
        case .setRole(let user, let workspace, let role):
            guard let u = userIndex(user), let w = scenario.aha.workspaces.firstIndex(of: workspace) else { return }
            roles[u][w] = role
            roleEpochs.append(roles)
        case .addWebhook(let spec):
            install(spec)
        case .removeWebhook(let name):
            for h in hooks.indices where hookNames[h] == name { hooks[h].installed = false }
        }
    }

    /// Settles what the run ended with: unsettled pairs are in flight; records are compared with Jira.
    mutating func finish() {
        for track in tracks where track.outstanding > 0 {
            for p in track.pairs where p.appliedAt < 0 { measures.inFlight += 1 }
        }
        for integration in integrations {
            for (i, r) in integration.recordOf.enumerated() where r >= 0 && i < world.issues.count {
                let record = records[Int(r)]
                let issue = world.issues[i]
                guard !record.deleted, !issue.deleted else { continue }
                for f in 0..<Field.allCases.count
                where integration.fieldMask & (1 << Int32(f)) != 0 && record.values[f] != issue.values[f] {
                    measures.divergentRecords += 1
                    break
                }
            }
        }
        measures.engineEvents = loop.eventsProcessed + changeEvents
    }

    /// The oracle's invariants, checked at the end of every run (DESIGN.md §3).
    func checkInvariants() throws(SimulationError) {
        let m = measures
        let name = scenario.topologies[topologyIndex].name
        func fail(_ message: String) -> SimulationError { .invariant(topology: name, seed: scenario.seed, message: message) }
        if m.intended != m.applied + m.droppedTotal + m.inFlight {
            throw fail("intended (\(m.intended)) != applied (\(m.applied)) + dropped (\(m.droppedTotal)) + inFlight (\(m.inFlight))")
        }
        if m.attempted != m.succeeded + m.failed + m.attemptsInFlight {
            throw fail("attempted (\(m.attempted)) != succeeded (\(m.succeeded)) + failed (\(m.failed)) + in flight (\(m.attemptsInFlight))")
        }
        if m.negativeLatencies > 0 { throw fail("\(m.negativeLatencies) negative latencies") }
        if m.unauthorizedWrites > 0 { throw fail("\(m.unauthorizedWrites) writes by a user without write access") }
        if Int(m.latency.count) != m.applied { throw fail("latency count \(m.latency.count) != applied \(m.applied)") }
    }
}
