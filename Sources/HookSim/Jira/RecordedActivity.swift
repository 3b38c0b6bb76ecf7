import SimKit

/// Replays a `Recording` as the Jira activity: the same `Change` values `ActivityGenerator` makes,
/// applied to the world the same way, but taken from a capture instead of drawn.
///
/// What a capture cannot say (the new summary of an update, who a new assignee is, a created
/// issue's starting fields) is drawn from the stream keyed by the change's id, as a generated
/// change draws it, so a replay is identical in every topology (DESIGN.md §4).
struct RecordedActivity {
    private let recording: Recording
    private let end: SimTime
    private let maxChanges: Int
    private var position = 0
    /// Per recorded issue, its index in the world (-1 until created).
    private var issueOf: [Int32]
    private let keyed: KeyedRandom

    init(_ recording: Recording, scenario: Scenario, world: JiraWorld) {
        self.recording = recording
        end = .zero + scenario.duration
        maxChanges = min(scenario.limits.maxChanges ?? Int(Int32.max), Int(Int32.max))
        keyed = KeyedRandom(seed: scenario.seed)
        issueOf = world.recordedIssues
        if issueOf.count < recording.issues.count {
            issueOf += Array(repeating: -1, count: recording.issues.count - issueOf.count)
        }
    }

    /// Changes produced so far (the id of the next one).
    var produced: Int32 { Int32(position) }

    /// The time of the next change, or nil when the capture is over. A change at exactly the end
    /// of `duration` is replayed: `duration` defaults to the capture's span, whose last change
    /// lies on it.
    func peekTime() -> SimTime? {
        guard position < recording.entries.count, position < maxChanges else { return nil }
        let t = SimTime.zero + recording.entries[position].time
        return t <= end ? t : nil
    }

    /// Produces the next recorded change and applies it to the world.
    mutating func next(world: inout JiraWorld) -> Change? {
        guard let time = peekTime() else { return nil }
        let e = recording.entries[position]
        let id = Int32(position)
        position += 1
        var rng = keyed.stream(Streams.change, UInt64(id))
        let recorded = recording.issues[Int(e.issue)]
        let project = recorded.project
        let users = world.instances[world.projects[project].instance].users
        let actor: Int32 = e.actor < 0 ? -1 : e.actor % Int32(max(users, 1))
        let version = id + 1
        var field = e.field
        var issue = issueOf[Int(e.issue)]
        if e.kind != .create && issue < 0 {
            // NB: cannot happen for a recording built by `Recording.build` (an issue first seen by
            // another change exists from the start); kept safe for a hand-made one.
            var start = keyed.stream(Streams.recorded, UInt64(e.issue))
            issue = world.addRecorded(recorded, at: .zero, using: &start)
            issueOf[Int(e.issue)] = issue
        }
        let before: Issue? = e.kind == .create ? nil : world.issues[Int(issue)]
        switch e.kind {
        case .create:
            issue = world.addRecorded(recorded, at: time, using: &rng)
            issueOf[Int(e.issue)] = issue
            world.setRecordedParent(of: issue, recorded, issueOf)
            world.issues[Int(issue)].versions = FieldValues(repeating: version)
        case .update:
            guard field >= 0, let f = Field(rawValue: Int(field)) else { break }
            let v = ActivityGenerator.updatedValue(
                f, from: world.issues[Int(issue)].values[f.rawValue], version: version, users: users,
                priority: e.value >= 0 ? e.value : nil, using: &rng)
            world.issues[Int(issue)].values[f.rawValue] = v
            world.issues[Int(issue)].versions[f.rawValue] = version
        case .transition:
            field = Int8(Field.status.rawValue)
            let s = world.issues[Int(issue)].values[Field.status.rawValue]
            let to = e.value >= 0 ? e.value : (s + 1) % Int32(JiraNames.statuses.count)
            world.issues[Int(issue)].values[Field.status.rawValue] = to
            world.issues[Int(issue)].versions[Field.status.rawValue] = version
        case .comment:
            world.issues[Int(issue)].comments += 1
        case .commentEdit:
            // NB: the comment may predate the capture; the world then learns it existed.
            world.issues[Int(issue)].comments = max(world.issues[Int(issue)].comments, 1)
        case .commentDelete:
            world.issues[Int(issue)].comments = max(world.issues[Int(issue)].comments, 1) - 1
        case .delete:
            world.markDeleted(issue)
        }
        world.noteChange(id: id, issue: issue, before: before, at: time, by: actor)
        return Change(id: id, time: time, kind: e.kind, issue: issue, actor: actor, field: field)
    }
}
