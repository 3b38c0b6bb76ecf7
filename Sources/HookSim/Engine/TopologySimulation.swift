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
            return
                "topology '\(t)' stopped after \(limit) engine events at simulated \(at); raise limits.maxEvents or --max-events, or shorten the scenario"
        case .invariant(let t, let seed, let message):
            return "internal error: invariant broken in topology '\(t)' (seed \(seed)): \(message)"
        case .interrupted:
            return "interrupted"
        }
    }
}

/// One topology of a scenario, simulated from the identical world and activity every topology sees.
///
/// The engine is the loop that wires the rooms and nothing else: Jira changes come from `feed`;
/// `jira` (webhooks, dispatch, retries), `aha` (admission, workers, records) and `oracle` (intended
/// pairs, drop reasons) each keep their own state and say what should happen next; the engine
/// schedules it. The loop is single-threaded and handles events in `(time, sequence)` order, so a
/// run depends on nothing but the scenario and the seed.
struct TopologySimulation {
    let scenario: Scenario
    let topologyIndex: Int
    let keyed: KeyedRandom
    let end: SimTime
    var loop = EventLoop<SimEvent>()
    var world: JiraWorld
    var feed: ChangeFeed
    var jira: JiraDelivery
    var aha: AhaAccount
    var oracle: Oracle
    var measures: Measures
    var progress: ((SimTime, Int) -> Bool)?
    /// Told what happens to every change and delivery, for `trace` and `explain`; nil in a normal run.
    var probe: SimProbe?

    init(scenario: Scenario, topology: Int) {
        self.scenario = scenario
        topologyIndex = topology
        keyed = KeyedRandom(seed: scenario.seed)
        end = .zero + scenario.duration + scenario.drain
        world = JiraWorld.generate(scenario)
        feed = ChangeFeed(ActivityGenerator(scenario: scenario, world: world))
        let rules = IntegrationRule.rules(of: scenario, world: world)
        let byProject = IntegrationRule.byProject(rules, projects: world.projects.count)
        jira = JiraDelivery(world: world, network: scenario.network, keyed: keyed)
        aha = AhaAccount(
            scenario.aha, rules: rules, byProject: byProject, instances: world.instances.count,
            issues: world.issues.count)
        oracle = Oracle(rules: rules, byProject: byProject)
        measures = Measures(users: scenario.aha.users.count, integrations: rules.count, span: end.sinceStart)
        linkStartingIssues()
        for w in scenario.topologies[topology].webhooks { install(w) }
    }

    /// Links the starting issues: each issue of a mapped type with probability `linked`, drawn from
    /// a stream keyed by (integration, issue) so that it is the same in every topology.
    private mutating func linkStartingIssues() {
        for (k, spec) in scenario.aha.integrations.enumerated() where aha.rules[k].project >= 0 {
            let project = aha.rules[k].project
            let ih = KeyedRandom.hash(spec.id)
            for (i, issue) in world.issues.enumerated()
            where Int(issue.project) == project && aha.rules[k].maps(issue.type) {
                guard keyed.unit(Streams.link, ih, UInt64(i)) < spec.linked else { continue }
                oracle.setLinked(Int32(i), integration: k, true)
                aha.createRecord(integration: k, issue: Int32(i), values: issue.values, versions: issue.versions)
            }
        }
    }

    /// Installs a webhook of the topology, at the start or from the timeline. A webhook added to an
    /// endpoint that already runs as someone joins it as it stands (run-as belongs to the endpoint).
    mutating func install(_ w: WebhookSpec) {
        guard let integration = scenario.aha.integrations.firstIndex(where: { $0.id == w.integration }) else {
            preconditionFailure("webhook '\(w.name)': integration '\(w.integration)' passed the loader but is unknown")
        }
        let spec = scenario.aha.integrations[integration]
        let jiraID = w.jira ?? spec.jira
        guard let instance = world.instances.firstIndex(where: { $0.id == jiraID }) else {
            preconditionFailure("webhook '\(w.name)': Jira instance '\(jiraID)' passed the loader but is unknown")
        }
        let query: JQLQuery
        do {
            query = try scenario.filter(of: w)
        } catch {
            preconditionFailure("webhook '\(w.name)': its JQL passed the loader but does not parse: \(error)")
        }
        guard let user = scenario.aha.users.firstIndex(where: { $0.name == w.runAs }) else {
            preconditionFailure("webhook '\(w.name)': run-as user '\(w.runAs)' passed the loader but is unknown")
        }
        aha.rights.join(endpoint: integration, as: user)
        let hook = HookState(
            name: w.name, integration: integration, instance: instance, version: spec.version, events: w.events,
            enabled: w.enabled)
        _ = jira.webhooks.install(hook, name: w.name, query: query)
        measures.jira.hookDeliveries.append(0)
        measures.jira.hookExposure.append(0)
    }

