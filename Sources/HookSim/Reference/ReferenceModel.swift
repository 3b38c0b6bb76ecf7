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
struct ReferenceModel {
    let scenario: Scenario
    let topologyName: String
    let keyed: KeyedRandom
    /// Engine choices to imitate (known engine findings); empty means DESIGN.md alone.
    let quirks: ReferenceQuirks
    let end: SimTime
    var loop = EventLoop<ReferenceEvent>()
    var world: JiraWorld
    var activity: ActivityGenerator
    var integrations: [ReferenceIntegration] = []
    var webhooks: [ReferenceWebhook] = []
    /// The run-as user (index into `aha.users`) of each integration's endpoint, by integration index.
    var endpointRunAs: [Int: Int] = [:]
    /// Role of a user on a workspace, by `[user][workspace]` index.
    var roles: [[Role]]
    /// The oracle's links: (integration, issue) pairs that should be linked.
    var idealLinks: Set<ReferenceLinkKey> = []
    /// What Aha! really links: (integration, issue) → record id, or a record deleted by a delivery.
    var links: [ReferenceLinkKey: ReferenceLink] = [:]
    var records: [ReferenceRecord] = []
    /// Changes that have intended pairs, by change id.
    var changes: [Int32: ReferenceChange] = [:]
    /// Every delivery, by id (ids are never reused).
    var deliveries: [ReferenceDelivery] = []
    /// Aha!'s queue of accepted requests waiting for a worker, oldest first, and those in service by job id.
    var waiting: [ReferenceJob] = []
    var inService: [Int: ReferenceJob] = [:]
    var nextJobID = 0
    var busyWorkers = 0
    /// Per Jira instance: free Data Center dispatch threads and the queue of deliveries waiting for one.
    var freeThreads: [Int]
    var threadQueues: [[Int]]
    var outageUntil = SimTime.zero
    var buckets: [ReferenceBucket]
    var measures: ReferenceMeasures
    /// Time of the last queued event handled, to notice two at one instant (DESIGN.md §4).
    var lastEventTime: SimTime?
    var lastEventWasTimeline = false
    /// Whether two queued events fell on one instant, so the order between them was the implementation's.
    var sawTie = false

    let latency: Sampler
    let service: Sampler
    let dispatchDelays: [Sampler]
    let backoffs: [Sampler]

    init(scenario: Scenario, topology: Int, quirks: ReferenceQuirks = []) {
        self.scenario = scenario
        self.quirks = quirks
        topologyName = scenario.topologies[topology].name
        keyed = KeyedRandom(seed: scenario.seed)
        end = .zero + scenario.duration + scenario.drain
        world = JiraWorld.generate(scenario)
        activity = ActivityGenerator(scenario: scenario, world: world)
        let aha = scenario.aha
        roles = aha.users.map { u in aha.workspaces.map { u.role(on: $0) } }
        freeThreads = world.instances.map { max(1, $0.delivery.threads) }
        threadQueues = world.instances.map { _ in [] }
        buckets = aha.processing.rateLimits.map { ReferenceBucket(rate: $0) }
        measures = ReferenceMeasures(users: aha.users.count, integrations: aha.integrations.count)
        latency = Sampler(scenario.network.latency)
        service = Sampler(aha.processing.serviceTime)
        dispatchDelays = world.instances.map { Sampler($0.delivery.dispatchDelay) }
        backoffs = world.instances.map { Sampler($0.delivery.retryBackoff) }
        setUpIntegrations()
        // NB: the endpoint runs as what the topology's webhooks name for it (the loader made them
        // agree), else as the integration's own `runAs` (DESIGN.md §2).
        for (k, spec) in aha.integrations.enumerated() {
            if let w = scenario.topologies[topology].webhooks.first(where: { $0.integration == spec.id }) {
                endpointRunAs[k] = userIndex(w.runAs)
            } else if let name = spec.runAs {
                endpointRunAs[k] = userIndex(name)
            }
        }
        for w in scenario.topologies[topology].webhooks { install(w) }
    }

    func userIndex(_ name: String) -> Int? { scenario.aha.users.firstIndex { $0.name == name } }

