import SimKit

/// The issue of a change as it stood right after the change, with the field values before it: all a
/// Jira body needs, copied out of the world so the world can move on (SimProbe's rule: never keep it).
struct ChangeSnapshot: Sendable {
    var change: Change
    var instance: Int
    var key: String
    var project: Int32
    var projectKey: String
    var type: Int16
    var typeName: String
    var subtask: Bool
    var parentKey: String?
    var values: FieldValues
    /// The synced values before the change; nil for a create.
    var before: FieldValues?
    var reporter: Int32
    /// Comments on the issue after the change.
    var comments: Int32
    var created: SimTime
    var fixVersion: Int8

    init(change: Change, world: JiraWorld, before: FieldValues?) {
        let issue = world.issues[Int(change.issue)]
        self.change = change
        instance = world.instance(of: change.issue)
        key = world.key(of: change.issue)
        project = issue.project
        projectKey = world.projects[Int(issue.project)].key
        type = issue.type
        typeName = world.typeNames[Int(issue.type)]
        subtask = world.typeLevels[Int(issue.type)] == 2
        parentKey = issue.parent >= 0 ? world.key(of: issue.parent) : nil
        values = issue.values
        self.before = before
        reporter = issue.reporter
        comments = issue.comments
        created = issue.created
        fixVersion = issue.fixVersion
    }
}

/// What a body needs of the Jira instance that sends it.
struct PayloadInstance: Sendable {
    var id: String
    var kind: JiraKind
    var baseUrl: String
    var account: String
    /// Names and Cloud account ids by user index, the integration account last: worked out once,
    /// not per body (a body names three or four users).
    var names: [String]
    var accountIDs: [String]
    /// Each user's JSON object, written once: a body holds three or four of them.
    var users: [[UInt8]]

    init(_ spec: JiraInstanceSpec) {
        id = spec.id
        kind = spec.kind
        baseUrl = spec.resolvedBaseUrl
        account = spec.integrationAccount
        names = (0..<max(1, spec.users)).map { "user\($0)" } + [spec.integrationAccount]
        // NB: the integration account's Cloud id is the scenario's name for it, so a receiver
        // configured with that name (`hooksim serve`) recognises echoes on Cloud as on Data Center.
        accountIDs = names.dropLast().map { JiraPayload.accountID($0, instance: spec.id) } + [spec.integrationAccount]
        users = []
        for slot in names.indices {
            var w = ByteJSON(capacity: 256)
            JiraPayload.writeUser(
                name: names[slot], accountID: accountIDs[slot], kind: kind, baseUrl: baseUrl, into: &w)
            users.append(w.bytes)
        }
    }

    /// Index into `names` of a change's actor or a field's user (-1: the integration account).
    func slot(_ user: Int32) -> Int { user < 0 || Int(user) >= names.count - 1 ? names.count - 1 : Int(user) }
}

/// Jira's webhook requests, headers and body, as Jira Cloud or Data Center shapes them (DESIGN.md
/// §7.4, JIRA-WEBHOOKS.md §2–3). The one builder: `trace` writes what it builds, `load` sends it.
///
/// Ids are derived, not drawn: issue `10000 + index`, project `10000 + index`, issue type `10000 +
/// index`, changelog `10000 + change id`, comment `(10000 + issue) * 10000 + number`, so the same
/// scenario always gives the same bytes.
enum JiraPayload {
    static let contentType = "application/json; charset=utf-8"
    static let userAgent = "Atlassian Webhook HTTP Client"
    /// Jira's default status ids for the simulated workflow (To Do, In Progress, In Review, Done).
    static let statusIDs: [Int64] = [10000, 3, 10001, 10002]
    static let statusCategories: [(key: StaticString, name: StaticString)] = [
        ("new", "To Do"), ("indeterminate", "In Progress"), ("indeterminate", "In Progress"), ("done", "Done"),
    ]

    /// The URL Jira posts to for an integration: its `webhookUrl`, or HookSim's stand-in.
    static func webhookURL(_ integration: IntegrationSpec) -> String {
        integration.webhookUrl ?? "https://aha.example/api/v1/webhooks/jira/" + integration.id
    }

