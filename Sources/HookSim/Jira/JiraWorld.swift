import SimKit

/// Indices of the synced issue fields inside `FieldValues`.
///
/// Every field value is a small integer: an enumerated value (status, priority, …), a user index,
/// a bit set (labels, components) or, for text fields, the id of the change that last wrote it.
enum Field: Int, CaseIterable, Sendable {
    case status = 0
    case summary, description, priority, assignee, labels, components

    /// The name a scenario's `sync.fields` uses.
    var name: String {
        switch self {
        case .status: return "status"
        case .summary: return "summary"
        case .description: return "description"
        case .priority: return "priority"
        case .assignee: return "assignee"
        case .labels: return "labels"
        case .components: return "components"
        }
    }

    /// Fields an `update` change picks from (status moves only by transitions).
    static let updatable: [Field] = [.summary, .description, .priority, .assignee, .labels, .components]
}

/// The synced fields of an issue or record, with the version (change id + 1) that set each.
typealias FieldValues = SIMD8<Int32>

enum JiraNames {
    static let statuses = ["To Do", "In Progress", "In Review", "Done"]
    static let priorities = ["Highest", "High", "Medium", "Low", "Lowest"]
    static let labels = ["backend", "frontend", "ui", "api", "security", "customer", "tech-debt", "performance"]
    static let components = ["Core", "Web", "Mobile", "Infra"]
    /// Jira's three status categories; a status's category follows its place in the workflow.
    static let statusCategories = ["To Do", "In Progress", "Done"]
    /// Jira's default resolutions; the simulated workflow resolves issues as "Done".
    static let resolutions = ["Done", "Won't Do", "Duplicate", "Cannot Reproduce"]
    /// Versions every project has; `fixVersion` is drawn from them.
    static let versions = ["1.0", "1.1", "2.0", "2.1"]

    /// The ids of `statuses`, as a Jira created with these statuses numbers them: To Do and Done
    /// are 10000 and 10001, In Progress keeps its historical 3, In Review is the next new status.
    /// Stable, so that a filter written with ids (`status = 3`) means the same on every run.
    static let statusIDs = ["10000", "3", "10002", "10001"]
    /// The ids of `priorities`: Jira's default scheme numbers Highest … Lowest 1 … 5.
    static let priorityIDs = ["1", "2", "3", "4", "5"]

    /// Ids of an instance's projects or issue types: 10000, 10001, … in the instance's order (projects
    /// in file order; types in order of first appearance), as a new Jira numbers what it creates.
    static func ids(_ names: [String]) -> [(id: String, name: String)] {
        names.enumerated().map { (String(10_000 + $0.offset), $0.element) }
    }
}

/// One Jira issue. Stored by value in a flat array and addressed by index.
struct Issue: Sendable {
    var project: Int32
    var number: Int32
    var type: Int16
    var deleted: Bool = false
    /// Index into `JiraNames.versions`, -1 for none (JQL `fixVersion`). NB: here it fills padding.
    var fixVersion: Int8 = -1
    var parent: Int32
    var reporter: Int32
    var comments: Int32 = 0
    var created: SimTime
    var values: FieldValues
    var versions: FieldValues = FieldValues(repeating: 0)
    /// Time of the last change (JQL `updated`).
    var updated: SimTime = .zero
    /// When the issue entered a done status; `JiraWorld.never` while unresolved (JQL `resolved`).
    var resolved: SimTime = JiraWorld.never
}

struct JiraProject: Sendable {
    var key: String
    var instance: Int
    /// Issue types (indices into `JiraWorld.typeNames`) with cumulative shares.
    var types: [(type: Int16, cumulative: Double)]
    /// Issues not deleted, for picking targets of activity.
    var live: [Int32] = []
    /// Positions of issues in `live` (by issue index), for O(1) removal.
    var nextNumber: Int32 = 1
    var weight: Double
}

struct JiraInstance: Sendable {
    var id: String
    var kind: JiraKind
    var users: Int
    var integrationAccount: String
    var projects: [Int]
    var delivery: DeliverySpec
}

