import JQL
import SimKit

/// Engine choices the reference can imitate, one per known engine finding (notes/ref-findings), so
/// that a comparison tells a known disagreement from a new one. Empty: DESIGN.md alone. (Findings
/// a–c — service time keyed by the current attempt, rights judged at failure, an added webhook's own
/// run-as user — are fixed in the engine.)
struct ReferenceQuirks: OptionSet, Sendable {
    let rawValue: Int
    // NB: findings d–h (a queue limit counted against an idle worker, "would import" exposure, a
    // delete without a record applied, an echo's create judged before its link, a failure judged
    // when Jira gave up on a delivery processed later) are fixed in the engine; add a quirk here,
    // with its letter in `named`, for the next finding until its fix lands.
    static let all: ReferenceQuirks = []
    /// Each quirk with the letter its finding is filed under, in letter order.
    static let named: [(String, ReferenceQuirks)] = []
}

/// What can happen at an instant of a reference run.
enum ReferenceEvent {
    /// A delivery's current attempt leaves Jira.
    case send(Int)
    /// An attempt reaches Aha!; `answerAfter` is how long its answer travels back, nil when Jira
    /// never reads it (lost, or later than the timeout).
    case arrive(Int, attempt: Int, answerAfter: SimDuration?)
    /// Jira reads Aha!'s answer to the delivery's current attempt.
    case answer(Int, status: Int)
    /// Jira stops waiting for the delivery's current attempt.
    case timeout(Int)
    /// A Data Center retry is due and waits for a dispatch thread.
    case requeue(Int)
    /// An Aha! worker finishes a job.
    case serviceDone(Int)
    /// The scenario's timeline entry at this index.
    case timeline(Int)
}

/// The event a delivery carries. NB: the raw values are the keys both implementations draw a
/// delivery's randomness with (DESIGN.md §4), so they must stay those of the engine's `EventKind`.
enum ReferenceEventKind: UInt64 {
    case issueCreated = 0
    case issueUpdated, issueDeleted, commentCreated, commentUpdated, commentDeleted
    /// `jira:issue_updated` with `issue_event_type_name = issue_commented`, sent besides a comment.
    case issueCommented

    var jiraName: JiraEventName {
        switch self {
        case .issueCreated: return .issueCreated
        case .issueUpdated, .issueCommented: return .issueUpdated
        case .issueDeleted: return .issueDeleted
        case .commentCreated: return .commentCreated
        case .commentUpdated: return .commentUpdated
        case .commentDeleted: return .commentDeleted
        }
    }

    init(_ kind: ChangeKind) {
        switch kind {
        case .create: self = .issueCreated
        case .update, .transition: self = .issueUpdated
        case .delete: self = .issueDeleted
        case .comment: self = .commentCreated
        case .commentEdit: self = .commentUpdated
        case .commentDelete: self = .commentDeleted
        }
    }
}

/// Drop reasons in DESIGN.md §3's order: configuration stages, then run-time stages.
enum ReferenceReason: Int, Comparable, CaseIterable {
    case noWebhook = 0
    case webhookDisabled, notSubscribed, jqlFiltered, versionMismatch, permissionDenied
    case deliveryFailed, rateLimited, recordMissing

    static func < (a: ReferenceReason, b: ReferenceReason) -> Bool { a.rawValue < b.rawValue }
    /// The report's name (`dropped.byReason.<name>`).
    var name: String { ReportPath.dropReasons[rawValue] }
}

struct ReferenceIntegration {
    var spec: IntegrationSpec
    var workspace: Int
    var instance: Int
    /// Index of its Jira project in `JiraWorld.projects`, -1 when none.
    var project: Int
    /// `Field` raw values it syncs: status when `sync.status`, and those `sync.fields` names.
    var syncedFields: [Int]

    func maps(_ world: JiraWorld, _ issue: Int32) -> Bool {
        spec.recordType(for: world.typeName(of: issue)) != nil
    }
}

