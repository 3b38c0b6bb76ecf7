import SimKit

extension Oracle {
    /// A delivery of `hook` was lost at run time: for each pair the webhook was able to apply
    /// (its version serves the pair's integration and its run-as user may write the workspace), the
    /// run-time stage; for the others, the configuration stage that stopped it (DESIGN.md §3).
    /// The run-as user's rights are those the delivery was judged on: at processing when a job of it
    /// was processed, at dispatch otherwise (`user`, and `epoch`, an index into `AhaRights.epochs`).
    mutating func raiseFailure(
        track slot: Int32, endpoint hook: HookState, rights: AhaRights, user: Int, epoch: Int, to stage: Stage
    ) {
        guard slot >= 0 else { return }
        for i in tracks[Int(slot)].pairs.indices {
            let k = Int(tracks[Int(slot)].pairs[i].integration)
            let reached: Stage
            if !rules[k].isServed(by: hook.version, on: hook.instance) {
                reached = .versionMismatch
            } else if !rights.canWrite(user, rules[k].workspace, atEpoch: epoch) {
                reached = .permissionDenied
            } else {
                reached = stage
            }
            tracks[Int(slot)].pairs[i].raise(to: reached)
        }
    }

    /// Starts judging the delivery in `slot` (a new one, or a reused slot).
    @inline(__always) mutating func judge(delivery slot: Int32, _ judge: Judge) {
        if Int(slot) == judges.count { judges.append(judge) } else { judges[Int(slot)] = judge }
    }

    /// One fewer delivery or job may carry this change; with none left, its pairs settle.
    @inline(__always) mutating func release(_ slot: Int32, at now: SimTime, measures: inout Measures, probe: SimProbe?)
    {
        tracks[Int(slot)].outstanding -= 1
        if tracks[Int(slot)].outstanding <= 0 { settle(slot, at: now, measures: &measures, probe: probe) }
    }

    /// Nothing carries the change any more: each pair never applied is dropped with its reason.
    mutating func settle(_ slot: Int32, at now: SimTime, measures: inout Measures, probe: SimProbe?) {
        if let probe {
            for p in tracks[Int(slot)].pairs {
                probe.settled(
                    change: tracks[Int(slot)].change.id, integration: p.integration,
                    appliedAt: p.appliedAt >= 0 ? p.appliedAt : nil, stage: p.stage, at: now)
            }
        }
        for p in tracks[Int(slot)].pairs where p.appliedAt < 0 {
            measures.oracle.dropped[Int(p.stage.rawValue)] += 1
            measures.oracle.byIntegration[Int(p.integration)].dropped += 1
            measures.oracle.byIntegration[Int(p.integration)].droppedByReason[Int(p.stage.rawValue)] += 1
        }
        tracks[Int(slot)].pairs = []
        tracks[Int(slot)].outstanding = 0
        freeTracks.append(slot)
    }

    /// Pairs not applied of changes still carried when the run ends.
    var inFlight: Int {
        var count = 0
        for track in tracks where track.outstanding > 0 {
            for p in track.pairs where p.appliedAt < 0 { count += 1 }
        }
        return count
    }

    /// The oracle's invariants, checked at the end of every run (DESIGN.md §3): a broken one is a
    /// bug of the engine, never a result; the message says which and by how much.
    static func brokenInvariant(_ m: Measures) -> String? {
        if m.oracle.intended != m.oracle.applied + m.oracle.droppedTotal + m.oracle.inFlight {
            return
                "intended (\(m.oracle.intended)) != applied (\(m.oracle.applied)) + dropped (\(m.oracle.droppedTotal)) + inFlight (\(m.oracle.inFlight))"
        }
        if m.jira.attempted != m.jira.succeeded + m.jira.failed + m.jira.attemptsInFlight {
            return
                "attempted (\(m.jira.attempted)) != succeeded (\(m.jira.succeeded)) + failed (\(m.jira.failed)) + in flight (\(m.jira.attemptsInFlight))"
        }
        if m.oracle.negativeLatencies > 0 { return "\(m.oracle.negativeLatencies) negative latencies" }
        if m.aha.unauthorizedWrites > 0 { return "\(m.aha.unauthorizedWrites) writes by a user without write access" }
        if Int(m.oracle.latency.count) != m.oracle.applied {
            return "latency count \(m.oracle.latency.count) != applied \(m.oracle.applied)"
        }
        return nil
    }
}
