import SimKit

extension ReferenceModel {
    /// The oracle's state: which pairs should be linked, and the changes that have intended pairs.
    struct OracleSide {
        /// The oracle's links: (integration, issue) pairs that should be linked.
        var idealLinks: Set<ReferenceLinkKey> = []
        /// Changes that have intended pairs, by change id.
        var changes: [Int32: ReferenceChange] = [:]
    }
}

/// The oracle's end of run: every intended pair applied, dropped with one reason, or in flight;
/// and linked records compared with their Jira issues.
extension ReferenceModel {
    mutating func settle() {
        for id in oracle.changes.keys.sorted() {
            guard let c = oracle.changes[id] else { continue }
            let open = c.deliveries.contains { deliveries[$0].isOpen }
            for i in c.pairs.indices where c.pairs[i].appliedAt == nil {
                if open {
                    measures.oracle.inFlight += 1
                } else {
                    measures.oracle.dropped[reason(c, pair: i).rawValue] += 1
                    measures.byIntegration.dropped[c.pairs[i].integration] += 1
                }
            }
        }
        for key in aha.links.keys.sorted() {
            guard case .record(let r)? = aha.links[key], !aha.records[r].deleted,
                !jira.world.issues[Int(key.issue)].deleted
            else { continue }
            // NB: a record whose issue Jira deleted is not compared (it has no fields to differ from).
            let issue = jira.world.issues[Int(key.issue)]
            if integrations[key.integration].syncedFields.contains(where: {
                aha.records[r].values[$0] != issue.values[$0]
            }) {
                measures.oracle.divergentRecords += 1
            }
        }
    }

    /// The drop reason of a settled pair (DESIGN.md §3): the furthest stage any webhook of the
    /// instance reached. A webhook that did not fire stopped at a configuration stage; one that fired
    /// is *able* when its version serves the pair's integration and its run-as user could write the
    /// workspace (judged when processed, or at dispatch if never processed) — and an able webhook
    /// outranks every configuration stage with the run-time stage it reached.
    func reason(_ c: ReferenceChange, pair i: Int) -> ReferenceReason {
        var best = ReferenceReason.noWebhook
        for s in c.stopped { best = max(best, s) }
        for d in c.deliveries { best = max(best, stage(deliveries[d], pair: i, of: c)) }
        return best
    }

    func stage(_ x: ReferenceDelivery, pair i: Int, of c: ReferenceChange) -> ReferenceReason {
        let k = c.pairs[i].integration
        let hook = jira.webhooks[x.webhook]
        guard integrations[k].spec.version == hook.version && integrations[k].instance == hook.instance else {
            return .versionMismatch
        }
        let workspace = integrations[k].workspace
        let outcomes = x.processings.map { $0[i] }
        // NB: "the last answer was 429" is read as the answer to Jira's last attempt; a last attempt
        // that timed out after an earlier 429 is "Aha!'s answer never came" (as in the engine).
        let failure: ReferenceReason = x.jira.failedWith == 429 && !x.jira.lostInQueue ? .rateLimited : .deliveryFailed
        let able = outcomes.isEmpty ? x.writableAtDispatch[workspace] : outcomes.contains { $0 != .permissionDenied }
        guard able else { return .permissionDenied }
        if outcomes.contains(.recordMissing) { return .recordMissing }
        return failure
    }
}