/// The Jira side of a run: instances, projects, issues. Generated from the seed alone, so every
/// topology of a scenario starts from the identical world (DESIGN.md §4).
struct JiraWorld: Sendable {
    var instances: [JiraInstance] = []
    var projects: [JiraProject] = []
    var issues: [Issue] = []
    var typeNames: [String] = []
    /// Per type: 0 standard, 1 epic, 2 sub-task — the hierarchy level parents are chosen by.
    var typeLevels: [UInt8] = []
    /// Position of each issue in its project's `live` list (-1 when deleted).
    var livePosition: [Int32] = []
    /// Draws the fields added after the first release (created, fixVersion, custom fields) from
    /// streams of their own, so adding them moved no figure that existed before.
    var keyed = KeyedRandom(seed: 0)
    /// Per instance, the custom fields its scenario declares.
    var customFields: [[CustomFieldSpec]] = []
    /// Per issue, its changes of the history fields; filled only when `keepsHistory`, so a
    /// scenario whose filters never read history pays no memory for it.
    var history: [[HistoryEntry]] = []
    var keepsHistory = false
    /// Per issue of a recorded activity, its index here (-1 until its recorded create).
    var recordedIssues: [Int32] = []

    /// The "no time" of an unresolved issue's `resolved`.
    static let never = SimTime(microseconds: .min)

    func typeIndex(_ name: String) -> Int16? {
        typeNames.firstIndex(where: { $0.lowercased() == name.lowercased() }).map { Int16($0) }
    }

    mutating func internType(_ name: String) -> Int16 {
        if let i = typeIndex(name) { return i }
        typeNames.append(name)
        let lower = name.lowercased()
        typeLevels.append(lower == "epic" ? 1 : (lower == "sub-task" || lower == "subtask") ? 2 : 0)
        return Int16(typeNames.count - 1)
    }

    func key(of issue: Int32) -> String {
        let i = issues[Int(issue)]
        return "\(projects[Int(i.project)].key)-\(i.number)"
    }

    func instance(of issue: Int32) -> Int { projects[Int(issues[Int(issue)].project)].instance }

    func typeName(of issue: Int32) -> String { typeNames[Int(issues[Int(issue)].type)] }

    mutating func markLive(_ issue: Int32) {
        let p = Int(issues[Int(issue)].project)
        livePosition.append(Int32(projects[p].live.count))
        projects[p].live.append(issue)
    }

    mutating func markDeleted(_ issue: Int32) {
        let p = Int(issues[Int(issue)].project)
        let pos = Int(livePosition[Int(issue)])
        guard pos >= 0 else { return }
        let last = projects[p].live.removeLast()
        if last != issue {
            projects[p].live[pos] = last
            livePosition[Int(last)] = Int32(pos)
        }
        livePosition[Int(issue)] = -1
        issues[Int(issue)].deleted = true
    }
}

/// The streams of random numbers, named so that no two purposes share one.
enum Streams {
    static let world: UInt64 = 1
    static let arrivals: UInt64 = 2
    static let change: UInt64 = 3
    static let burst: UInt64 = 4
    static let link: UInt64 = 5
    static let dispatch: UInt64 = 6
    static let network: UInt64 = 7
    static let backoff: UInt64 = 8
    static let service: UInt64 = 9
    /// Fields of a new issue beyond the original ones: created, updated, resolved, fixVersion.
    static let fields: UInt64 = 10
    /// Changes to those fields made alongside a change (a fixVersion set on resolving).
    static let fieldChange: UInt64 = 11
    /// Custom field values, keyed by field id and issue.
    static let custom: UInt64 = 12
    /// Which integration an issue created by the integration account (an echo) is linked in.
    static let echoLink: UInt64 = 13
    /// The starting fields of an issue a recorded activity found existing, keyed by its slot.
    static let recorded: UInt64 = 14
    /// Whether, and to whom, an update also moves the issue's reporter; keyed by change id.
    static let reporterChange: UInt64 = 15
}

