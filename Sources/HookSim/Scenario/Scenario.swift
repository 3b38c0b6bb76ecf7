import SimKit

/// A validated scenario: the Jira world, its activity, the network, the Aha! account, the
/// topologies to compare on identical activity, operational changes, and CI expectations.
///
/// Every mix and map is an ordered array of pairs, never a `Dictionary`, so that file order
/// decides iteration order and results never depend on the process (DESIGN.md §4).
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var description: String
    public var seed: UInt64
    /// How long Jira activity runs.
    public var duration: SimDuration
    /// After activity stops, how long deliveries may still settle.
    public var drain: SimDuration
    public var jira: [JiraInstanceSpec]
    public var activity: ActivitySpec
    public var network: NetworkSpec
    public var aha: AhaSpec
    public var topologies: [TopologySpec]
    public var timeline: [TimelineEntry]
    public var expect: [Expectation]
    public var limits: Limits
    /// Sweep settings (`sweep` key): what `hooksim sweep FILE` varies when no `--vary` is given.
    public var sweep: SweepSpec?
    /// What the loader accepted but wants a person to know (events of imported webhooks that HookSim
    /// does not model, for instance); printed by every command that loads the file.
    public var notes: [String] = []

    public init(
        name: String, description: String = "", seed: UInt64 = 1, duration: SimDuration = .hours(8),
        drain: SimDuration = .hours(2), jira: [JiraInstanceSpec], activity: ActivitySpec = ActivitySpec(),
        network: NetworkSpec = NetworkSpec(), aha: AhaSpec, topologies: [TopologySpec], timeline: [TimelineEntry] = [],
        expect: [Expectation] = [], limits: Limits = Limits()
    ) {
        self.name = name
        self.description = description
        self.seed = seed
        self.duration = duration
        self.drain = drain
        self.jira = jira
        self.activity = activity
        self.network = network
        self.aha = aha
        self.topologies = topologies
        self.timeline = timeline
        self.expect = expect
        self.limits = limits
    }
}

/// Bounds that keep a run from exhausting the machine.
public struct Limits: Sendable, Equatable {
    /// Engine events one topology may process before the run stops with an error.
    public var maxEvents: Int
    /// Issues the world may hold, over all instances (including ones created by activity).
    public var maxIssues: Int
    /// Stop Jira activity after this many changes (benchmarks drive a run by change count).
    public var maxChanges: Int?
    public init(maxEvents: Int = 200_000_000, maxIssues: Int = 5_000_000, maxChanges: Int? = nil) {
        self.maxEvents = maxEvents
        self.maxIssues = maxIssues
        self.maxChanges = maxChanges
    }
}

public enum JiraKind: String, Sendable, Equatable, CaseIterable { case cloud, datacenter }

/// One Jira instance: its size, projects, the integration account, and how it delivers webhooks.
public struct JiraInstanceSpec: Sendable, Equatable {
    public var id: String
    public var kind: JiraKind
    /// Number of ordinary Jira users who make changes.
    public var users: Int
    /// The Jira account Aha! writes with: its changes are echoes.
    public var integrationAccount: String
    public var projects: [ProjectSpec]
    public var delivery: DeliverySpec
    /// Custom fields filters may name (`cf[10010]` or the name); none unless declared.
    public var customFields: [CustomFieldSpec] = []
    /// The instance's address in issue and user `self` links (`baseUrl`); nil: the defaults of
    /// DESIGN.md §7.4, `https://<id>.atlassian.net` (Cloud) or `https://jira.<id>.example` (Data Center).
    public var baseUrl: String?

    /// `baseUrl`, or the default for the instance's kind.
    public var resolvedBaseUrl: String {
        baseUrl ?? (kind == .cloud ? "https://\(id).atlassian.net" : "https://jira.\(id).example")
    }

    public init(
        id: String, kind: JiraKind = .cloud, users: Int = 40, integrationAccount: String = "aha-bot",
        projects: [ProjectSpec], delivery: DeliverySpec? = nil, customFields: [CustomFieldSpec] = []
    ) {
        self.customFields = customFields
        self.id = id
        self.kind = kind
        self.users = users
        self.integrationAccount = integrationAccount
        self.projects = projects
        self.delivery = delivery ?? DeliverySpec.defaults(for: kind)
    }
}

/// A Jira project and the issues it starts with.
public struct ProjectSpec: Sendable, Equatable {
    public var key: String
    /// Issues that exist when the run starts.
    public var issues: Int
    /// Share of each issue type among the starting issues and created ones, in file order.
    public var types: [(String, Double)]
    /// Share of changes that fall on this project, relative to other projects (default: its issue count).
    public var weight: Double?

    public static let defaultTypes: [(String, Double)] = [("Epic", 0.05), ("Story", 0.5), ("Bug", 0.25), ("Task", 0.2)]

    public init(key: String, issues: Int, types: [(String, Double)]? = nil, weight: Double? = nil) {
        self.key = key
        self.issues = issues
        self.types = types ?? ProjectSpec.defaultTypes
        self.weight = weight
    }

    public static func == (a: ProjectSpec, b: ProjectSpec) -> Bool {
        a.key == b.key && a.issues == b.issues && a.weight == b.weight
            && a.types.map(\.0) == b.types.map(\.0) && a.types.map(\.1) == b.types.map(\.1)
    }
}

public enum DispatchMode: String, Sendable, Equatable, CaseIterable { case sync, async }