    /// The Aha! user the endpoint webhook `h` points at runs as.
    @inline(__always) func runAs(of h: Int) -> Int { aha.rights.runAs[jira.webhooks[h].integration] }

    /// Runs the topology to the end of activity plus drain and returns what it measured.
    mutating func run(maxEvents: Int) throws(SimulationError) -> Measures {
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
            if feed.nextTime <= queued && feed.nextTime <= end {
                loop.advance(to: feed.nextTime)
                if let change = feed.take(world: &world) { handle(change) }
            } else if let event = loop.next(until: end) {
                handle(event)
            } else {
                break
            }
            let processed = loop.eventsProcessed + feed.taken
            if processed > maxEvents {
                throw .eventLimit(topology: name, limit: maxEvents, at: loop.now)
            }
            if let p = progress, processed & 0xFFFF == 0, !p(loop.now, measures.oracle.changes) {
                throw .interrupted
            }
        }
        loop.advance(to: end)
        measures.oracle.inFlight += oracle.inFlight
        measures.oracle.divergentRecords += aha.divergentRecords(world)
        measures.engineEvents = loop.eventsProcessed + feed.taken
        try checkInvariants()
        return measures
    }

    /// The oracle's invariants over what the run measured: a broken one is an internal error
    /// naming the topology and the seed, never a report.
    func checkInvariants() throws(SimulationError) {
        guard let message = Oracle.brokenInvariant(measures) else { return }
        throw .invariant(topology: scenario.topologies[topologyIndex].name, seed: scenario.seed, message: message)
    }

    mutating func handle(_ event: SimEvent) {
        switch event {
        case .send(let d): send(d, at: loop.now)
        case .arrive(let d, let attempt, let step, let answered):
            arrive(d, attempt: attempt, step: Int(step), answered: answered)
        case .answer(let d): answer(d, at: loop.now)
        case .timeout(let d): timedOut(d)
        case .serviceDone(let w): serviceDone(w)
        case .threadFree(let i):
            jira.threadFreed(Int(i))
            startThreads(Int(i))
        case .requeue(let d): requeue(d)
        case .timeline(let i): applyTimeline(Int(i))
        case .sample:
            let s = measures.series.index(loop.now)
            if aha.workers.waiting.count > measures.series.queueDepth[s] {
                measures.series.queueDepth[s] = aha.workers.waiting.count
            }
            let every = SimDuration(microseconds: measures.series.stepMicros)
            // NB: one sample at the start of every step of the report's series: a step's deepest
            // queue is its depth at the start or after a push within it.
            if loop.now + every < end { loop.schedule(.sample, after: every) }
        }
    }
}

/// The Jira changes of a run, in time order, merged with the event queue by the engine's loop.
struct ChangeFeed {
    private var activity: ActivityGenerator
    /// When the next change happens (`distantFuture` when activity is over).
    private(set) var nextTime: SimTime
    /// Changes taken so far (each counts as an engine event).
    private(set) var taken = 0

    init(_ activity: ActivityGenerator) {
        self.activity = activity
        nextTime = self.activity.peekTime() ?? .distantFuture
    }

    /// The next change, applied to the world.
    mutating func take(world: inout JiraWorld) -> Change? {
        taken += 1
        let change = activity.next(world: &world)
        nextTime = activity.peekTime() ?? .distantFuture
        return change
    }
}
