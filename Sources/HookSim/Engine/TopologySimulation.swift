import JQL
import SimKit

/// Why a run could not finish.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
    /// The engine processed more events than the limit allows.
    case eventLimit(topology: String, limit: Int, at: SimTime)
    /// A run broke one of the oracle's invariants: a bug, never a result.
    case invariant(topology: String, seed: UInt64, message: String)
    /// The run was interrupted (Ctrl-C).
    case interrupted

    public var description: String {
        switch self {
        case .eventLimit(let t, let limit, let at):
            return "topology '\(t)' stopped after \(limit) engine events at simulated \(at); raise limits.maxEvents or --max-events, or shorten the scenario"
        case .invariant(let t, let seed, let message):
            return "internal error: invariant broken in topology '\(t)' (seed \(seed)): \(message)"
        case .interrupted:
            return "interrupted"
        }
    }
}

/// One topology of a scenario, simulated from the identical world and activity every topology sees.
///
/// The loop is single-threaded; every handler is a method on this value, called in `(time,
/// sequence)` order, so a run depends on nothing but the scenario and the seed.
struct TopologySimulation {
    let scenario: Scenario
    let topologyIndex: Int
    let keyed: KeyedRandom
    let end: SimTime
    let activityEnd: SimTime
    var loop = EventLoop<SimEvent>()
    var world: JiraWorld
    var activity: ActivityGenerator
    var hooks: [HookState] = []
    var hookNames: [String] = []
    var hookQueries: [JQLQuery?] = []
    var hooksByInstance: [[Int]]
    var integrations: [IntegrationState] = []
    /// Integrations served by an endpoint of (version, instance): index `version * instances + instance`.
    var served: [[Int]]
    var records: [Record] = []
    /// Role per user (row) per workspace (column).
    var roles: [[Role]]
    /// Every state `roles` has been in, oldest first (the timeline's `setRole` adds one), so a
    /// delivery can be judged on the rights of its dispatch.
    var roleEpochs: [[[Role]]]
    /// The Aha! user each integration's endpoint runs as (-1 before a webhook points at it): run-as
    /// belongs to the endpoint, shared by every webhook that points at it.
    var endpointRunAs: [Int]
    var userNames: [[String]]
    var measures: Measures
    /// The oracle's changes still able to produce writes, in reusable slots (no hashing per event).
    var tracks: [ChangeTrack] = []
    var freeTracks: [Int32] = []
    /// Integrations by Jira project index: the only ones that can link that project's issues.
    var integrationsByProject: [[Int]] = []
    var deliveries: [Delivery] = []
    /// By delivery slot: the rights each delivery is judged on.
    var judges: [Judge] = []
    var freeDeliveries: [Int32] = []
    var jobs = Ring<Job>()
    /// Per running import job, the integrations already linked at its check; slots are reused.
    var importChecks: [[Int32]] = []
    var freeImportChecks: [Int32] = []
    var workers: [Job?]
    var idleWorkers: [Int32]
    var dispatchQueues: [Ring<Int32>]
    var freeThreads: [Int]
    var outageUntil: SimTime = .zero
    /// One token bucket per rate limit, each holding at most one period's worth of requests.
    var tokens: [Double] = []
    var tokensAt: SimTime = .zero
    var sampleEvery: SimDuration
    /// Prepared samplers for the distributions drawn on every delivery.
    let latency: Sampler
    let service: Sampler
    var dispatchDelay: [Sampler]
    var backoff: [Sampler]
    var progress: ((SimTime, Int) -> Bool)?
    /// Told what happens to every change and delivery, for `trace` and `explain`; nil in a normal run.
    var probe: SimProbe?
    /// When the next Jira change happens (`distantFuture` when activity is over).
    var nextChange: SimTime = .distantFuture
    var changeEvents = 0