/// How a Jira instance sends webhook requests (DESIGN.md §2, Delivery).
public struct DeliverySpec: Sendable, Equatable {
    /// Time from the change until the first attempt is sent.
    public var dispatchDelay: Distribution
    /// How long Jira waits for an answer before it counts the attempt as failed.
    public var timeout: SimDuration
    /// Retries after the first attempt (cloud default 5, datacenter 0).
    public var retryMax: Int
    /// Wait before each retry.
    public var retryBackoff: Distribution
    /// Datacenter: synchronous dispatch on the user's thread, or asynchronous through a queue.
    public var mode: DispatchMode
    /// Datacenter async: queue capacity; a full queue loses the event.
    public var queue: Int
    /// Datacenter async: sending threads.
    public var threads: Int
    /// Datacenter sync: time to evaluate one webhook's JQL on the user's thread.
    public var jqlCost: SimDuration
    /// Also emit `jira:issue_updated` (`issue_commented`) for each comment.
    public var commentAlsoUpdates: Bool

    public init(
        dispatchDelay: Distribution, timeout: SimDuration, retryMax: Int, retryBackoff: Distribution,
        mode: DispatchMode, queue: Int, threads: Int, jqlCost: SimDuration, commentAlsoUpdates: Bool
    ) {
        self.dispatchDelay = dispatchDelay
        self.timeout = timeout
        self.retryMax = retryMax
        self.retryBackoff = retryBackoff
        self.mode = mode
        self.queue = queue
        self.threads = threads
        self.jqlCost = jqlCost
        self.commentAlsoUpdates = commentAlsoUpdates
    }

    /// The documented defaults: cloud retries 5 times 5–15 minutes apart; datacenter never retries,
    /// dispatches asynchronously through a queue of 1000 and 4 threads, and emits the extra
    /// `issue_commented` update.
    public static func defaults(for kind: JiraKind) -> DeliverySpec {
        switch kind {
        case .cloud:
            return DeliverySpec(
                dispatchDelay: .exponential(mean: .seconds(2)), timeout: .seconds(20), retryMax: 5,
                retryBackoff: .uniform(.minutes(5), .minutes(15)), mode: .async, queue: 1000, threads: 4,
                jqlCost: .milliseconds(2), commentAlsoUpdates: false)
        case .datacenter:
            return DeliverySpec(
                dispatchDelay: .exponential(mean: .milliseconds(500)), timeout: .seconds(20), retryMax: 0,
                retryBackoff: .uniform(.minutes(5), .minutes(15)), mode: .async, queue: 1000, threads: 4,
                jqlCost: .milliseconds(2), commentAlsoUpdates: true)
        }
    }
}

/// The kinds of change Jira activity is made of.
public enum ChangeKind: String, Sendable, Equatable, CaseIterable {
    case comment, commentEdit, commentDelete, update, transition, create, delete
}

/// Jira activity: Poisson arrivals with a mix of kinds, echoes, and bulk bursts.
public struct ActivitySpec: Sendable, Equatable {
    public var rate: Rate
    public var mix: [(ChangeKind, Double)]
    /// Share of changes made by the integration account (echoes of edits made in Aha!).
    public var echoShare: Double
    public var bursts: [BurstSpec]
    /// `activity: {trace: FILE}`: the changes of a capture, replayed instead of generated.
    public var recording: Recording?

    public static let defaultMix: [(ChangeKind, Double)] = [
        (.comment, 0.35), (.update, 0.30), (.transition, 0.20), (.create, 0.10), (.commentEdit, 0.03), (.delete, 0.02),
    ]

    public init(
        rate: Rate = Rate(perSecond: 300.0 / 3600), mix: [(ChangeKind, Double)]? = nil, echoShare: Double = 0.05,
        bursts: [BurstSpec] = []
    ) {
        self.rate = rate
        self.mix = mix ?? ActivitySpec.defaultMix
        self.echoShare = echoShare
        self.bursts = bursts
    }

    public static func == (a: ActivitySpec, b: ActivitySpec) -> Bool {
        a.rate == b.rate && a.echoShare == b.echoShare && a.bursts == b.bursts && a.recording == b.recording
            && a.mix.map(\.0) == b.mix.map(\.0) && a.mix.map(\.1) == b.mix.map(\.1)
    }
}

/// A bulk operation: `count` changes of one kind, at an instant or spread evenly over a span.
public struct BurstSpec: Sendable, Equatable {
    public var at: SimDuration
    public var count: Int
    public var kind: ChangeKind
    /// The project it touches (every project when nil).
    public var project: String?
    /// Jira instance (the first when nil).
    public var jira: String?
    public var over: SimDuration

    public init(
        at: SimDuration, count: Int, kind: ChangeKind, project: String? = nil, jira: String? = nil,
        over: SimDuration = .zero
    ) {
        self.at = at
        self.count = count
        self.kind = kind
        self.project = project
        self.jira = jira
        self.over = over
    }
}

/// The network between Jira and Aha!.
public struct NetworkSpec: Sendable, Equatable {
    /// One-way request latency.
    public var latency: Distribution
    /// Probability that a request never arrives (connection failure or timeout).
    public var failureRate: Double
    /// Probability that Aha! processes a request but its answer is lost, so Jira retries it.
    public var ackLossRate: Double

    public init(
        latency: Distribution = .lognormal(median: .milliseconds(120), p99: .milliseconds(1500)),
        failureRate: Double = 0, ackLossRate: Double = 0
    ) {
        self.latency = latency
        self.failureRate = failureRate
        self.ackLossRate = ackLossRate
    }
}
