import JQL
import SimKit

/// A second, deliberately plain implementation of DESIGN.md §2–§3 for one topology, written from
/// the document's words so that it can be compared with the engine (issue 10).
///
/// It shares with the engine only what both must see identically: the scenario model, the world
/// and activity generators, the keyed random draws (same stream, same keys, same order of draws
/// inside a stream) and the samplers. Everything else — dispatch, delivery, retries, Aha!'s
/// acceptance and workers, writes and the oracle — is its own, kept in dictionaries and arrays
/// keyed by ids, every event going through one `(time, sequence)` queue. Speed is not a goal.
///
/// Its state is in three parts, one per side of DESIGN.md §2–§3 — `jira` (`JiraSide`, in
/// ReferenceModel+Jira.swift), `aha` (`AhaSide`, ReferenceModel+Aha.swift) and `oracle`
/// (`OracleSide`, ReferenceModel+Oracle.swift) — and what every side reads: the integrations and
/// the deliveries, which Jira sends, Aha! processes and the oracle judges.
struct ReferenceModel {
    let scenario: Scenario
    let topologyName: String
    let keyed: KeyedRandom
    /// Engine choices to imitate (known engine findings); empty means DESIGN.md alone.
    let quirks: ReferenceQuirks
    let end: SimTime
    var loop = EventLoop<ReferenceEvent>()
    var integrations: [ReferenceIntegration] = []
    /// Every delivery, by id (ids are never reused).
    var deliveries: [ReferenceDelivery] = []
    var jira: JiraSide
    var aha: AhaSide
    var oracle = OracleSide()
    var measures: ReferenceMeasures
    var ties = TieWatch()

    /// Notices two queued events at one instant (DESIGN.md §4): the order between them was the
    /// implementation's, so the run is not compared. Timeline entries among themselves keep file order.
    struct TieWatch {
        /// Time of the last queued event handled, and whether it was a timeline entry.
        var lastEventTime: SimTime?
        var lastEventWasTimeline = false
        var sawTie = false

        mutating func note(_ time: SimTime, isTimeline: Bool) {
            if lastEventTime == time && !(isTimeline && lastEventWasTimeline) { sawTie = true }
            lastEventTime = time
            lastEventWasTimeline = isTimeline
        }
    }

    init(scenario: Scenario, topology: Int, quirks: ReferenceQuirks = []) {
        self.scenario = scenario
        self.quirks = quirks
        topologyName = scenario.topologies[topology].name
        keyed = KeyedRandom(seed: scenario.seed)
        end = .zero + scenario.duration + scenario.drain
        jira = JiraSide(scenario: scenario)
        aha = AhaSide(scenario.aha)
        let account = scenario.aha
        measures = ReferenceMeasures(users: account.users.count, integrations: account.integrations.count)
        setUpIntegrations()
        // NB: the endpoint runs as what the topology's webhooks name for it (the loader made them
        // agree), else as the integration's own `runAs` (DESIGN.md §2).
        for (k, spec) in account.integrations.enumerated() {
            if let w = scenario.topologies[topology].webhooks.first(where: { $0.integration == spec.id }) {
                aha.endpointRunAs[k] = userIndex(w.runAs)
            } else if let name = spec.runAs {
                aha.endpointRunAs[k] = userIndex(name)
            }
        }
        for w in scenario.topologies[topology].webhooks { install(w) }
    }

    func userIndex(_ name: String) -> Int? { scenario.aha.users.firstIndex { $0.name == name } }

    /// Integrations and their starting links: each issue of a mapped type of the integration's
    /// project is linked with probability `linked`, from the draw keyed by (integration, issue).
    mutating func setUpIntegrations() {
        let account = scenario.aha
        for (k, spec) in account.integrations.enumerated() {
            let instance = jira.world.instances.firstIndex { $0.id == spec.jira } ?? -1
            let project = jira.world.projects.firstIndex { $0.instance == instance && $0.key == spec.project } ?? -1
            var synced: [Int] = []
            for f in Field.allCases where (f == .status && spec.sync.status) || spec.sync.fields.contains(f.name) {
                synced.append(f.rawValue)
            }
            integrations.append(
                ReferenceIntegration(
                    spec: spec, workspace: account.workspaces.firstIndex(of: spec.workspace) ?? 0, instance: instance,
                    project: project, syncedFields: synced))
            let hash = KeyedRandom.hash(spec.id)
            for (i, issue) in jira.world.issues.enumerated() where Int(issue.project) == project {
                guard spec.recordType(for: jira.world.typeNames[Int(issue.type)]) != nil else { continue }
                if keyed.unit(Streams.link, hash, UInt64(i)) < spec.linked {
                    let key = ReferenceLinkKey(integration: k, issue: Int32(i))
                    oracle.idealLinks.insert(key)
                    aha.links[key] = .record(aha.records.count)
                    aha.records.append(ReferenceRecord(values: issue.values, versions: issue.versions))
                }
            }
        }
    }

