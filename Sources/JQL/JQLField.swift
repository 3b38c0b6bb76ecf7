/// A field a query can name, after aliases are resolved.
///
/// Resolving names once, at parse time, lets the evaluator hand the issue an enum case instead
/// of a string, and lets the validator know which operators the field supports.
public enum JQLField: Hashable, Sendable {
    case project, issuetype, status, priority, assignee, reporter, summary, description, environment, comment, text
    case labels, components, fixVersions, affectedVersions, key, parent, created, updated, resolved, duedate
    case resolution, statusCategory, sprint, votes, watchers
    /// `cf[10010]` or a custom field's name, canonical lowercase.
    case custom(String)
    /// `issue.property[x].y`, with the property key and path as written.
    case property(String)

    /// Resolves a field name as Jira does: case-insensitively, with its documented aliases.
    ///
    /// Names Jira does not define are taken to be custom fields (`"Story Points"` → `.custom("story points")`).
    /// - Parameter name: the field name as written, e.g. `type`, `fixVersion`, `cf[10010]`.
    public static func named(_ name: String) -> JQLField {
        let lower = name.lowercased()
        if let field = aliases[lower] { return field }
        if lower.hasPrefix("issue.property[") { return .property("issue.property" + name.dropFirst(14)) }
        return .custom(lower)
    }

    /// Every name Jira accepts for a system field, lowercase.
    static let aliases: [String: JQLField] = [
        "project": .project, "issuetype": .issuetype, "type": .issuetype, "status": .status,
        "priority": .priority, "assignee": .assignee, "reporter": .reporter, "summary": .summary,
        "description": .description, "environment": .environment, "comment": .comment, "text": .text,
        "labels": .labels, "component": .components, "components": .components,
        "fixversion": .fixVersions, "fixversions": .fixVersions,
        "affectedversion": .affectedVersions, "affectedversions": .affectedVersions,
        "key": .key, "issuekey": .key, "id": .key, "parent": .parent,
        "created": .created, "createddate": .created, "updated": .updated, "updateddate": .updated,
        "resolved": .resolved, "resolutiondate": .resolved, "due": .duedate, "duedate": .duedate,
        "resolution": .resolution, "statuscategory": .statusCategory, "sprint": .sprint,
        "votes": .votes, "watchers": .watchers,
    ]

    /// The name used in messages: Jira's canonical spelling.
    public var name: String {
        switch self {
        case .project: "project"
        case .issuetype: "issuetype"
        case .status: "status"
        case .priority: "priority"
        case .assignee: "assignee"
        case .reporter: "reporter"
        case .summary: "summary"
        case .description: "description"
        case .environment: "environment"
        case .comment: "comment"
        case .text: "text"
        case .labels: "labels"
        case .components: "component"
        case .fixVersions: "fixVersion"
        case .affectedVersions: "affectedVersion"
        case .key: "issuekey"
        case .parent: "parent"
        case .created: "created"
        case .updated: "updated"
        case .resolved: "resolved"
        case .duedate: "duedate"
        case .resolution: "resolution"
        case .statusCategory: "statusCategory"
        case .sprint: "sprint"
        case .votes: "votes"
        case .watchers: "watchers"
        case .custom(let name): name
        case .property(let path): path
        }
    }

    /// How values of this field are compared.
    var kind: JQLFieldKind {
        switch self {
        case .summary, .description, .environment, .comment, .text: .text
        case .created, .updated, .resolved, .duedate: .date
        case .votes, .watchers: .number
        case .key: .key
        case .priority: .priority
        case .fixVersions, .affectedVersions: .version
        case .assignee, .reporter: .user
        case .custom, .property: .any
        default: .name
        }
    }

    /// The operators Jira documents for this field.
    var supportedOperators: JQLOperatorSet {
        switch self {
        case .summary, .description, .environment: [.like, .notLike, .isEmpty]
        case .comment: [.like, .notLike]
        case .text: [.like]
        case .created, .updated: [.equality, .ordering, .list]
        case .resolved, .duedate: [.equality, .ordering, .list, .isEmpty]
        case .votes, .watchers: [.equality, .ordering, .list]
        case .key: [.equality, .ordering, .list]
        case .parent, .statusCategory: [.equality, .list]
        case .project, .issuetype: [.equality, .list, .isEmpty]
        case .labels, .components, .sprint: [.equality, .list, .isEmpty]
        case .status: [.equality, .list, .history]
        case .assignee, .reporter, .resolution: [.equality, .list, .isEmpty, .history]
        case .priority, .fixVersions: [.equality, .ordering, .list, .isEmpty, .history]
        case .affectedVersions: [.equality, .ordering, .list, .isEmpty]
        case .custom, .property: [.equality, .ordering, .list, .isEmpty, .like, .notLike]
        }
    }

    /// Whether a Jira Cloud dynamic webhook filter may name this field.
    var allowedInDynamicWebhook: Bool {
        switch self {
        case .key, .project, .issuetype, .status, .assignee, .reporter, .property: true
        case .custom(let name): name.hasPrefix("cf[")
        default: false
        }
    }
}

/// The comparison family of a field; decides how a literal is pre-parsed.
enum JQLFieldKind {
    case name, user, text, date, number, key, priority, version, any
}

/// Operator families, for checking what a field supports.
struct JQLOperatorSet: OptionSet {
    let rawValue: UInt8
    static let equality = JQLOperatorSet(rawValue: 1)  // = !=
    static let ordering = JQLOperatorSet(rawValue: 2)  // < <= > >=
    static let list = JQLOperatorSet(rawValue: 4)  // IN, NOT IN
    static let isEmpty = JQLOperatorSet(rawValue: 8)  // IS, IS NOT
    static let like = JQLOperatorSet(rawValue: 16)  // ~
    static let notLike = JQLOperatorSet(rawValue: 32)  // !~
    static let history = JQLOperatorSet(rawValue: 64)  // WAS…, CHANGED
}