    /// `X-Atlassian-Webhook-Identifier`: UUID-shaped, from (seed, change, webhook, event), so every
    /// retry of one delivery carries it and no other delivery does.
    static func identifier(seed: UInt64, change: Int32, webhook: String, kind: EventKind) -> String {
        var w = ByteJSON(capacity: 36)
        identifier(seed: seed, change: change, webhook: webhook, kind: kind, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The identifier's 36 characters (no quotes), written straight into a line.
    static func identifier(seed: UInt64, change: Int32, webhook: String, kind: EventKind, into w: inout ByteJSON) {
        var a = SplitMix64.mix(seed ^ 0x7472_6163_6569_6431)
        a = SplitMix64.mix(a ^ UInt64(UInt32(bitPattern: change)))
        a = SplitMix64.mix(a ^ KeyedRandom.hash(webhook))
        a = SplitMix64.mix(a ^ UInt64(kind.rawValue))
        let b = SplitMix64.mix(a ^ 0x9E37_79B9_7F4A_7C15)
        // NB: version 4 and the RFC 4122 variant bits, so UUID parsers accept it.
        let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000
        let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        for (i, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if i == 8 || i == 12 { w.bytes.append(UInt8(ascii: "-")) }
            w.bytes.append(ByteJSON.hex[Int((hi >> UInt64(shift)) & 15)])
        }
        for (i, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if i == 0 || i == 4 { w.bytes.append(UInt8(ascii: "-")) }
            w.bytes.append(ByteJSON.hex[Int((lo >> UInt64(shift)) & 15)])
        }
    }

    /// The headers of one attempt, in the order they are written. `Retry` only from attempt 2 on,
    /// holding the retry count (attempt − 1), as Jira Cloud sends it.
    static func headers(identifier: String, attempt: Int) -> [(String, String)] {
        var h: [(String, String)] = [
            ("Content-Type", contentType), ("User-Agent", userAgent),
            ("X-Atlassian-Webhook-Identifier", identifier), ("X-Atlassian-Webhook-Flow", flow),
        ]
        if attempt > 1 { h.append(("X-Atlassian-Webhook-Retry", String(attempt - 1))) }
        return h
    }

    /// `Secondary` belongs to the comment deletes Jira sends after an issue delete; the simulated
    /// activity never emits those (an issue delete is one event), so every modelled event is `Primary`.
    static let flow = "Primary"

    /// `webhookEvent` of an event kind.
    static func eventName(_ kind: EventKind) -> StaticString {
        switch kind {
        case .issueCreated: return "jira:issue_created"
        case .issueUpdated, .issueCommented: return "jira:issue_updated"
        case .issueDeleted: return "jira:issue_deleted"
        case .commentCreated: return "comment_created"
        case .commentUpdated: return "comment_updated"
        case .commentDeleted: return "comment_deleted"
        }
    }

    /// `issue_event_type_name` of an issue event (comment events carry none, as captured from Cloud).
    static func eventTypeName(_ kind: EventKind, change: Change) -> StaticString {
        switch kind {
        case .issueCreated: return "issue_created"
        case .issueDeleted: return "issue_deleted"
        case .issueCommented: return "issue_commented"
        default:
            if change.kind == .transition { return "issue_generic" }
            return change.field == Int8(Field.assignee.rawValue) ? "issue_assigned" : "issue_updated"
        }
    }

    static func isCommentEvent(_ kind: EventKind) -> Bool {
        kind == .commentCreated || kind == .commentUpdated || kind == .commentDeleted
    }

    /// Writes the body of event `kind` of the change in `s`.
    static func body(_ s: ChangeSnapshot, kind: EventKind, instance: PayloadInstance, into w: inout ByteJSON) {
        w.raw("{")
        w.key("timestamp")
        w.int(ByteJSON.epochMilliseconds(s.change.time))
        w.next("webhookEvent")
        w.raw("\"")
        w.raw(eventName(kind))
        w.raw("\"")
        let comment = isCommentEvent(kind)
        if !comment {
            w.next("issue_event_type_name")
            w.raw("\"")
            w.raw(eventTypeName(kind, change: s.change))
            w.raw("\"")
            w.next("user")
            user(s.change.actor, instance, into: &w)
        }
        w.next("issue")
        issue(s, instance, trimmed: comment, into: &w)
        if kind == .issueUpdated {
            w.next("changelog")
            changelog(s, instance, into: &w)
        }
        if comment || kind == .issueCommented {
            w.next("comment")
            self.comment(s, kind: kind, instance, into: &w)
        }
        w.raw("}")
    }

    static func userName(_ index: Int32, _ instance: PayloadInstance) -> String { instance.names[instance.slot(index)] }

    /// A Cloud account id: 24 hex digits from the instance and the name, like Atlassian's.
    static func accountID(_ name: String, instance: String) -> String {
        let h = SplitMix64.mix(KeyedRandom.hash(instance) ^ KeyedRandom.hash(name))
        let s = String(h, radix: 16) + String(SplitMix64.mix(h) >> 32, radix: 16)
        return String(repeating: "0", count: max(0, 24 - s.count)) + s
    }

    /// A user object, as `writeUser` wrote it when the instance was set up.
    static func user(_ index: Int32, _ instance: PayloadInstance, into w: inout ByteJSON) {
        w.raw(instance.users[instance.slot(index)])
    }

    /// Cloud users are `accountId`s; Data Center users are `name` and `key` (JIRA-WEBHOOKS.md §2.3).
    static func writeUser(name: String, accountID id: String, kind: JiraKind, baseUrl: String, into w: inout ByteJSON) {
        w.raw("{")
        if kind == .cloud {
            w.key("self")
            w.string(baseUrl + "/rest/api/2/user?accountId=" + id)
            w.next("accountId")
            w.string(id)
            w.next("accountType")
            w.raw("\"atlassian\"")
        } else {
            w.key("self")
            w.string(baseUrl + "/rest/api/2/user?username=" + name)
            w.next("name")
            w.string(name)
            w.next("key")
            w.string(name.lowercased())
            w.next("emailAddress")
            w.string(name + "@example.com")
        }
        w.next("displayName")
        w.string(name)
        w.next("active")
        w.raw("true")
        w.next("timeZone")
        w.raw("\"UTC\"")
        w.raw("}")
    }

    static func issueID(_ s: ChangeSnapshot) -> Int64 { 10000 + Int64(s.change.issue) }
}