struct ReferenceWebhook {
    var name: String
    var nameHash: UInt64
    var integration: Int
    var instance: Int
    var version: IntegrationVersion
    var events: Set<JiraEventName>
    var query: JQLQuery
    var enabled: Bool
    var installed = true
    /// The user the webhook named: its endpoint's when no other webhook or the integration named one.
    var ownRunAs: Int

    init(
        name: String, nameHash: UInt64, integration: Int, instance: Int, version: IntegrationVersion,
        events: Set<JiraEventName>, query: JQLQuery, enabled: Bool, ownRunAs: Int
    ) {
        self.name = name
        self.nameHash = nameHash
        self.integration = integration
        self.instance = instance
        self.version = version
        self.events = events
        self.query = query
        self.enabled = enabled
        self.ownRunAs = ownRunAs
    }
}

struct ReferenceLinkKey: Hashable, Comparable {
    var integration: Int
    var issue: Int32
    static func < (a: ReferenceLinkKey, b: ReferenceLinkKey) -> Bool {
        (a.integration, a.issue) < (b.integration, b.issue)
    }
}

enum ReferenceLink: Equatable {
    case record(Int)
    /// Deleted in Aha! by a delivery of the issue's delete.
    case deletedInAha
}

struct ReferenceRecord {
    var values: FieldValues
    var versions: FieldValues
    var deleted = false
}

/// One intended pair of a change.
struct ReferencePair {
    var integration: Int
    var appliedAt: SimTime?
}

/// A change with intended pairs, and what became of the webhooks of its instance.
struct ReferenceChange {
    var change: Change
    var pairs: [ReferencePair]
    /// The configuration stage each webhook that did not fire stopped at.
    var stopped: [ReferenceReason] = []
    /// Deliveries carrying the pairs (one per webhook that fired).
    var deliveries: [Int] = []
}

/// What one processing of a delivery did for one pair.
enum ReferenceOutcome: Equatable {
    case versionMismatch, permissionDenied, recordMissing, reached
}

struct ReferenceDelivery {
    var webhook: Int
    var change: Change
    var kind: ReferenceEventKind
    /// The issue's fields and their versions as the delivery carries them.
    var values: FieldValues
    var versions: FieldValues
    var exposed: Bool
    /// How far Jira has got with it.
    var jira = JiraProgress()
    /// Attempts on the network towards Aha!, and jobs Aha! accepted and has not finished.
    var inTransit = 0
    var openJobs = 0
    /// Whether the endpoint's run-as user could write each workspace, when Jira dispatched.
    var writableAtDispatch: [Bool]
    /// Rights as of the last processing before Jira gave up, else of dispatch; fixed when Jira gives
    /// up (for quirk h).
    var writableWhenJudged: [Bool] = []
    /// Per processing, the outcome for each of the change's pairs (in pair order).
    var processings: [[ReferenceOutcome]] = []

    var isOpen: Bool { !jira.done || inTransit > 0 || openJobs > 0 }

    /// Jira's side of one delivery: the attempt it is on, the dispatch thread it holds, and how it ended.
    struct JiraProgress {
        /// The attempt Jira is on (0 first).
        var attempt = 0
        var holdsThread = false
        var done = false
        /// The status of the last attempt when Jira gave up (0: no answer), nil otherwise.
        var failedWith: Int?
        var lostInQueue = false
    }
}

struct ReferenceJob {
    var delivery: Int
    var attempt: Int
    /// Integrations in which the issue was already linked when a worker took an import.
    var linkedAtCheck: Set<Int> = []
}

/// A token bucket holding one period's worth of requests (`"20/s"` holds 20).
/// NB: DESIGN.md names the limit, not its algorithm; this is the engine's.
struct ReferenceBucket {
    var rate: Rate
    var capacity: Double
    var tokens: Double
    var at = SimTime.zero

    init(rate: Rate) {
        self.rate = rate
        capacity = max(1, rate.perSecond * (rate.period ?? .seconds(1)).seconds)
        tokens = capacity
    }

    mutating func refill(to now: SimTime) {
        tokens = min(capacity, tokens + (now - at).seconds * rate.perSecond)
        at = now
    }
}
