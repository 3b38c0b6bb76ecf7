/// What happens at an instant of a run. Small payloads only: the event queue stores these by value.
enum SimEvent: Sendable {
    /// A delivery's next attempt leaves Jira.
    case send(Int32)
    /// Attempt `attempt` (0 for the first) reaches Aha!; `answered` is false when Jira will time out
    /// on it anyway. NB: the attempt travels with the event because a late arrival can come after
    /// Jira has already moved the delivery on to its next attempt; so does `step`, the step of the
    /// report's series in which the attempt was sent, where its answer is counted.
    case arrive(Int32, attempt: Int32, step: Int32, answered: Bool)
    /// Aha!'s answer reaches Jira.
    case answer(Int32)
    /// Jira stops waiting for an attempt.
    case timeout(Int32)
    /// An Aha! worker finished its job.
    case serviceDone(Int32)
    /// A datacenter dispatch thread is free again.
    case threadFree(Int32)
    /// A datacenter delivery's retry is due: it waits for a dispatch thread again.
    case requeue(Int32)
    /// An entry of the scenario's timeline.
    case timeline(Int32)
    /// Take a sample of queue depth for the report's chart.
    case sample
}

/// The kind of webhook event a delivery carries.
enum EventKind: UInt8, Sendable {
    case issueCreated, issueUpdated, issueDeleted, commentCreated, commentUpdated, commentDeleted
    /// `jira:issue_updated` with `issue_event_type_name = issue_commented`.
    case issueCommented

    /// The Jira event name a webhook subscribes to for this kind.
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

    /// The primary event a change emits.
    static func primary(for kind: ChangeKind) -> EventKind {
        switch kind {
        case .create: return .issueCreated
        case .update, .transition: return .issueUpdated
        case .delete: return .issueDeleted
        case .comment: return .commentCreated
        case .commentEdit: return .commentUpdated
        case .commentDelete: return .commentDeleted
        }
    }
}
