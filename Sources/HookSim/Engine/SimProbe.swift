import JQL
import SimKit

/// One delivery across its attempts: the change, the webhook (index in the run) and the event. The
/// engine reuses its delivery slots; this key does not change and is unique within a run.
struct DeliveryKey: Hashable, Comparable, Sendable {
    var change: Int32
    var hook: Int32
    var kind: EventKind

    static func < (a: DeliveryKey, b: DeliveryKey) -> Bool {
        (a.change, a.hook, a.kind.rawValue) < (b.change, b.hook, b.kind.rawValue)
    }
}

/// What one webhook did with one event of a change, decided when Jira saw the change.
enum HookDecision: Equatable, Sendable {
    case disabled
    case notSubscribed
    /// Its JQL filter did not match the issue as it stood after the change.
    case jqlFiltered
    /// Handed to Jira's delivery; `exposed` when no integration the endpoint serves links the issue.
    case dispatched(exposed: Bool)
    /// Data Center dropped it: every dispatch thread busy and the queue full.
    case lostInQueue
}

/// What became of one attempt as it left Jira (worked out at once: see `TopologySimulation.send`).
enum AttemptFate: Equatable, Sendable {
    /// The connection failed: Jira times out at `timeoutAt`.
    case connectionFailed(timeoutAt: SimTime)
    /// The request reaches Aha! at `arrivesAt`. Jira reads the answer at `answeredAt`, or times out at
    /// `timeoutAt` when the answer is lost or comes too late (`answeredAt` nil).
    case arrives(arrivesAt: SimTime, answeredAt: SimTime?, timeoutAt: SimTime?)
}

/// What Aha! did for one intended pair when it processed a job.
enum PairOutcome: Equatable, Sendable {
    /// First write of the pair (or first time it was reached with an empty diff).
    case applied(wrote: Bool)
    /// The pair was already applied: `wrote` when the write changed Aha! again (a duplicate).
    case again(wrote: Bool)
    /// Not written, for this reason (`versionMismatch`, `permissionDenied` or `recordMissing`).
    case refused(Stage)
}

/// An observer of one topology's run, for the commands that tell what happened to single deliveries
/// and changes (`trace`, `explain`, `load`'s schedule). A normal run has none and pays one branch per
/// call site.
///
/// Calls come in engine order, which is *not* time order for attempts: an attempt is worked out when
/// it is scheduled (`sentAt` may lie ahead of the loop's clock), so an observer that writes in time
/// order buffers. Every `at` is simulated time. NB: an observer must not keep the `IssueView` or the
/// world it is handed past the call: holding them makes the engine's next change copy the world.
protocol SimProbe: AnyObject {
    /// A Jira change happened, already applied to `world`. `pairs` lists the integration of each
    /// intended pair, in the order `settled` reports them.
    func change(_ change: Change, pairs: [Int32], world: JiraWorld)
    /// What webhook `key.hook` did with event `key.kind` of the change. `view` is the issue as the
    /// JQL filter saw it, when the filter had to look at it.
    func decision(_ key: DeliveryKey, _ decision: HookDecision, view: IssueView?, context: JQLContext, at: SimTime)
    /// Attempt `attempt` (1 for the first) leaves Jira at `sentAt`.
    func attempt(_ key: DeliveryKey, attempt: Int, sentAt: SimTime, fate: AttemptFate)
    /// Aha! answered `status` to attempt `attempt` when it arrived at `at`.
    func arrival(_ key: DeliveryKey, attempt: Int, at: SimTime, status: Int16)
    /// Jira is done with the delivery at `at`: delivered, or failed for good (`failedWith`).
    func jiraDone(_ key: DeliveryKey, at: SimTime, failedWith: Stage?)
    /// A worker processed a job of attempt `attempt` at `at`, running as Aha! user `user`; one outcome
    /// per intended pair (integration index), empty for an event that carries no pair.
    func processed(
        _ key: DeliveryKey, attempt: Int, at: SimTime, user: Int, outcomes: [(integration: Int32, PairOutcome)])
    /// A change's pair is settled: applied at `appliedAt` (microseconds), or dropped at `stage`.
    func settled(change: Int32, integration: Int32, appliedAt: Int64?, stage: Stage, at: SimTime)
    /// Timeline entry `index` took effect.
    func timeline(_ index: Int, at: SimTime)
}

extension SimProbe {
    func change(_ change: Change, pairs: [Int32], world: JiraWorld) {}
    func decision(_ key: DeliveryKey, _ decision: HookDecision, view: IssueView?, context: JQLContext, at: SimTime) {}
    func attempt(_ key: DeliveryKey, attempt: Int, sentAt: SimTime, fate: AttemptFate) {}
    func arrival(_ key: DeliveryKey, attempt: Int, at: SimTime, status: Int16) {}
    func jiraDone(_ key: DeliveryKey, at: SimTime, failedWith: Stage?) {}
    func processed(
        _ key: DeliveryKey, attempt: Int, at: SimTime, user: Int, outcomes: [(integration: Int32, PairOutcome)]
    ) {}
    func settled(change: Int32, integration: Int32, appliedAt: Int64?, stage: Stage, at: SimTime) {}
    func timeline(_ index: Int, at: SimTime) {}
}
