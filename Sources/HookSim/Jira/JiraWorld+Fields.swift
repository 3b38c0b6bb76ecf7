import JQL
import SimKit

/// A custom field a Jira instance declares (`jira[].customFields`): a select list with shares.
public struct CustomFieldSpec: Sendable, Equatable {
    public var id: Int
    public var name: String
    /// Option names in file order, with their shares (normalised when drawn).
    public var options: [String]
    public var shares: [Double]

    public init(id: Int, name: String, options: [String], shares: [Double]) {
        self.id = id
        self.name = name
        self.options = options
        self.shares = shares
    }

    /// The names a query may use for the field: `cf[ID]` and its name, lowercase as `JQLField` keeps them.
    var jqlNames: [String] { ["cf[\(id)]", name.lowercased()] }
}

/// The fields whose changes are kept for `WAS` and `CHANGED`.
enum HistoryField: UInt8, CaseIterable, Sendable {
    case status, assignee, priority, resolution, fixVersion, reporter

    init?(_ field: JQLField) {
        switch field {
        case .status: self = .status
        case .assignee: self = .assignee
        case .priority: self = .priority
        case .resolution: self = .resolution
        case .fixVersions: self = .fixVersion
        case .reporter: self = .reporter
        default: return nil
        }
    }
}

/// One change of a history field. Values are the small integers the issue stores (-1 empty);
/// `by` is a user index, -1 for the integration account.
struct HistoryEntry: Sendable, Equatable {
    var field: HistoryField
    var at: SimTime
    var from: Int32
    var to: Int32
    var by: Int32
}

extension JiraWorld {
    static let day = SimDuration.hours(24)

    /// Draws created/updated/resolved/fixVersion of a new issue from the `fields` stream keyed by
    /// (project, number), so the original streams are drawn exactly as before.
    ///
    /// A starting issue was created up to 180 days before the run and last updated some time
    /// since; one created during the run has both at its creation.
    mutating func drawLaterFields(_ index: Int32, at time: SimTime) {
        let i = Int(index)
        var rng = keyed.stream(Streams.fields, UInt64(issues[i].project), UInt64(issues[i].number))
        if time == .zero {
            let age = SimDuration.seconds(Int(rng.nextUnit() * 180 * 86_400))
            issues[i].created = .zero - age
            issues[i].updated = issues[i].created + SimDuration.seconds(Int(rng.nextUnit() * age.seconds))
        } else {
            issues[i].created = time
            issues[i].updated = time
        }
        if issues[i].values[Field.status.rawValue] == Self.doneStatus { issues[i].resolved = issues[i].updated }
        if rng.nextBool(probability: time == .zero ? 0.5 : 0.3) {
            issues[i].fixVersion = Int8(rng.nextInt(below: JiraNames.versions.count))
        }
    }

    static var doneStatus: Int32 { Int32(JiraNames.statuses.count - 1) }

    /// Share of people's updates that also hand the issue to another reporter (a triager filing on
    /// someone's behalf, then correcting the reporter); small, as in real projects, but enough that
    /// `reporter CHANGED` and `reporter WAS` have changes to see.
    static let reporterChangeShare = 0.04

    /// The reporter an update moves the issue to, or nil when it leaves the reporter alone.
    ///
    /// Drawn from the `reporterChange` stream keyed by change id, so every other draw — and so every
    /// figure that does not read `reporter` — is exactly what it was before reporters could change.
    /// The new reporter is always another user; an instance of one user never changes it.
    func drawReporterChange(id: Int32, issue index: Int32, users: Int) -> Int32? {
        guard users > 1 else { return nil }
        var rng = keyed.stream(Streams.reporterChange, UInt64(id))
        guard rng.nextBool(probability: Self.reporterChangeShare) else { return nil }
        let current = issues[Int(index)].reporter
        return (current + 1 + Int32(rng.nextInt(below: users - 1))) % Int32(users)
    }

    /// Keeps `updated`, `resolved`, `fixVersion` and the history current after a change.
    ///
    /// Resolving sets `resolved` and, for 70% of issues without one, a fix version (releases are
    /// planned when work finishes); reopening clears `resolved`. Draws come from the
    /// `fieldChange` stream keyed by change id.
    /// - Parameters:
    ///   - before: the issue as it was (nil for a create).
    mutating func noteChange(id: Int32, issue index: Int32, before: Issue?, at time: SimTime, by actor: Int32) {
        let i = Int(index)
        issues[i].updated = time
        let status = issues[i].values[Field.status.rawValue]
        guard let before else { return }
        let wasDone = before.values[Field.status.rawValue] == Self.doneStatus
        let isDone = status == Self.doneStatus
        if isDone && !wasDone {
            issues[i].resolved = time
            if issues[i].fixVersion < 0 {
                var rng = keyed.stream(Streams.fieldChange, UInt64(id))
                if rng.nextBool(probability: 0.7) {
                    issues[i].fixVersion = Int8(rng.nextInt(below: JiraNames.versions.count))
                }
            }
        } else if wasDone && !isDone {
            issues[i].resolved = Self.never
        }
        guard keepsHistory, i < history.count else { return }
        func note(_ field: HistoryField, _ from: Int32, _ to: Int32) {
            if from != to { history[i].append(HistoryEntry(field: field, at: time, from: from, to: to, by: actor)) }
        }
        note(.status, before.values[Field.status.rawValue], status)
        note(.assignee, before.values[Field.assignee.rawValue], issues[i].values[Field.assignee.rawValue])
        note(.priority, before.values[Field.priority.rawValue], issues[i].values[Field.priority.rawValue])
        note(.resolution, wasDone ? 0 : -1, isDone ? 0 : -1)
        note(.fixVersion, Int32(before.fixVersion), Int32(issues[i].fixVersion))
        note(.reporter, before.reporter, issues[i].reporter)
    }

    /// The option of custom field `field` (index in its instance's list) an issue holds, or -1.
    ///
    /// A pure function of (seed, field id, project, number): nothing is stored, so declaring a
    /// custom field costs no memory per issue and moves no other draw.
    func customValue(_ field: CustomFieldSpec, issue index: Int32) -> Int {
        let issue = issues[Int(index)]
        var rng = keyed.stream(Streams.custom, UInt64(field.id), UInt64(issue.project), UInt64(issue.number))
        let total = field.shares.reduce(0, +)
        guard total > 0 else { return -1 }
        let u = rng.nextUnit() * total
        var sum = 0.0
        for (k, share) in field.shares.enumerated() {
            sum += share
            if u < sum { return k }
        }
        return field.shares.count - 1
    }
}

extension Scenario {
    /// Whether some webhook filter (in a topology or added by the timeline) uses `WAS` or `CHANGED`.
    var readsHistory: Bool {
        var texts = topologies.flatMap { $0.webhooks.map(\.jql) }
        for entry in timeline { if case .addWebhook(let w) = entry.action { texts.append(w.jql) } }
        return texts.contains { text in
            guard let query = try? JQLQuery.parse(text), let expression = query.expression else { return false }
            return expression.readsHistory
        }
    }
}

extension JQLExpression {
    /// Whether any clause uses a history operator.
    var readsHistory: Bool {
        switch self {
        case .and(let items), .or(let items): items.contains { $0.readsHistory }
        case .not(let inner): inner.readsHistory
        case .clause(let c): [.was, .wasNot, .wasIn, .wasNotIn, .changed].contains(c.op)
        }
    }
}
