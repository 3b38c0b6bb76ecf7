import SimKit

/// The Aha! account as it stands in one run: its records and links, who may write them, and the
/// endpoints that receive webhooks (admission and workers). The engine asks it what a request is
/// answered with and what processing a job writes; it never looks at Jira's side or the oracle.
struct AhaAccount {
    let rules: [IntegrationRule]
    /// Integrations by Jira project index.
    let byProject: [[Int]]
    /// Integrations served by an endpoint of (version, instance): index `servedIndex(version, instance)`.
    let served: [[Int]]
    private let instances: Int
    var links: [RecordLinks]
    var records: [Record] = []
    var rights: AhaRights
    var admission: AhaAdmission
    var workers: AhaWorkers
    let echo: EchoPolicy

    init(_ aha: AhaSpec, rules: [IntegrationRule], byProject: [[Int]], instances: Int, issues: Int) {
        self.rules = rules
        self.byProject = byProject
        self.instances = instances
        var served: [[Int]] = Array(repeating: [], count: 2 * instances)
        for (k, rule) in rules.enumerated() {
            served[Self.servedIndex(rule.version, rule.instance, of: instances)].append(k)
        }
        self.served = served
        links = rules.map { _ in RecordLinks(issues: issues) }
        rights = AhaRights(aha)
        admission = AhaAdmission(aha.processing)
        workers = AhaWorkers(aha.processing)
        echo = aha.echo
    }

    /// Where in `served` the integrations an endpoint of this version serves on this instance are.
    static func servedIndex(_ version: IntegrationVersion, _ instance: Int, of instances: Int) -> Int {
        (version == .v1 ? 0 : 1) * instances + instance
    }

    /// The integrations an endpoint of `version` on Jira instance `instance` looks in.
    @inline(__always) func served(by version: IntegrationVersion, on instance: Int) -> [Int] {
        served[Self.servedIndex(version, instance, of: instances)]
    }

    /// The integrations an endpoint of `version` on `instance` looks in that link `issue` now: the
    /// import check of a create.
    func linkedIntegrations(_ issue: Int32, version: IntegrationVersion, instance: Int) -> [Int32] {
        var linked: [Int32] = []
        for k in served[Self.servedIndex(version, instance, of: instances)] where links[k].record(of: issue) >= 0 {
            linked.append(Int32(k))
        }
        return linked
    }

    /// Links issue `issue` to a new record of integration `k` holding these values.
    mutating func createRecord(integration k: Int, issue: Int32, values: FieldValues, versions: FieldValues) {
        links[k].link(issue, to: Int32(records.count))
        records.append(Record(integration: Int32(k), issue: issue, values: values, versions: versions))
    }

    /// Whether what a job writes to in integration `k` exists in Aha! now: the linked record, or for
    /// an import, the linked parent it is imported under.
    func recordExists(for job: Job, integration k: Int, parent: Int32) -> Bool {
        switch job.kind {
        case .issueCreated:
            return parent >= 0 && links[k].record(of: parent) >= 0
        case .issueDeleted:
            // NB: a record already deleted by an earlier delivery of the same delete still counts
            // as reached (the write is then empty); a record that never existed does not.
            let r = links[k].record(of: job.issue)
            return r >= 0 || r == RecordLinks.deletedInAha
        default:
            let r = links[k].record(of: job.issue)
            return r >= 0 && !records[Int(r)].deleted
        }
    }

    /// Aha! applies a job to the records of integration `k` — any integration the endpoint's version
    /// serves on that Jira instance, not only the endpoint's own — as `user` (DESIGN.md §2): refused
    /// when the endpoint does not serve it, the user may not write it, or its record (an import: its
    /// parent's) does not exist now; otherwise written. `first` is whether the pair was not applied before.
    mutating func apply(
        _ job: Job, integration k: Int, endpoint hook: HookState, user: Int, parent: Int32, first: Bool,
        at now: SimTime,
        measures: inout Measures
    ) -> PairOutcome {
        guard rules[k].isServed(by: hook.version, on: hook.instance) else { return .refused(.versionMismatch) }
        let workspace = rules[k].workspace
        guard rights.canWrite(user, workspace) else { return .refused(.permissionDenied) }
        guard recordExists(for: job, integration: k, parent: parent) else { return .refused(.recordMissing) }
        let wrote = write(
            job, integration: k, first: first, linkedAtCheck: workers.wasLinkedAtCheck(job, integration: k),
            measures: &measures)
        if wrote {
            if !rights.canWrite(user, workspace) { measures.aha.unauthorizedWrites += 1 }
            measures.aha.writes += 1
            measures.aha.writesByAuthor[user] += 1
            let s = measures.series.index(now)
            measures.series.writes[s] += 1
            if !first {
                measures.aha.duplicateWrites += 1
                measures.oracle.byIntegration[k].duplicateWrites += 1
                measures.series.duplicateWrites[s] += 1
            }
        }
        return first ? .applied(wrote: wrote) : .again(wrote: wrote)
    }

    /// Changes Aha! for one pair; returns whether anything changed (a write).
    private mutating func write(
        _ job: Job, integration k: Int, first: Bool, linkedAtCheck: Bool, measures: inout Measures
    ) -> Bool {
        switch job.kind {
        case .commentCreated:
            // NB: comments are never de-duplicated: every delivery creates one (on a record that exists).
            guard links[k].record(of: job.issue) >= 0 else { return false }
            if !first { measures.aha.duplicateComments += 1 }
            return true
        case .commentUpdated, .commentDeleted:
            return first && links[k].record(of: job.issue) >= 0
        case .issueUpdated, .issueCommented:
            return applyFields(record: links[k].record(of: job.issue), integration: k, job: job, measures: &measures)
        case .issueDeleted:
            let record = links[k].record(of: job.issue)
            guard record >= 0, !records[Int(record)].deleted else { return false }
            records[Int(record)].deleted = true
            links[k].link(job.issue, to: RecordLinks.deletedInAha)
            return true
        case .issueCreated:
            if linkedAtCheck { return false }
            if links[k].record(of: job.issue) >= 0 { measures.aha.duplicateRecords += 1 }
            // NB: a create processed after Aha! already deleted the record re-creates it: an older
            // change overwriting a newer one.
            if links[k].record(of: job.issue) == RecordLinks.deletedInAha { measures.oracle.staleOverwrites += 1 }
            createRecord(integration: k, issue: job.issue, values: job.values, versions: job.versions)
            return true
        }
    }

    /// Applies the event's field values as a diff; an older value replacing a newer one is a stale overwrite.
    mutating func applyFields(record r: Int32, integration k: Int, job: Job, measures: inout Measures) -> Bool {
        guard r >= 0, !records[Int(r)].deleted else { return false }
        var record = records[Int(r)]
        let mask = rules[k].fieldMask
        var changed = false
        for f in 0..<Field.allCases.count where mask & (1 << Int32(f)) != 0 && record.values[f] != job.values[f] {
            if record.versions[f] > job.versions[f] { measures.oracle.staleOverwrites += 1 }
            record.values[f] = job.values[f]
            record.versions[f] = job.versions[f]
            changed = true
        }
        records[Int(r)] = record
        return changed
    }
}
