/// The figures of one topology's report, typed: counts are `Int`, ratios `Double`, times `Double`
/// milliseconds (DESIGN.md §6, "Report JSON").
///
/// Everything downstream (expectations, renderers, answers, findings, sweeps) reads these fields,
/// or reads them by path through the one key table `ReportKey`; the JSON is written from them
/// (`ReportFigures+JSON.swift`) and never read back.
public struct ReportFigures: Sendable, Equatable {
    /// What became of the changes and of their (change, integration) pairs: the oracle's counts (DESIGN.md §3).
    public struct Outcome: Sendable, Equatable {
        public var changes = 0
        public var echoes = 0
        public var intended = 0
        public var applied = 0
        public var inFlight = 0
        public var duplicateWrites = 0
        public var redundantDeliveries = 0
        public var staleOverwrites = 0
        public var divergentRecords = 0
        /// Deliveries about issues no served integration links (`exposure.total`).
        public var exposure = 0
    }

    /// Lost pairs by the furthest stage they reached.
    public struct Dropped: Sendable, Equatable {
        /// One count per reason, in the order of `ReportPath.dropReasons`.
        public var byReason: [Int]
        public var total: Int { byReason.reduce(0, +) }

        public init(byReason: [Int]) {
            precondition(
                byReason.count == ReportPath.dropReasons.count,
                "one drop count per reason of ReportPath.dropReasons, got \(byReason.count)")
            self.byReason = byReason
        }

        /// Zero for every reason.
        public static let none = Dropped(byReason: Array(repeating: 0, count: ReportPath.dropReasons.count))
    }

    /// Duplicates a user of Aha! sees.
    public struct Duplicates: Sendable, Equatable {
        public var comments = 0
        public var records = 0
        public var visible: Int { comments + records }
    }

    /// Update latency from the Jira change to the Aha! write, in milliseconds; all 0 when nothing
    /// was applied (`count` 0), which means "nothing measured", not "instant".
    public struct Latency: Sendable, Equatable {
        public var count = 0
        public var mean = 0.0
        public var p50 = 0.0
        public var p90 = 0.0
        public var p95 = 0.0
        public var p99 = 0.0
        public var p999 = 0.0
        public var max = 0.0
    }

    /// Webhook deliveries (HTTP attempts) and what they cost Jira.
    public struct Deliveries: Sendable, Equatable {
        public var attempted = 0
        public var succeeded = 0
        public var retried = 0
        public var failed = 0
        public var inFlight = 0
        public var lost = 0
        /// Deliveries Jira gave up on after its last retry.
        public var exhausted = 0
        /// First attempts per change: the amplification by the topology, not by retries.
        public var perChange = 0.0
        /// Mean time a Jira user waits for synchronous webhooks' JQL, in milliseconds.
        public var jiraUserDelayMean = 0.0
    }

    /// The load on Aha!.
    public struct AhaLoad: Sendable, Equatable {
        public var writes = 0
        /// Busy share of the workers over the run, 0…1.
        public var utilization = 0.0
        public var peakQueue = 0
        public var rateLimited = 0
        public var outageAnswers = 0
    }

    /// Writes made as one Aha! user.
    public struct AuthorWrites: Sendable, Equatable {
        public var name: String
        public var writes: Int
    }

    /// One integration's pairs, so a user sees which integration loses or doubles updates.
    public struct Integration: Sendable, Equatable {
        public var id: String
        public var intended = 0
        public var applied = 0
        public var dropped = 0
        public var duplicateWrites = 0
        /// One count per reason, in the order of `ReportPath.dropReasons`.
        public var droppedByReason: [Int]
    }

    /// One webhook (by name: several installations of one name add up).
    public struct Webhook: Sendable, Equatable {
        public var name: String
        public var deliveries = 0
        public var exposure = 0
    }

    public var outcome = Outcome()
    public var dropped = Dropped.none
    public var duplicates = Duplicates()
    public var latency = Latency()
    public var deliveries = Deliveries()
    public var aha = AhaLoad()
    /// In the order of the scenario's Aha! users.
    public var writesByAuthor: [AuthorWrites] = []
    /// In the order of the scenario's integrations.
    public var byIntegration: [Integration] = []
    /// In the order of the topology's webhooks, each name once.
    public var byWebhook: [Webhook] = []
    /// Events the engine processed (a cost figure, not a measure of the integration).
    public var engineEvents = 0

    public init() {}

    /// The integration with this id, if the scenario has one.
    public func integration(_ id: String) -> Integration? { byIntegration.first { $0.id == id } }

    /// The webhook with this name, if the topology has one.
    public func webhook(_ name: String) -> Webhook? { byWebhook.first { $0.name == name } }

    /// The writes made as this user, if the scenario has such a user.
    public func writes(by user: String) -> Int? { writesByAuthor.first { $0.name == user }?.writes }
}
