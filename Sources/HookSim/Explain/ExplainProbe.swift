import JQL
import SimKit

/// What `explain` keeps of a run: the changes of one issue, the cases of one drop reason, or (for
/// tests that add up every verdict) every change that has intended pairs.
enum ExplainTarget: Equatable, Sendable {
    case issue(project: String, number: Int32)
    case reason(Stage, limit: Int)
    case all
}

/// One thing the probe was told, kept with the change it belongs to. `seq` is the order the engine
/// told it, which breaks ties of `at` so the story is the same on every run.
struct StoryFact: Sendable {
    var at: SimTime
    var seq: Int
    var fact: Fact

    enum Fact: Sendable {
        case change(ChangeFacts)
        /// What a webhook did with an event; for a dispatch, the endpoint's run-as user and the roles
        /// then (an index into `AhaRights.epochs`), on which a never-processed delivery is judged.
        case decision(DeliveryKey, HookDecision, miss: JQLClauseMiss?, values: [String], runAs: Int, epoch: Int)
        case attempt(DeliveryKey, attempt: Int, fate: AttemptFate)
        case arrival(DeliveryKey, attempt: Int, status: Int16)
        case jiraDone(DeliveryKey, failedWith: Stage?)
        case processed(DeliveryKey, attempt: Int, user: Int, epoch: Int, outcomes: [PairFact])
        case settled(integration: Int32, appliedAt: Int64?, stage: Stage)
    }
}

/// What Aha! did for one pair in one processed job.
struct PairFact: Sendable, Equatable {
    var integration: Int32
    var outcome: PairOutcome
}

/// A change as it happened, with what a reader needs of the issue at that moment.
struct ChangeFacts: Sendable {
    var change: Change
    var issueKey: String
    var issueType: String
    var parentKey: String?
    /// The changed field and its new value, as names (`status` → `In Progress`), when there is one.
    var fieldName: String?
    var newValue: String?
    /// The integration of each intended pair, in the order the engine settles them.
    var pairs: [Int32]
}

/// The facts of one change, while its pairs settle.
struct ChangeBuffer: Sendable {
    var facts: [StoryFact] = []
    var pairsLeft: Int
    /// In `.reason` mode: a pair of this change was dropped for the reason asked about.
    var keep: Bool
}

/// Records what happened to the changes `explain` was asked about, and nothing else: a normal run
/// has no probe, and an explain run keeps only the chosen issue's facts (or, for a reason, the
/// changes still settling and the cases found), so one run of the topology is all it costs.
///
/// It mirrors the little of the engine's state a story needs that the probe calls do not carry —
/// the webhooks' filters, each endpoint's run-as user, the roles over time — by following the
/// scenario and the timeline entries it is told of, the way the engine applies them.
final class ExplainProbe: SimProbe {
    let target: ExplainTarget
    let scenario: Scenario
    /// Per webhook, in install order (the engine's index): name, integration index, filter.
    private(set) var hookNames: [String] = []
    private(set) var hookIntegrations: [Int] = []
    private var hookQueries: [JQLQuery?] = []
    /// Each endpoint's run-as user and every state of the roles, kept by the engine's own rules.
    private(set) var rights: AhaRights
    /// The facts per change id. NB: read out sorted by id, never in dictionary order.
    private(set) var buffers: [Int32: ChangeBuffer] = [:]
    /// Timeline entries that took effect, with when.
    private(set) var timeline: [(index: Int, at: SimTime)] = []
    /// The issue explained, once a change of it was seen (`.issue` only).
    private(set) var issueIndex: Int32?
    /// `.reason`: changes with a dropped pair of that reason, whose facts are kept.
    private(set) var cases: [Int32] = []
    /// `.reason`: no change after this id can be among the first `limit` cases.
    private var cutoff = Int32.max
    private var seq = 0

    init(target: ExplainTarget, scenario: Scenario, topology: Int) {
        self.target = target
        self.scenario = scenario
        rights = AhaRights(scenario.aha)
        for w in scenario.topologies[topology].webhooks { install(w) }
    }

    /// Mirrors `TopologySimulation.install`.
    private func install(_ w: WebhookSpec) {
        guard let k = scenario.aha.integrations.firstIndex(where: { $0.id == w.integration }) else { return }
        hookNames.append(w.name)
        hookIntegrations.append(k)
        hookQueries.append(try? scenario.filter(of: w))
        if let u = scenario.aha.users.firstIndex(where: { $0.name == w.runAs }) { rights.join(endpoint: k, as: u) }
    }

    private func record(_ change: Int32, at: SimTime, _ fact: StoryFact.Fact) {
        guard buffers[change] != nil else { return }
        seq += 1
        buffers[change]?.facts.append(StoryFact(at: at, seq: seq, fact: fact))
    }

    // MARK: SimProbe

