import SimKit

/// One distinct change found in a capture, before it is placed in a scenario's projects.
struct RecordedEvent: Sendable, Equatable {
    /// Epoch milliseconds, as Jira wrote it.
    var timestamp: Int64
    /// The line that first carried it.
    var line: Int
    var kind: ChangeKind
    var issueKey: String
    var project: String
    var issueType: String?
    /// `fields.parent.key`: an epic or the issue a sub-task belongs to.
    var parentKey: String?
    /// `Field.rawValue`, -1 when unmodelled or not an update.
    var field: Int8
    var actor: String?
    /// `JiraNames` index of a transition's status or an update's priority, else -1.
    var value: Int32
}

/// The distinct changes of a capture, in time order, with what was not a change counted.
struct RecordingScan: Sendable {
    var events: [RecordedEvent] = []
    var recording = Recording()
}

extension Recording {
    /// Longest line accepted: far beyond any webhook body (Jira caps a body's fields), small enough
    /// that a runaway line is an error with its number, not an exhausted machine.
    static let maxLineBytes = 16 << 20

    /// Reads a capture held in memory: one Jira webhook body per line, or lines as `hooksim trace`
    /// writes them (their `body` is taken). Blank lines are ignored.
    /// - Complexity: O(n log n) in the lines, one parse per line.
    /// - Throws: `ScenarioError` at `file:line:column` for a line that is not JSON, not an object,
    ///   too long, or a body without a `webhookEvent` string.
    static func scan(bytes: UnsafeRawBufferPointer, file: String) throws(ScenarioError) -> RecordingScan {
        var scanner = RecordingScanner(file: file)
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            try scanner.read(line: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end + 1
        }
        return scanner.finish()
    }

    /// How many distinct changes a capture held in memory replays (what `activity: {trace:}`
    /// would read), for tools that check a capture without a scenario (the fuzzer among them).
    /// - Throws: `ScenarioError` as `scan` does.
    public static func changeCount(bytes: [UInt8], file: String) throws(ScenarioError) -> Int {
        var result: Result<RecordingScan, ScenarioError> = .success(RecordingScan())
        bytes.withUnsafeBytes { raw in
            do throws(ScenarioError) { result = .success(try Self.scan(bytes: raw, file: file)) } catch {
                result = .failure(error)
            }
        }
        return try result.get().events.count
    }

    /// The change a body describes, or nil (counted) when it describes none HookSim replays.
    static func classify(_ body: JiraBody, line: Int, into r: inout Recording) -> RecordedEvent? {
        let kind: ChangeKind
        var field: Int8 = -1
        var value: Int32 = -1
        switch body.kind {
        case .ignored:
            r.skip("event \(JSON5Path.quoted(body.webhookEvent)), which HookSim does not model", line: line)
            return nil
        case .issueCommented:
            r.companions += 1
            return nil
        case .issueCreated: kind = .create
        case .issueDeleted: kind = .delete
        case .commentCreated: kind = .comment
        case .commentUpdated: kind = .commentEdit
        case .commentDeleted: kind = .commentDelete
        case .issueUpdated:
            // NB: a status item makes it a transition whatever else changed with it (a resolution
            // is set beside Done); otherwise the first modelled field is the one updated.
            if let status = body.items.first(where: { $0.field.lowercased() == "status" }) {
                kind = .transition
                field = Int8(Field.status.rawValue)
                value = index(of: status.to, in: JiraNames.statuses)
            } else {
                kind = .update
                for item in body.items {
                    guard let f = LiveAccount.field(named: item.field), f != .status else { continue }
                    field = Int8(f.rawValue)
                    if f == .priority { value = index(of: item.to, in: JiraNames.priorities) }
                    break
                }
            }
        }
        guard let key = body.issueKey ?? body.issueID else {
            r.skip("a body without an issue", line: line)
            return nil
        }
        guard let project = body.project else {
            r.skip("an issue without a project key (neither fields.project.key nor a key such as ABC-1)", line: line)
            return nil
        }
        guard let timestamp = body.timestamp else {
            r.skip("a body without a numeric timestamp", line: line)
            return nil
        }
        return RecordedEvent(
            timestamp: timestamp, line: line, kind: kind, issueKey: key, project: project, issueType: body.issueType,
            parentKey: body.parentKey, field: field, actor: body.actor, value: value)
    }