    /// Installs a webhook in the Jira instance it names, or its integration's.
    mutating func install(_ w: WebhookSpec) {
        guard let k = scenario.aha.integrations.firstIndex(where: { $0.id == w.integration }) else { return }
        let instanceID = w.jira ?? integrations[k].spec.jira
        guard let instance = jira.world.instances.firstIndex(where: { $0.id == instanceID }),
            let query = try? scenario.filter(of: w), let user = userIndex(w.runAs)
        else { preconditionFailure("webhook '\(w.name)' passed the loader but cannot be installed") }
        // NB: an added webhook reaches an endpoint that keeps the user it runs as (the loader rejects
        // one naming another); only an endpoint nothing named yet takes the webhook's.
        if aha.endpointRunAs[k] == nil { aha.endpointRunAs[k] = user }
        jira.webhooks.append(
            ReferenceWebhook(
                name: w.name, nameHash: KeyedRandom.hash(w.name), integration: k, instance: instance,
                version: integrations[k].spec.version, events: Set(w.events), query: query, enabled: w.enabled,
                ownRunAs: user))
        measures.jira.webhookNames.append(w.name)
        measures.jira.webhookDeliveries.append(0)
        measures.jira.webhookExposure.append(0)
    }

    /// The user webhook `h`'s endpoint runs as now.
    func runAs(webhook h: Int) -> Int {
        return aha.endpointRunAs[jira.webhooks[h].integration] ?? jira.webhooks[h].ownRunAs
    }

    func canWrite(user: Int, workspace: Int) -> Bool { aha.roles[user][workspace].canWrite }

    /// Runs to the end of activity plus drain. A Jira change due at an instant runs before every
    /// queued event of that instant (DESIGN.md §4); queued events run in `(time, sequence)` order.
    mutating func run() -> ReferenceMeasures {
        let timeline = scenario.timeline
        for (i, entry) in timeline.enumerated() where entry.topology == nil || entry.topology == topologyName {
            loop.schedule(.timeline(i), at: .zero + entry.at)
        }
        while true {
            let change = jira.activity.peekTime()
            let queued = loop.nextTime
            if let t = change, t <= end, queued.map({ t <= $0 }) ?? true {
                loop.advance(to: t)
                handleChange()
                continue
            }
            guard let event = loop.next(until: end) else { break }
            let isTimeline: Bool
            if case .timeline = event { isTimeline = true } else { isTimeline = false }
            ties.note(loop.now, isTimeline: isTimeline)
            handle(event)
        }
        loop.advance(to: end)
        settle()
        measures.tie = ties.sawTie
        return measures
    }

    mutating func handle(_ event: ReferenceEvent) {
        switch event {
        case .send(let d): send(d)
        case .arrive(let d, let attempt, let answerAfter): arrive(d, attempt: attempt, answerAfter: answerAfter)
        case .answer(let d, let status): attemptEnded(d, status: status)
        case .timeout(let d): attemptEnded(d, status: 0)
        case .requeue(let d): requeue(d)
        case .serviceDone(let job): serviceDone(job)
        case .timeline(let i): applyTimeline(scenario.timeline[i].action)
        }
    }

    /// An operational change from the scenario's timeline.
    mutating func applyTimeline(_ action: TimelineAction) {
        switch action {
        case .setRunAs(let name, let user):
            // NB: run-as belongs to the endpoint, which the named webhook points at (DESIGN.md §2).
            guard let u = userIndex(user) else { return }
            for h in jira.webhooks.indices where jira.webhooks[h].name == name {
                aha.endpointRunAs[jira.webhooks[h].integration] = u
            }
        case .disable(let name):
            for h in jira.webhooks.indices where jira.webhooks[h].name == name { jira.webhooks[h].enabled = false }
        case .enable(let name):
            for h in jira.webhooks.indices where jira.webhooks[h].name == name { jira.webhooks[h].enabled = true }
        case .outage(let span):
            aha.outageUntil = max(aha.outageUntil, loop.now + span)
        case .setRole(let user, let workspace, let role):
            guard let u = userIndex(user), let w = scenario.aha.workspaces.firstIndex(of: workspace) else { return }
            aha.roles[u][w] = role
        case .addWebhook(let spec):
            install(spec)
        case .removeWebhook(let name):
            for h in jira.webhooks.indices where jira.webhooks[h].name == name { jira.webhooks[h].installed = false }
        }
    }
}