    func change(_ change: Change, pairs: [Int32], world: JiraWorld) {
        let issue = world.issues[Int(change.issue)]
        switch target {
        case .issue(let project, let number):
            guard issue.number == number, world.projects[Int(issue.project)].key == project else { return }
            issueIndex = change.issue
        case .reason:
            guard !pairs.isEmpty, change.id < cutoff else { return }
        case .all:
            guard !pairs.isEmpty else { return }
        }
        // NB: in `.reason` mode a change is kept only once one of its pairs is dropped for that reason.
        var keep = true
        if case .reason = target { keep = false }
        buffers[change.id] = ChangeBuffer(pairsLeft: pairs.count, keep: keep)
        var facts = ChangeFacts(
            change: change, issueKey: world.key(of: change.issue), issueType: world.typeName(of: change.issue),
            parentKey: issue.parent >= 0 ? world.key(of: issue.parent) : nil, pairs: pairs)
        if change.field >= 0, let f = Field(rawValue: Int(change.field)) {
            facts.fieldName = f.name
            facts.newValue = StoryValues.describe(
                f, issue.values[f.rawValue], users: world.instances[world.instance(of: change.issue)].users)
        }
        record(change.id, at: change.time, .change(facts))
    }

    func decision(_ key: DeliveryKey, _ decision: HookDecision, view: IssueView?, context: JQLContext, at: SimTime) {
        guard buffers[key.change] != nil else { return }
        var miss: JQLClauseMiss?
        var values: [String] = []
        let h = Int(key.hook)
        if decision == .jqlFiltered, let view, h < hookQueries.count, let q = hookQueries[h] {
            // NB: worked out now: the view must not outlive this call (SimProbe's contract).
            miss = q.failingClause(view, context: context)
            for f in miss?.fields ?? [] { values.append(f.name + " = " + StoryValues.describe(view.jqlValue(of: f))) }
        }
        let runAs = h < hookIntegrations.count ? rights.runAs[hookIntegrations[h]] : -1
        record(
            key.change, at: at,
            .decision(key, decision, miss: miss, values: values, runAs: runAs, epoch: Int(rights.epoch)))
    }

    func attempt(_ key: DeliveryKey, attempt: Int, sentAt: SimTime, fate: AttemptFate) {
        record(key.change, at: sentAt, .attempt(key, attempt: attempt, fate: fate))
    }

    func arrival(_ key: DeliveryKey, attempt: Int, at: SimTime, status: Int16) {
        record(key.change, at: at, .arrival(key, attempt: attempt, status: status))
    }

    func jiraDone(_ key: DeliveryKey, at: SimTime, failedWith: Stage?) {
        record(key.change, at: at, .jiraDone(key, failedWith: failedWith))
    }

    func processed(
        _ key: DeliveryKey, attempt: Int, at: SimTime, user: Int, outcomes: [(integration: Int32, PairOutcome)]
    ) {
        let pairs = outcomes.map { PairFact(integration: $0.integration, outcome: $0.1) }
        record(
            key.change, at: at,
            .processed(key, attempt: attempt, user: user, epoch: Int(rights.epoch), outcomes: pairs))
    }

    func settled(change: Int32, integration: Int32, appliedAt: Int64?, stage: Stage, at: SimTime) {
        guard buffers[change] != nil else { return }
        record(change, at: at, .settled(integration: integration, appliedAt: appliedAt, stage: stage))
        buffers[change]?.pairsLeft -= 1
        guard case .reason(let reason, let limit) = target else { return }
        if appliedAt == nil && stage == reason && buffers[change]?.keep == false {
            buffers[change]?.keep = true
            cases.append(change)
            cases.sort()
            if cases.count > limit {
                // NB: only the first `limit` cases by change are shown; later ones need not be kept.
                for dropped in cases[limit...] { buffers[dropped] = nil }
                cases.removeLast(cases.count - limit)
            }
            if cases.count == limit, let last = cases.last, last < cutoff {
                cutoff = last
                // Changes after the cutoff still settling can no longer be among the cases.
                for id in buffers.keys.sorted() where id > cutoff { buffers[id] = nil }
            }
        }
        if let b = buffers[change], b.pairsLeft <= 0, !b.keep { buffers[change] = nil }
    }

    func timeline(_ index: Int, at: SimTime) {
        timeline.append((index, at))
        switch scenario.timeline[index].action {
        case .setRunAs(let webhook, let user):
            guard let u = scenario.aha.users.firstIndex(where: { $0.name == user }) else { return }
            for h in hookNames.indices where hookNames[h] == webhook {
                rights.setRunAs(endpoint: hookIntegrations[h], to: u)
            }
        case .setRole(let user, let workspace, let role):
            guard let u = scenario.aha.users.firstIndex(where: { $0.name == user }),
                let w = scenario.aha.workspaces.firstIndex(of: workspace)
            else { return }
            rights.setRole(user: u, workspace: w, to: role)
        case .addWebhook(let spec):
            install(spec)
        case .disable, .enable, .outage, .removeWebhook:
            break
        }
    }
}
