extension LiveAccount {
    /// A worker finished a request: Aha! looks for records linked to the issue in every
    /// integration of the endpoint's version on its Jira instance — not only the endpoint's own —
    /// and writes each one the run-as user may write, as that user (DESIGN.md §2).
    /// - Parameter linkedAtCheck: from `linkedNow` when the worker started (creates only).
    mutating func apply(_ body: JiraBody, endpoint e: Int, linkedAtCheck: [Int] = []) {
        guard let key = body.issueKey, body.kind != .ignored, body.kind != .issueCommented else { return }
        let instance = instanceIndex(of: e)
        let id = issueID(instance, key)
        guard var issue = issues[id] else { return }
        if isEcho(body, instance: instance) {
            counters.echoes += 1
            if aha.echo == .apply { applyEcho(body, endpoint: e, issue: &issue) }
            issues[id] = issue
            return
        }
        let change = ChangeKey(
            issue: id, event: body.webhookEvent, timestamp: body.timestamp ?? 0,
            detail: body.commentID ?? body.changelogID ?? "")
        let version = aha.integrations[e].version
        let user = runAs[e]
        for k in integrations(instance: instance, project: body.project) where syncs(body, k, issue.links[k]) {
            let pairKey = PairKey(change: change, integration: k)
            var pair = pairs[pairKey] ?? Pair()
            defer { pairs[pairKey] = pair }
            guard aha.integrations[k].version == version else {
                pair.raise(to: .versionMismatch)
                continue
            }
            guard let user, canWrite(user, integration: k) else {
                pair.raise(to: .permissionDenied)
                continue
            }
            guard recordExists(body, k, issue, instance: instance) else {
                pair.raise(to: .recordMissing)
                continue
            }
            let first = !pair.applied
            if write(body, k, &issue, first: first, linkedAtCheck: linkedAtCheck.contains(k)) {
                counters.writes += 1
                counters.writesByAuthor[user] += 1
                if !first { counters.duplicateWrites += 1 }
            }
            if first {
                pair.applied = true
                counters.applied += 1
            }
        }
        issues[id] = issue
    }

    func canWrite(_ user: Int, integration k: Int) -> Bool {
        aha.users[user].role(on: aha.integrations[k].workspace).canWrite
    }

    /// Whether integration `k` expects anything of this change: the issue is (or should be)
    /// linked there and the integration syncs this kind of change.
    func syncs(_ body: JiraBody, _ k: Int, _ link: Link) -> Bool {
        guard link != .none else { return false }
        let sync = aha.integrations[k].sync
        switch body.kind {
        case .commentCreated, .commentUpdated, .commentDeleted: return sync.comments
        case .issueUpdated:
            return body.items.contains { Self.field(named: $0.field).map { syncsField($0, k) } ?? false }
        case .issueCreated, .issueDeleted: return true
        case .issueCommented, .ignored: return false
        }
    }

    func syncsField(_ f: Field, _ k: Int) -> Bool {
        let sync = aha.integrations[k].sync
        return f == .status ? sync.status : sync.fields.contains(f.name)
    }

    /// The synced field a changelog item names (`Component` and `components` alike).
    static func field(named name: String) -> Field? {
        let lower = name.lowercased()
        return Field.allCases.first { $0.name == lower || $0.name == lower + "s" }
    }

    /// Whether what the change writes exists in Aha! now: the linked record, or for an import the
    /// linked parent's record (DESIGN.md §3).
    func recordExists(_ body: JiraBody, _ k: Int, _ issue: Issue, instance: Int) -> Bool {
        switch body.kind {
        case .issueCreated:
            guard let parent = issue.parent, let p = issues[issueID(instance, parent)] else { return false }
            if case .linked = p.links[k] { return true }
            return false
        case .issueDeleted: return true  // NB: an already deleted record is reached; the write is empty.
        default:
            if case .linked = issue.links[k] { return true }
            return false
        }
    }

    /// Changes Aha! for one pair; returns whether anything changed (a write).
    mutating func write(_ body: JiraBody, _ k: Int, _ issue: inout Issue, first: Bool, linkedAtCheck: Bool) -> Bool {
        switch body.kind {
        case .commentCreated:
            // NB: comments are never de-duplicated: every delivery creates one.
            if !first { counters.duplicateComments += 1 }
            return true
        case .commentUpdated, .commentDeleted:
            return first
        case .issueUpdated:
            guard case .linked(var values) = issue.links[k] else { return false }
            var changed = false
            for item in body.items {
                guard let f = Self.field(named: item.field), syncsField(f, k), values[f.rawValue] != item.to else {
                    continue
                }
                values[f.rawValue] = item.to
                changed = true
            }
            issue.links[k] = .linked(values)
            return changed
        case .issueDeleted:
            guard case .linked = issue.links[k] else { return false }
            issue.links[k] = .deleted
            return true
        case .issueCreated:
            if linkedAtCheck { return false }
            if case .linked = issue.links[k] { counters.duplicateRecords += 1 }
            issue.links[k] = .linked(Self.empty)
            return true
        case .issueCommented, .ignored:
            return false
        }
    }

    /// With `echo: apply`, an echo is written back like any change though nothing is expected of
    /// it: a comment is created a second time, a duplicate a user sees.
    mutating func applyEcho(_ body: JiraBody, endpoint e: Int, issue: inout Issue) {
        guard let user = runAs[e] else { return }
        let version = aha.integrations[e].version
        for k in integrations(instance: instanceIndex(of: e), project: body.project)
        where aha.integrations[k].version == version && canWrite(user, integration: k) {
            guard case .linked = issue.links[k] else { continue }
            var wrote = false
            switch body.kind {
            case .issueUpdated: wrote = write(body, k, &issue, first: true, linkedAtCheck: false)
            case .commentCreated:
                wrote = aha.integrations[k].sync.comments
                if wrote {
                    counters.duplicateComments += 1
                    counters.duplicateWrites += 1
                }
            default: break
            }
            if wrote {
                counters.writes += 1
                counters.writesByAuthor[user] += 1
            }
        }
    }

    /// Pairs never applied, by the furthest stage they reached (`dropped.byReason`).
    func dropped() -> (versionMismatch: Int, permissionDenied: Int, recordMissing: Int) {
        var v = 0
        var p = 0
        var r = 0
        for pair in pairs.values where !pair.applied {
            switch pair.stage {
            case .versionMismatch: v += 1
            case .permissionDenied: p += 1
            case .recordMissing: r += 1
            default: break
            }
        }
        return (v, p, r)
    }
}

extension LiveAccount.Pair {
    mutating func raise(to stage: Stage) {
        if self.stage.rawValue < stage.rawValue { self.stage = stage }
    }
}