    init(scenario: Scenario, topology: Int) {
        self.scenario = scenario
        topologyIndex = topology
        keyed = KeyedRandom(seed: scenario.seed)
        activityEnd = .zero + scenario.duration
        end = .zero + scenario.duration + scenario.drain
        world = JiraWorld.generate(scenario)
        activity = ActivityGenerator(scenario: scenario, world: world)
        hooksByInstance = Array(repeating: [], count: world.instances.count)
        served = Array(repeating: [], count: 2 * world.instances.count)
        userNames = world.instances.map { inst in (0..<inst.users).map { "user\($0)" } }
        let aha = scenario.aha
        roles = aha.users.map { u in aha.workspaces.map { u.role(on: $0) } }
        roleEpochs = [roles]
        endpointRunAs = Array(repeating: -1, count: aha.integrations.count)
        measures = Measures(users: aha.users.count, integrations: aha.integrations.count, span: end.sinceStart)
        workers = Array(repeating: nil, count: max(1, aha.processing.workers))
        idleWorkers = (0..<Int32(max(1, aha.processing.workers))).reversed()
        dispatchQueues = world.instances.map { _ in Ring<Int32>() }
        freeThreads = world.instances.map { max(1, $0.delivery.threads) }
        tokens = aha.processing.rateLimits.map { Self.bucketSize($0) }
        // NB: one sample at the start of every step of the report's series: a step's deepest queue
        // is its depth at the start or after a push within it.
        sampleEvery = SimDuration(microseconds: measures.series.stepMicros)
        latency = Sampler(scenario.network.latency)
        service = Sampler(aha.processing.serviceTime)
        dispatchDelay = world.instances.map { Sampler($0.delivery.dispatchDelay) }
        backoff = world.instances.map { Sampler($0.delivery.retryBackoff) }
        setUpIntegrations()
        for w in scenario.topologies[topology].webhooks { install(w) }
        measures.hookDeliveries = Array(repeating: 0, count: hooks.count)
        measures.hookExposure = Array(repeating: 0, count: hooks.count)
    }

    /// Where in `served` the integrations an endpoint of this version serves on this instance are.
    /// NB: static, because calling a method of the simulation from its mutating handlers can copy
    /// the whole simulation (seen in callgrind).
    static func servedIndex(_ version: IntegrationVersion, _ instance: Int, of instances: Int) -> Int {
        (version == .v1 ? 0 : 1) * instances + instance
    }

    func instanceIndex(_ id: String) -> Int? { world.instances.firstIndex(where: { $0.id == id }) }
    func userIndex(_ name: String) -> Int? { scenario.aha.users.firstIndex(where: { $0.name == name }) }

    /// The Aha! user the endpoint webhook `h` points at runs as.
    @inline(__always) func runAs(of h: Int) -> Int { endpointRunAs[hooks[h].integration] }

    /// Links the starting issues: each issue of a mapped type with probability `linked`, drawn from
    /// a stream keyed by (integration, issue) so that it is the same in every topology.
    private mutating func setUpIntegrations() {
        let aha = scenario.aha
        integrationsByProject = Array(repeating: [], count: world.projects.count)
        for (k, spec) in aha.integrations.enumerated() {
            let instance = instanceIndex(spec.jira) ?? 0
            let project = world.projects.firstIndex(where: { $0.instance == instance && $0.key == spec.project }) ?? -1
            var mask: Int32 = spec.sync.status ? 1 << Int32(Field.status.rawValue) : 0
            for f in Field.allCases where spec.sync.fields.contains(f.name) { mask |= 1 << Int32(f.rawValue) }
            var state = IntegrationState(
                spec: spec, workspace: aha.workspaces.firstIndex(of: spec.workspace) ?? 0, instance: instance,
                project: project, recordOf: Array(repeating: -1, count: world.issues.count), fieldMask: mask,
                mapped: world.typeNames.map { spec.recordType(for: $0) != nil }, autoImport: spec.autoImport)
            if project >= 0 { integrationsByProject[project].append(k) }
            let ih = KeyedRandom.hash(spec.id)
            for (i, issue) in world.issues.enumerated() where Int(issue.project) == project {
                guard spec.recordType(for: world.typeNames[Int(issue.type)]) != nil else { continue }
                if keyed.unit(Streams.link, ih, UInt64(i)) < spec.linked {
                    state.setIdeal(Int32(i), true)
                    state.recordOf[i] = Int32(records.count)
                    records.append(Record(integration: Int32(k), issue: Int32(i), values: issue.values, versions: issue.versions))
                }
            }
            integrations.append(state)
            served[Self.servedIndex(spec.version, instance, of: world.instances.count)].append(k)
        }
    }