    private static func index(of name: String?, in names: [String]) -> Int32 {
        guard let name else { return -1 }
        return names.firstIndex(where: { $0.lowercased() == name.lowercased() }).map { Int32($0) } ?? -1
    }

    /// Places the distinct changes in projects, in time order: an issue's first sighting creates it
    /// (before the capture unless it is its create), a delete ends it; what cannot be placed is
    /// skipped and counted.
    /// - Parameters:
    ///   - project: the world's project index for a project key, nil when none is declared.
    ///   - integrationAccount: the integration account of the instance of a project index.
    static func build(
        _ scan: RecordingScan, project: (String) -> Int?, integrationAccount: (Int) -> String?
    ) -> Recording {
        var r = scan.recording
        var slots: [String: Int32] = [:]
        var deleted = Set<Int32>()
        var actors: [String: Int32] = [:]
        var first: Int64?
        var last: Int64 = 0
        for e in scan.events {
            guard let p = project(e.project) else {
                r.skip(
                    "issues of project \(JSON5Path.quoted(e.project)), which no jira[].projects declares", line: e.line)
                continue
            }
            let base = first ?? e.timestamp
            let (since, overflow) = e.timestamp.subtractingReportingOverflow(base)
            guard !overflow, since <= Int64.max / 4_000 else {
                r.skip("a timestamp too far from the capture's first to simulate", line: e.line)
                continue
            }
            var slot = slots[e.issueKey]
            if let s = slot, deleted.contains(s) {
                if e.kind == .commentDelete {
                    r.companions += 1  // NB: Jira's Secondary flow: an issue delete deletes its comments.
                } else {
                    r.skip("a change to an issue the capture already deleted", line: e.line)
                }
                continue
            }
            if e.kind == .create && slot != nil {
                r.skip("a create of an issue already seen", line: e.line)
                continue
            }
            if slot == nil {
                // NB: a parent the capture never shows changing existed before it all the same.
                var parent: Int32? = e.issueType == nil ? nil : -1
                if let key = e.parentKey, key != e.issueKey {
                    parent = slots[key]
                    if slots[key] == nil, let pk = projectKey(of: key), let pp = project(pk) {
                        parent = Int32(r.issues.count)
                        slots[key] = parent
                        r.issues.append(
                            Issue(key: key, project: pp, number: number(of: key), type: nil, existing: true))
                    }
                }
                let s = Int32(r.issues.count)
                slots[e.issueKey] = s
                slot = s
                r.issues.append(
                    Issue(
                        key: e.issueKey, project: p, number: number(of: e.issueKey), type: e.issueType,
                        existing: e.kind != .create, parent: parent))
            }
            guard let s = slot else { continue }
            if e.kind == .delete { deleted.insert(s) }
            var actor: Int32 = -1
            if let name = e.actor, name != integrationAccount(p) {
                if let a = actors[name] {
                    actor = a
                } else {
                    actor = Int32(actors.count)
                    actors[name] = actor
                }
            } else if e.actor == nil {
                actor = 0
            }
            first = base
            last = e.timestamp
            r.entries.append(
                Entry(
                    time: SimDuration(microseconds: since * 1000), kind: e.kind, issue: s, field: e.field,
                    actor: actor, value: e.value))
        }
        r.span = SimDuration(microseconds: (last - (first ?? last)) * 1000)
        return r
    }

    /// The project part of a key such as `OPS-12`.
    static func projectKey(of key: String) -> String? {
        guard let dash = key.lastIndex(of: "-"), dash != key.startIndex else { return nil }
        return String(key[..<dash])
    }

    /// The number of a key such as `OPS-12`, when the key has that shape.
    static func number(of key: String) -> Int32? {
        guard let dash = key.lastIndex(of: "-") else { return nil }
        return Int32(key[key.index(after: dash)...]).flatMap { $0 > 0 ? $0 : nil }
    }
}
