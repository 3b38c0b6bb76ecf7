import SimKit

extension AhaAccount {
    /// With `echo: apply`, an echo is written back like any change, though the oracle expects
    /// nothing of it: field values are already in Aha! (the edit started there), so the diff is
    /// usually empty, but a comment is created a second time — a duplicate a user sees.
    mutating func applyEcho(_ job: Job, endpoint hook: HookState, user: Int, at now: SimTime, measures: inout Measures)
    {
        for k in served(by: hook.version, on: hook.instance) {
            let r = links[k].record(of: job.issue)
            guard r >= 0, rights.canWrite(user, rules[k].workspace) else { continue }
            var wrote = false
            switch job.kind {
            case .issueUpdated: wrote = applyFields(record: r, integration: k, job: job, measures: &measures)
            case .commentCreated:
                wrote = rules[k].syncsComments
                if wrote {
                    measures.aha.duplicateComments += 1
                    measures.aha.duplicateWrites += 1
                    measures.oracle.byIntegration[k].duplicateWrites += 1
                    measures.series.duplicateWrites[measures.series.index(now)] += 1
                }
            default: break
            }
            if wrote {
                measures.aha.writes += 1
                measures.aha.writesByAuthor[user] += 1
                measures.series.writes[measures.series.index(now)] += 1
            }
        }
    }

    /// An echo is the Jira side of an edit made in Aha!: the linked records already hold what it
    /// says (a created issue already has its record; a deleted one lost it). Recorded without a
    /// write, so echoes never show as divergence. Returns the integration an echoed create was
    /// made in (-1 for other changes, or when no integration maps the issue's type).
    mutating func mirrorEcho(_ change: Change, world: JiraWorld, keyed: KeyedRandom) -> Int {
        let issue = world.issues[Int(change.issue)]
        let integrations = byProject[Int(issue.project)]
        switch change.kind {
        case .create:
            // NB: a record sent to Jira from one Aha! workspace is linked in that one integration
            // only (DESIGN.md §2), chosen by the change among those that map the issue type.
            let candidates = integrations.filter { rules[$0].maps(issue.type) }
            guard !candidates.isEmpty else { return -1 }
            let u = keyed.unit(Streams.echoLink, UInt64(change.id), 0)
            let k = candidates[min(candidates.count - 1, Int(u * Double(candidates.count)))]
            createRecord(integration: k, issue: change.issue, values: issue.values, versions: issue.versions)
            return k
        case .update, .transition:
            guard change.field >= 0 else { return -1 }
            let f = Int(change.field)
            for k in integrations where rules[k].syncs(field: f) {
                let r = links[k].record(of: change.issue)
                guard r >= 0 else { continue }
                records[Int(r)].values[f] = issue.values[f]
                records[Int(r)].versions[f] = issue.versions[f]
            }
        case .delete:
            for k in integrations {
                let r = links[k].record(of: change.issue)
                guard r >= 0 else { continue }
                records[Int(r)].deleted = true
                links[k].link(change.issue, to: -1)
            }
        case .comment, .commentEdit, .commentDelete:
            break
        }
        return -1
    }

    /// Linked records whose synced fields differ from their Jira issue at the end (neither deleted).
    func divergentRecords(_ world: JiraWorld) -> Int {
        var count = 0
        for (k, links) in links.enumerated() {
            for (i, r) in links.recordOf.enumerated() where r >= 0 && i < world.issues.count {
                let record = records[Int(r)]
                let issue = world.issues[i]
                guard !record.deleted, !issue.deleted else { continue }
                for f in 0..<Field.allCases.count
                where rules[k].syncs(field: f) && record.values[f] != issue.values[f] {
                    count += 1
                    break
                }
            }
        }
        return count
    }
}