    /// Integrations and their starting links: each issue of a mapped type of the integration's
    /// project is linked with probability `linked`, from the draw keyed by (integration, issue).
    mutating func setUpIntegrations() {
        let aha = scenario.aha
        for (k, spec) in aha.integrations.enumerated() {
            let instance = world.instances.firstIndex { $0.id == spec.jira } ?? -1
            let project = world.projects.firstIndex { $0.instance == instance && $0.key == spec.project } ?? -1
            var synced: [Int] = []
            for f in Field.allCases where (f == .status && spec.sync.status) || spec.sync.fields.contains(f.name) {
                synced.append(f.rawValue)
            }
            integrations.append(
                ReferenceIntegration(
                    spec: spec, workspace: aha.workspaces.firstIndex(of: spec.workspace) ?? 0, instance: instance,
                    project: project, syncedFields: synced))
            let hash = KeyedRandom.hash(spec.id)
            for (i, issue) in world.issues.enumerated() where Int(issue.project) == project {
                guard spec.recordType(for: world.typeNames[Int(issue.type)]) != nil else { continue }
                if keyed.unit(Streams.link, hash, UInt64(i)) < spec.linked {
                    let key = ReferenceLinkKey(integration: k, issue: Int32(i))
                    idealLinks.insert(key)
                    links[key] = .record(records.count)
                    records.append(ReferenceRecord(values: issue.values, versions: issue.versions))
                }
            }
        }
    }

    /// Installs a webhook in the Jira instance it names, or its integration's.
    mutating func install(_ w: WebhookSpec) {
        guard let k = scenario.aha.integrations.firstIndex(where: { $0.id == w.integration }) else { return }
        let instanceID = w.jira ?? integrations[k].spec.jira
        guard let instance = world.instances.firstIndex(where: { $0.id == instanceID }),
            let query = try? scenario.filter(of: w), let user = userIndex(w.runAs)
        else { preconditionFailure("webhook '\(w.name)' passed the loader but cannot be installed") }
        // NB: an added webhook reaches an endpoint that keeps the user it runs as (the loader rejects
        // one naming another); only an endpoint nothing named yet takes the webhook's.
        if endpointRunAs[k] == nil { endpointRunAs[k] = user }
        webhooks.append(
            ReferenceWebhook(
                name: w.name, nameHash: KeyedRandom.hash(w.name), integration: k, instance: instance,
                version: integrations[k].spec.version, events: Set(w.events), query: query, enabled: w.enabled,
                ownRunAs: user))
        measures.webhookNames.append(w.name)
        measures.webhookDeliveries.append(0)
        measures.webhookExposure.append(0)
    }

    /// The user webhook `h`'s endpoint runs as now.
    func runAs(webhook h: Int) -> Int {
        return endpointRunAs[webhooks[h].integration] ?? webhooks[h].ownRunAs
    }

    func canWrite(user: Int, workspace: Int) -> Bool { roles[user][workspace].canWrite }

    /// Runs to the end of activity plus drain. A Jira change due at an instant runs before every
    /// queued event of that instant (DESIGN.md §4); queued events run in `(time, sequence)` order.
    mutating func run() -> ReferenceMeasures {
        let timeline = scenario.timeline
        for (i, entry) in timeline.enumerated() where entry.topology == nil || entry.topology == topologyName {
            loop.schedule(.timeline(i), at: .zero + entry.at)
        }
        while true {
            let change = activity.peekTime()
            let queued = loop.nextTime
            if let t = change, t <= end, queued.map({ t <= $0 }) ?? true {
                loop.advance(to: t)
                handleChange()
                continue
            }
            guard let event = loop.next(until: end) else { break }
            let isTimeline: Bool
            if case .timeline = event { isTimeline = true } else { isTimeline = false }
            if lastEventTime == loop.now && !(isTimeline && lastEventWasTimeline) { sawTie = true }
            lastEventTime = loop.now
            lastEventWasTimeline = isTimeline
            handle(event)
        }
        loop.advance(to: end)
        settle()
        measures.tie = sawTie
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
            for h in webhooks.indices where webhooks[h].name == name { endpointRunAs[webhooks[h].integration] = u }
        case .disable(let name):
            for h in webhooks.indices where webhooks[h].name == name { webhooks[h].enabled = false }
        case .enable(let name):
            for h in webhooks.indices where webhooks[h].name == name { webhooks[h].enabled = true }
        case .outage(let span):
            outageUntil = max(outageUntil, loop.now + span)
        case .setRole(let user, let workspace, let role):
            guard let u = userIndex(user), let w = scenario.aha.workspaces.firstIndex(of: workspace) else { return }
            roles[u][w] = role
        case .addWebhook(let spec):
            install(spec)
        case .removeWebhook(let name):
            for h in webhooks.indices where webhooks[h].name == name { webhooks[h].installed = false }
        }
    }
}
