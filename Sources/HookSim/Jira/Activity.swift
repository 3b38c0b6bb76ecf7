import Foundation
import SimKit

/// One change to one Jira issue, as it happened.
struct Change: Sendable {
    var id: Int32
    var time: SimTime
    var kind: ChangeKind
    var issue: Int32
    /// Jira user index; -1 for the integration account.
    var actor: Int32
    /// The field an update or transition changed (`Field.rawValue`), else -1.
    var field: Int8

    /// Made by the integration account: the echo of an edit that started in Aha!.
    var isEcho: Bool { actor < 0 }
}

/// Generates Jira activity in time order and applies each change to the world.
///
/// Arrival times come from one stream; what a change does comes from a stream keyed by its
/// id, so the activity is identical for every topology of a scenario (common random numbers).
/// With `activity: {trace: FILE}` it is backed by a `RecordedActivity` instead, so the engine keeps
/// one concrete type and the generated path pays one nil check per change, no existential.
struct ActivityGenerator {
    private var recorded: RecordedActivity?
    private let keyed: KeyedRandom
    private let end: SimTime
    private let spec: ActivitySpec
    private var arrivals: Xoshiro256StarStar
    private var nextArrival: SimTime
    private var bursts: [(spec: BurstSpec, emitted: Int, projects: [Int])] = []
    private var projectCumulative: [(project: Int, cumulative: Double)] = []
    private var mixCumulative: [(ChangeKind, Double)] = []
    private(set) var produced: Int32 = 0
    private let maxChanges: Int

    init(scenario: Scenario, world: JiraWorld) {
        keyed = KeyedRandom(seed: scenario.seed)
        end = .zero + scenario.duration
        spec = scenario.activity
        maxChanges = min(scenario.limits.maxChanges ?? Int(Int32.max), Int(Int32.max))
        arrivals = keyed.stream(Streams.arrivals)
        var total = 0.0
        for (i, p) in world.projects.enumerated() where p.weight > 0 {
            total += p.weight
            projectCumulative.append((i, total))
        }
        projectCumulative = projectCumulative.map { ($0.project, $0.cumulative / max(total, 1e-12)) }
        var mixTotal = 0.0
        for (kind, share) in spec.mix where share > 0 {
            mixTotal += share
            mixCumulative.append((kind, mixTotal))
        }
        mixCumulative = mixCumulative.map { ($0.0, $0.1 / max(mixTotal, 1e-12)) }
        for b in spec.bursts {
            let instance = b.jira.flatMap { id in world.instances.firstIndex(where: { $0.id == id }) }
            let projects = world.projects.indices.filter { i in
                (b.project == nil || world.projects[i].key == b.project)
                    && (instance == nil || world.projects[i].instance == instance)
            }
            bursts.append((b, 0, projects))
        }
        nextArrival = .zero
        if let recording = spec.recording {
            recorded = RecordedActivity(recording, scenario: scenario, world: world)
            nextArrival = .distantFuture
        } else {
            nextArrival = drawArrival(after: .zero)
        }
    }

    private mutating func drawArrival(after t: SimTime) -> SimTime {
        guard spec.rate.perSecond > 0, !mixCumulative.isEmpty, !projectCumulative.isEmpty else { return .distantFuture }
        let gap = -log(arrivals.nextOpenUnit()) / spec.rate.perSecond
        return t + .seconds(gap)
    }

    private func burstTime(_ b: BurstSpec, _ k: Int) -> SimTime {
        let offset = b.count > 1 ? b.over.microseconds * Int64(k) / Int64(b.count) : 0
        return .zero + b.at + SimDuration(microseconds: offset)
    }

    /// The time of the next change, or nil when activity is over.
    // NB: `mutating` though they change nothing: a non-mutating call here copied the whole
    // generator on every change (memcpy in callgrind).
    mutating func peekTime() -> SimTime? {
        if recorded != nil { return recorded?.peekTime() }
        return upcoming()?.time
    }

    /// The next change's time and source (-1: the Poisson stream, else a burst's index), or nil when
    /// activity is over. Ties: Poisson arrivals, then bursts in file order.
    @inline(__always) private mutating func upcoming() -> (time: SimTime, burst: Int)? {
        if Int(produced) >= maxChanges { return nil }
        var chosen = -1
        var time = nextArrival < end ? nextArrival : SimTime.distantFuture
        for (i, b) in bursts.enumerated() where b.emitted < b.spec.count && !b.projects.isEmpty {
            let t = burstTime(b.spec, b.emitted)
            if t < end, t < time {
                time = t
                chosen = i
            }
        }
        return time == .distantFuture ? nil : (time, chosen)
    }

