/// One Jira webhook body, reduced to what the model Aha! reads from it (DESIGN.md §7.4).
///
/// Both Cloud and Data Center shapes are accepted: the actor is `user.accountId` on Cloud and
/// `user.name`/`user.key` on Data Center (or the comment's author when a comment event carries no
/// `user`), ids may be strings or numbers, and fields a trimmed Cloud `issue` lacks are optional.
/// Read with the project's one JSON reader (`JSON5`), so a body and a scenario obey the same rules.
struct JiraBody: Sendable, Equatable {
    /// What the body asks of Aha!, decided from `webhookEvent` and `issue_event_type_name`.
    enum Kind: Sendable, Equatable {
        case issueCreated, issueUpdated, issueDeleted
        case commentCreated, commentUpdated, commentDeleted
        /// The `jira:issue_updated` that Jira sends beside a comment event: load, no new content.
        case issueCommented
        /// An event HookSim does not model (sprints, versions, worklogs, …): answered, not applied.
        case ignored
    }

    /// One changelog item: the field and the value it was set to (`toString`, else `to`).
    struct Item: Sendable, Equatable {
        var field: String
        var to: String?
    }

    var webhookEvent: String
    var eventTypeName: String?
    var kind: Kind
    /// Epoch milliseconds, when present.
    var timestamp: Int64?
    var issueID: String?
    var issueKey: String?
    var projectKey: String?
    var issueType: String?
    var parentKey: String?
    var changelogID: String?
    var items: [Item] = []
    var commentID: String?
    /// Who made the change: compared with the instance's integration account to recognise echoes.
    var actor: String?

    /// The project key: `fields.project.key`, else the key's prefix before its last `-`.
    var project: String? {
        if let projectKey { return projectKey }
        guard let key = issueKey, let dash = key.lastIndex(of: "-"), dash != key.startIndex else { return nil }
        return String(key[..<dash])
    }
}

/// Why a body cannot be read; the server answers 400 with this text.
struct JiraBodyError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var description: String { "error: \(message)" }
}

extension JiraBody {
    /// Parses a webhook body.
    /// - Throws: `JiraBodyError` for invalid JSON (with line and column), a body that is not an
    ///   object, or one without a `webhookEvent` string.
    static func parse(_ bytes: [UInt8]) throws(JiraBodyError) -> JiraBody {
        let root: JSON5Value
        do { root = try JSON5.parse(bytes: bytes, paths: false) } catch {
            throw JiraBodyError(message: "invalid JSON at \(error.position): \(error.message)")
        }
        return try read(root)
    }

    /// Reads a body already parsed (a recording parses each line once, then takes its `body`).
    /// - Throws: `JiraBodyError` for a value that is not an object or has no `webhookEvent` string.
    static func read(_ root: JSON5Value) throws(JiraBodyError) -> JiraBody {
        guard case .object = root.kind else { throw JiraBodyError(message: "a webhook body must be a JSON object") }
        guard let event = root["webhookEvent"]?.text else {
            throw JiraBodyError(message: "the body has no \"webhookEvent\" string")
        }
        let typeName = root["issue_event_type_name"]?.text
        var body = JiraBody(webhookEvent: event, eventTypeName: typeName, kind: Self.kind(event, typeName))
        if case .number(let n)? = root["timestamp"]?.kind {
            body.timestamp = n.integer.map { Int64(truncatingIfNeeded: $0.magnitude) }
        }
        if let issue = root["issue"] {
            body.issueID = issue["id"]?.identifier
            body.issueKey = issue["key"]?.text
            if let fields = issue["fields"] {
                body.projectKey = fields["project"]?["key"]?.text
                body.issueType = fields["issuetype"]?["name"]?.text
                body.parentKey = fields["parent"]?["key"]?.text
            }
        }
        if let changelog = root["changelog"] {
            body.changelogID = changelog["id"]?.identifier
            if case .array(let items)? = changelog["items"]?.kind {
                for item in items {
                    guard let field = item["field"]?.text else { continue }
                    body.items.append(Item(field: field, to: item["toString"]?.text ?? item["to"]?.identifier))
                }
            }
        }
        let comment = root["comment"]
        body.commentID = comment?["id"]?.identifier
        let user = root["user"] ?? comment?["author"]
        body.actor = user?["accountId"]?.text ?? user?["name"]?.text ?? user?["key"]?.text
        return body
    }

    static func kind(_ event: String, _ typeName: String?) -> Kind {
        switch event {
        case "jira:issue_created": return .issueCreated
        case "jira:issue_deleted": return .issueDeleted
        case "comment_created": return .commentCreated
        case "comment_updated": return .commentUpdated
        case "comment_deleted": return .commentDeleted
        case "jira:issue_updated":
            // NB: Data Center (and Cloud since 2025) send this beside the comment event; the
            // simulation counts it as load that carries nothing, and so does the live account.
            switch typeName {
            case "issue_commented", "issue_comment_edited", "issue_comment_deleted": return .issueCommented
            default: return .issueUpdated
            }
        default: return .ignored
        }
    }
}

extension JSON5Value {
    /// The member `key` of an object (nil for anything else). Linear: webhook objects are small.
    subscript(key: String) -> JSON5Value? {
        guard case .object(let members) = kind else { return nil }
        for m in members where m.key == key { return m.value }
        return nil
    }

    /// The value of a string node.
    var text: String? {
        if case .string(let s) = kind { return s.value }
        return nil
    }

    /// A string, or a number as written: Jira sends ids both ways (`"id": 10124` and `"id": "10000"`).
    var identifier: String? {
        switch kind {
        case .string(let s): return s.value
        case .number(let n): return n.text
        default: return nil
        }
    }
}