extension JiraWorld {
    /// Generates every instance's projects and starting issues.
    ///
    /// Each project draws from its own stream keyed by (instance, project), so adding a project
    /// does not change the issues of another.
    static func generate(_ scenario: Scenario) -> JiraWorld {
        var world = JiraWorld()
        let keyed = KeyedRandom(seed: scenario.seed)
        world.keyed = keyed
        world.customFields = scenario.jira.map(\.customFields)
        world.keepsHistory = scenario.readsHistory
        var declared: [Range<Int>] = []
        for (ii, spec) in scenario.jira.enumerated() {
            var instance = JiraInstance(
                id: spec.id, kind: spec.kind, users: max(1, spec.users), integrationAccount: spec.integrationAccount,
                projects: [], delivery: spec.delivery)
            for (pi, ps) in spec.projects.enumerated() {
                let projectIndex = world.projects.count
                instance.projects.append(projectIndex)
                var cumulative: [(Int16, Double)] = []
                var total = 0.0
                for (name, share) in ps.types where share > 0 {
                    total += share
                    cumulative.append((world.internType(name), total))
                }
                if cumulative.isEmpty { cumulative = [(world.internType("Task"), 1)] }
                world.projects.append(
                    JiraProject(
                        key: ps.key, instance: ii, types: cumulative.map { ($0.0, $0.1 / max(total, 1e-12)) },
                        weight: ps.weight ?? Double(max(ps.issues, 1))))
                var rng = keyed.stream(Streams.world, UInt64(ii), UInt64(pi))
                declared.append(world.issues.count..<world.issues.count + ps.issues)
                for _ in 0..<ps.issues {
                    _ = world.addIssue(project: projectIndex, at: .zero, users: instance.users, using: &rng)
                }
            }
            world.instances.append(instance)
        }
        if let recording = scenario.activity.recording {
            world.addExisting(recording, declared: declared)
        }
        return world
    }

    /// Draws an issue type for a project from its mix.
    func drawType(project: Int, using rng: inout some RandomNumberGenerator) -> Int16 {
        let u = rng.nextUnit()
        let types = projects[project].types
        for t in types where u < t.cumulative { return t.type }
        return types[types.count - 1].type
    }

    /// Picks a parent the way Jira hierarchies work: sub-tasks under a standard issue,
    /// standard issues under an epic most of the time, epics at the top.
    func drawParent(project: Int, type: Int16, using rng: inout some RandomNumberGenerator) -> Int32 {
        let level = typeLevels[Int(type)]
        if level == 1 { return -1 }
        let count = projects[project].live.count
        guard count > 0 else { return -1 }
        let wantEpic = level == 0
        if wantEpic && !rng.nextBool(probability: 0.8) { return -1 }
        // NB: a bounded number of probes keeps this O(1); a project with no suitable parent gets none.
        for _ in 0..<8 {
            let candidate = projects[project].live[rng.nextInt(below: count)]
            let cl = typeLevels[Int(issues[Int(candidate)].type)]
            if wantEpic ? cl == 1 : cl == 0 { return candidate }
        }
        return -1
    }

    /// Adds a new issue with random field values and returns its index.
    /// - Parameter chosen: the issue's type when it is known (a recorded issue), else drawn.
    mutating func addIssue(
        project: Int, at time: SimTime, users: Int, type chosen: Int16? = nil,
        using rng: inout some RandomNumberGenerator
    ) -> Int32 {
        let type = chosen ?? drawType(project: project, using: &rng)
        let parent = drawParent(project: project, type: type, using: &rng)
        var values = FieldValues(repeating: 0)
        values[Field.status.rawValue] = time == .zero ? Int32(rng.nextInt(below: JiraNames.statuses.count)) : 0
        values[Field.summary.rawValue] = 0
        values[Field.description.rawValue] = 0
        values[Field.priority.rawValue] = Int32(rng.nextInt(below: JiraNames.priorities.count))
        values[Field.assignee.rawValue] = rng.nextBool(probability: 0.2) ? -1 : Int32(rng.nextInt(below: users))
        values[Field.labels.rawValue] = Int32(rng.nextInt(below: 1 << JiraNames.labels.count)) & 0x15
        values[Field.components.rawValue] = Int32(1 << rng.nextInt(below: JiraNames.components.count))
        let number = projects[project].nextNumber
        projects[project].nextNumber += 1
        issues.append(
            Issue(
                project: Int32(project), number: number, type: type, parent: parent,
                reporter: Int32(rng.nextInt(below: users)), created: time, values: values))
        let index = Int32(issues.count - 1)
        drawLaterFields(index, at: time)
        if keepsHistory { history.append([]) }
        markLive(index)
        return index
    }
}
