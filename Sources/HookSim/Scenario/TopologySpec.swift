import SimKit

/// The webhook events Jira emits, by the names Jira gives them.
public enum JiraEventName: String, Sendable, Equatable, CaseIterable, Comparable {
    case issueCreated = "jira:issue_created"
    case issueUpdated = "jira:issue_updated"
    case issueDeleted = "jira:issue_deleted"
    case commentCreated = "comment_created"
    case commentUpdated = "comment_updated"
    case commentDeleted = "comment_deleted"

    /// `issue` and `comment` shorthands (DESIGN.md §6).
    public static let issueEvents: [JiraEventName] = [.issueCreated, .issueUpdated, .issueDeleted]
    public static let commentEvents: [JiraEventName] = [.commentCreated, .commentUpdated, .commentDeleted]

    public static func < (a: JiraEventName, b: JiraEventName) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// A set of webhooks installed together: one way of wiring Jira to Aha!.
public struct TopologySpec: Sendable, Equatable {
    public var name: String
    public var webhooks: [WebhookSpec]
    public init(name: String, webhooks: [WebhookSpec]) {
        self.name = name
        self.webhooks = webhooks
    }
}

/// A Jira webhook pointing at one Aha! integration's endpoint.
public struct WebhookSpec: Sendable, Equatable {
    public var name: String
    /// The integration whose endpoint URL the webhook calls; the endpoint's version is the integration's.
    public var integration: String
    /// The Aha! user the endpoint runs as.
    public var runAs: String
    /// JQL filter; empty matches every issue.
    public var jql: String
    public var events: [JiraEventName]
    /// The Jira instance it is installed in (nil: the integration's).
    public var jira: String?
    public var enabled: Bool

    public init(
        name: String, integration: String, runAs: String, jql: String = "",
        events: [JiraEventName] = JiraEventName.allCases, jira: String? = nil, enabled: Bool = true
    ) {
        self.name = name
        self.integration = integration
        self.runAs = runAs
        self.jql = jql
        self.events = events
        self.jira = jira
        self.enabled = enabled
    }
}

/// An operational change at a moment of the run.
public struct TimelineEntry: Sendable, Equatable {
    public var at: SimDuration
    public var action: TimelineAction
    /// The one topology this entry applies to; nil for every topology.
    public var topology: String?
    public init(at: SimDuration, action: TimelineAction, topology: String? = nil) {
        self.at = at
        self.action = action
        self.topology = topology
    }
}

public enum TimelineAction: Sendable, Equatable {
    /// Change the user an endpoint runs as (the webhook names which endpoint).
    case setRunAs(webhook: String, user: String)
    case disable(webhook: String)
    case enable(webhook: String)
    /// Every Aha! endpoint answers 503 for a span.
    case outage(for: SimDuration)
    /// Change a user's role on a workspace.
    case setRole(user: String, workspace: String, role: Role)
    /// Install a webhook in every topology.
    case addWebhook(WebhookSpec)
    /// Remove a webhook from the topologies that have it.
    case removeWebhook(String)
}

/// A comparison in an `expect` block.
public enum ComparisonOperator: String, Sendable, Equatable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }
}

/// One CI assertion: a report value by path, an operator and a bound.
public struct Expectation: Sendable, Equatable {
    /// Topology name, or `"*"` for every topology.
    public var topology: String
    /// Report path such as `duplicates.visible` or `latency.p99`.
    public var path: String
    public var op: ComparisonOperator
    /// The bound, in the report's unit (milliseconds for time measures).
    public var value: Double
    /// The text as written (`"< 1h"`), for messages.
    public var text: String
    /// The line of the scenario file the expectation is written on (0 when not from a file), for CI
    /// annotations. Not part of equality: the same assertion is the same wherever it is written.
    public var line: Int

    public init(topology: String, path: String, op: ComparisonOperator, value: Double, text: String, line: Int = 0) {
        self.topology = topology
        self.path = path
        self.op = op
        self.value = value
        self.text = text
        self.line = line
    }

    public static func == (a: Expectation, b: Expectation) -> Bool {
        a.topology == b.topology && a.path == b.path && a.op == b.op && a.value == b.value && a.text == b.text
    }
}