    /// Produces the next change (in time order; ties: Poisson arrivals, then bursts in file order)
    /// and applies it to the world.
    mutating func next(world: inout JiraWorld) -> Change? {
        if recorded != nil {
            let change = recorded?.next(world: &world)
            if change != nil { produced += 1 }
            return change
        }
        guard let (time, chosen) = upcoming() else { return nil }
        let id = produced
        produced += 1
        var rng = keyed.stream(Streams.change, UInt64(id))
        let project: Int
        let wanted: ChangeKind
        if chosen < 0 {
            nextArrival = drawArrival(after: time)
            project = pickProject(using: &rng)
            wanted = pickKind(using: &rng)
        } else {
            let b = bursts[chosen]
            bursts[chosen].emitted += 1
            project = b.projects.count == 1 ? b.projects[0] : b.projects[rng.nextInt(below: b.projects.count)]
            wanted = b.spec.kind
        }
        return apply(id: id, time: time, kind: wanted, project: project, world: &world, using: &rng)
    }

    /// The value an update gives field `f` (now `v`), drawn from the change's stream: a new text
    /// version, another priority or assignee, a label toggled, one component. A recording that names
    /// the new priority gives it as `priority`, and nothing is drawn for it.
    static func updatedValue(
        _ f: Field, from v: Int32, version: Int32, users: Int, priority: Int32? = nil,
        using rng: inout Xoshiro256StarStar
    ) -> Int32 {
        let priorities = Int32(JiraNames.priorities.count)
        switch f {
        case .summary, .description: return version
        case .priority: return priority ?? (v + 1 + Int32(rng.nextInt(below: Int(priorities) - 1))) % priorities
        case .assignee: return (v + 1 + Int32(rng.nextInt(below: max(1, users - 1)))) % Int32(max(1, users))
        case .labels: return v ^ Int32(1 << rng.nextInt(below: JiraNames.labels.count))
        case .components: return Int32(1 << rng.nextInt(below: JiraNames.components.count))
        case .status: return v
        }
    }

    private func pickProject(using rng: inout Xoshiro256StarStar) -> Int {
        let u = rng.nextUnit()
        for p in projectCumulative where u < p.cumulative { return p.project }
        return projectCumulative[projectCumulative.count - 1].project
    }

    private func pickKind(using rng: inout Xoshiro256StarStar) -> ChangeKind {
        let u = rng.nextUnit()
        for m in mixCumulative where u < m.1 { return m.0 }
        return mixCumulative[mixCumulative.count - 1].0
    }

    /// Makes the change real: statuses follow the workflow, fields get new values, comments exist.
    private func apply(
        id: Int32, time: SimTime, kind wanted: ChangeKind, project: Int, world: inout JiraWorld,
        using rng: inout Xoshiro256StarStar
    ) -> Change {
        let users = world.instances[world.projects[project].instance].users
        let echo = rng.nextBool(probability: spec.echoShare)
        let actor: Int32 = echo ? -1 : Int32(rng.nextInt(below: users))
        var kind = wanted
        let live = world.projects[project].live
        if live.isEmpty { kind = .create }
        var issue: Int32 = live.isEmpty ? -1 : live[rng.nextInt(below: live.count)]
        if kind == .commentEdit || kind == .commentDelete, world.issues[Int(issue)].comments == 0 { kind = .comment }
        let version = id + 1
        var field: Int8 = -1
        let before: Issue? = kind == .create || issue < 0 ? nil : world.issues[Int(issue)]
        switch kind {
        case .create:
            issue = world.addIssue(project: project, at: time, users: users, using: &rng)
            world.issues[Int(issue)].versions = FieldValues(repeating: version)
        case .update:
            let f = Field.updatable[rng.nextInt(below: Field.updatable.count)]
            field = Int8(f.rawValue)
            let v = Self.updatedValue(
                f, from: world.issues[Int(issue)].values[f.rawValue], version: version, users: users, using: &rng)
            world.issues[Int(issue)].values[f.rawValue] = v
            world.issues[Int(issue)].versions[f.rawValue] = version
            // NB: only people move the reporter; an echo carries an Aha! edit, and Aha! syncs no reporter.
            if actor >= 0, let reporter = world.drawReporterChange(id: id, issue: issue, users: users) {
                world.issues[Int(issue)].reporter = reporter
            }
        case .transition:
            field = Int8(Field.status.rawValue)
            let s = world.issues[Int(issue)].values[Field.status.rawValue]
            world.issues[Int(issue)].values[Field.status.rawValue] = (s + 1) % Int32(JiraNames.statuses.count)
            world.issues[Int(issue)].versions[Field.status.rawValue] = version
        case .comment:
            world.issues[Int(issue)].comments += 1
        case .commentEdit:
            break
        case .commentDelete:
            world.issues[Int(issue)].comments -= 1
        case .delete:
            world.markDeleted(issue)
        }
        world.noteChange(id: id, issue: issue, before: before, at: time, by: actor)
        return Change(id: id, time: time, kind: kind, issue: issue, actor: actor, field: field)
    }
}

extension ChangeKind {
    /// A stable number per kind for hashing (never `hashValue`, which changes per process).
    var hashKey: Int { ChangeKind.allCases.firstIndex(of: self) ?? 0 }
}