    mutating func install(_ w: WebhookSpec) {
        guard let integration = scenario.aha.integrations.firstIndex(where: { $0.id == w.integration }) else { return }
        let spec = scenario.aha.integrations[integration]
        let instance = instanceIndex(w.jira ?? spec.jira) ?? 0
        var mask: UInt8 = 0
        for e in w.events { mask |= 1 << UInt8(JiraEventName.allCases.firstIndex(of: e) ?? 0) }
        let query: JQLQuery?
        do {
            query = try scenario.filter(of: w)
        } catch {
            preconditionFailure("webhook '\(w.name)': its JQL passed the loader but does not parse: \(error)")
        }
        guard let user = userIndex(w.runAs) else {
            preconditionFailure("webhook '\(w.name)': run-as user '\(w.runAs)' passed the loader but is unknown")
        }
        // NB: a webhook added to an endpoint that already runs as someone joins it as it stands.
        if endpointRunAs[integration] < 0 { endpointRunAs[integration] = user }
        hooks.append(HookState(
            nameHash: KeyedRandom.hash(w.name), integration: integration, instance: instance,
            version: spec.version, events: mask, enabled: w.enabled))
        hookNames.append(w.name)
        hookQueries.append(query)
        hooksByInstance[instance].append(hooks.count - 1)
        if measures.hookDeliveries.count < hooks.count {
            measures.hookDeliveries.append(0)
            measures.hookExposure.append(0)
        }
    }

    /// Runs the topology to the end of activity plus drain and returns what it measured.
    mutating func run(maxEvents: Int) throws(SimulationError) -> Measures {
        nextChange = activity.peekTime() ?? .distantFuture
        let name = scenario.topologies[topologyIndex].name
        for (i, entry) in scenario.timeline.enumerated()
        where entry.at.microseconds >= 0 && (entry.topology == nil || entry.topology == name) {
            loop.schedule(.timeline(Int32(i)), at: .zero + entry.at)
        }
        loop.schedule(.sample, at: .zero)
        // NB: Jira changes come from the generator in time order, so they are merged with the
        // event queue here instead of passing through it (a change runs before queued events of
        // the same instant): one push and one pop fewer per change.
        while true {
            let queued = loop.nextTime ?? .distantFuture
            if nextChange <= queued && nextChange <= end {
                loop.advance(to: nextChange)
                changeEvents += 1
                handleChange()
                nextChange = activity.peekTime() ?? .distantFuture
            } else if let event = loop.next(until: end) {
                handle(event)
            } else {
                break
            }
            let processed = loop.eventsProcessed + changeEvents
            if processed > maxEvents {
                throw .eventLimit(topology: scenario.topologies[topologyIndex].name, limit: maxEvents, at: loop.now)
            }
            if let p = progress, processed & 0xFFFF == 0, !p(loop.now, measures.changes) {
                throw .interrupted
            }
        }
        loop.advance(to: end)
        finish()
        try checkInvariants()
        return measures
    }

    mutating func handle(_ event: SimEvent) {
        switch event {
        case .send(let d): send(d)
        case .arrive(let d, let attempt, let step, let answered): arrive(d, attempt: attempt, step: Int(step), answered: answered)
        case .answer(let d): answer(d)
        case .timeout(let d): timedOut(d)
        case .serviceDone(let w): serviceDone(w)
        case .threadFree(let i): threadFree(Int(i))
        case .requeue(let d): requeue(d)
        case .timeline(let i): applyTimeline(Int(i))
        case .sample:
            let s = measures.series.index(loop.now)
            if jobs.count > measures.series.queueDepth[s] { measures.series.queueDepth[s] = jobs.count }
            if loop.now + sampleEvery < end { loop.schedule(.sample, after: sampleEvery) }
        }
    }
}
