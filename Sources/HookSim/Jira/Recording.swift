import SimKit

/// Jira activity read from a capture of Jira's own webhook bodies (DESIGN.md §7.4), ready to be
/// replayed by `RecordedActivity`.
///
/// Everything that depends on the text is decided when the file is read — which lines are one
/// change, which issue each change touches, which issues existed before the capture — so a replay
/// is a walk over an array, identical in every topology and every process.
public struct Recording: Sendable, Equatable {
    /// One change, in time order.
    struct Entry: Sendable, Equatable {
        /// Since the earliest `timestamp` of the capture.
        var time: SimDuration
        var kind: ChangeKind
        /// Index into `issues`.
        var issue: Int32
        /// `Field.rawValue` of an update or transition, -1 for a field HookSim does not model.
        var field: Int8
        /// -1: the instance's integration account (an echo); else the actor's index in order of
        /// first appearance, mapped onto the instance's users at replay.
        var actor: Int32
        /// A transition's target status or an update's priority, as an index into `JiraNames`
        /// (-1 when the capture names a value HookSim does not know).
        var value: Int32 = -1
    }

    /// One issue the capture touches.
    struct Issue: Sendable, Equatable {
        var key: String
        /// Index of its project in `JiraWorld.projects` (instances, then projects, in file order).
        var project: Int
        /// The number after the key's dash, when it is one.
        var number: Int32?
        var type: String?
        /// First seen by something other than its create: it existed before the capture, so the
        /// world holds it from the start and it is linked like any starting issue.
        var existing: Bool
        /// Index into `issues` of its parent; -1 when its body showed `fields` without a parent
        /// (it has none); nil when the body showed no fields (unknown: the world draws one).
        var parent: Int32? = nil
    }

    var entries: [Entry] = []
    var issues: [Issue] = []
    /// From the earliest to the latest `timestamp` of a replayed change.
    public var span: SimDuration = .zero
    /// Lines read (bodies, not counting blank lines).
    public var lines = 0
    /// Lines that carried a change already seen (another webhook's copy, a retry).
    public var duplicates = 0
    /// `jira:issue_updated` bodies that accompany a comment event, and comment deletes that follow
    /// an issue delete: part of another change, not changes of their own.
    public var companions = 0
    /// Lines that are no change HookSim replays, by reason, in order of first appearance.
    public var skipped: [(reason: String, count: Int, firstLine: Int)] = []

    /// Changes replayed.
    public var changes: Int { entries.count }

    /// Count per kind, in `ChangeKind.allCases` order.
    public var kindCounts: [(ChangeKind, Int)] {
        ChangeKind.allCases.map { k in (k, entries.reduce(0) { $0 + ($1.kind == k ? 1 : 0) }) }
    }

    /// What a person should know about the replay, for `Scenario.notes`.
    public var notes: [String] {
        var out = [
            "replaying \(entries.count) changes over \(span.format()) from \(lines) lines (\(duplicates) duplicates, \(companions) companion bodies, \(skipped.reduce(0) { $0 + $1.count }) skipped)"
        ]
        for s in skipped {
            out.append("skipped \(s.count) line\(s.count == 1 ? "" : "s") (first: line \(s.firstLine)): \(s.reason)")
        }
        return out
    }

    public static func == (a: Recording, b: Recording) -> Bool {
        a.entries == b.entries && a.issues == b.issues && a.span == b.span && a.lines == b.lines
            && a.duplicates == b.duplicates && a.companions == b.companions
            && a.skipped.map(\.reason) == b.skipped.map(\.reason) && a.skipped.map(\.count) == b.skipped.map(\.count)
    }

    mutating func skip(_ reason: String, line: Int) {
        if let i = skipped.firstIndex(where: { $0.reason == reason }) {
            skipped[i].count += 1
        } else {
            skipped.append((reason, 1, line))
        }
    }
}
