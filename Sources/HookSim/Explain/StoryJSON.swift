import SimKit

/// The story as JSON Lines: one object per event, keys in a fixed order (documented in the README
/// under *Why did this update not arrive?*), so a script can follow one change or one webhook.
///
/// Every object starts with `at` (the instant, UTC, ms), `change` (the change id, or null) and
/// `event`; the rest depends on `event`. The last line is the `summary`.
enum StoryJSON {
    static func render(_ story: IssueStory) -> String {
        var out = ""
        for e in story.events { out += object(e).rendered(indent: nil) + "\n" }
        return out + summary(story).rendered(indent: nil) + "\n"
    }

    static func object(_ e: StoryEvent) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("at", .string(StoryValues.iso(e.at))), ("change", e.change.map { .int(Int($0)) } ?? .null),
        ]
        func event(_ name: String, _ rest: [(String, JSONValue)]) { pairs += [("event", .string(name))] + rest }
        switch e.what {
        case .change(let c, let intended):
            event(
                "change",
                [
                    ("issue", .string(c.issueKey)), ("kind", .string(c.change.kind.rawValue)),
                    ("actor", .string(c.change.isEcho ? "integration account" : "user\(c.change.actor)")),
                    ("echo", .bool(c.change.isEcho)), ("field", c.fieldName.map(JSONValue.string) ?? .null),
                    ("value", c.newValue.map(JSONValue.string) ?? .null),
                    (
                        "intended",
                        .array(
                            intended.map {
                                .object([
                                    ("integration", .string($0.integration)), ("workspace", .string($0.workspace)),
                                ])
                            })
                    ),
                ])
        case .decision(let hook, let jiraEvent, let decision, let jql, let miss, let values):
            var name = ""
            var exposed = false
            switch decision {
            case .disabled: name = "disabled"
            case .notSubscribed: name = "notSubscribed"
            case .jqlFiltered: name = "jqlFiltered"
            case .dispatched(let e):
                name = "dispatched"
                exposed = e
            case .lostInQueue: name = "lostInQueue"
            }
            event(
                "decision",
                [
                    ("webhook", .string(hook)), ("jiraEvent", .string(jiraEvent)), ("decision", .string(name)),
                    ("exposed", .bool(exposed)), ("jql", .string(jql)),
                    ("failingClause", miss.map(JSONValue.string) ?? .null),
                    ("values", .array(values.map(JSONValue.string))),
                ])
        case .attempt(let hook, let jiraEvent, let attempt, let arrivesAt):
            event(
                "attempt",
                [
                    ("webhook", .string(hook)), ("jiraEvent", .string(jiraEvent)), ("attempt", .int(attempt)),
                    ("arrivesAt", arrivesAt.map { .string(StoryValues.iso($0)) } ?? .null),
                ])
        case .arrival(let hook, let attempt, let status):
            event("arrival", [("webhook", .string(hook)), ("attempt", .int(attempt)), ("status", .int(status))])
        case .answer(let hook, let attempt, let status):
            event("answer", [("webhook", .string(hook)), ("attempt", .int(attempt)), ("status", .int(status))])
        case .noAnswer(let hook, let attempt, let why):
            event("noAnswer", [("webhook", .string(hook)), ("attempt", .int(attempt)), ("why", .string(why))])
        case .jiraDone(let hook, let failedWith, let attempts):
            event(
                "jiraDone",
                [
                    ("webhook", .string(hook)), ("attempts", .int(attempts)),
                    ("failedWith", failedWith.map { .string($0.name) } ?? .null),
                ])
        case .processed(let p):
            event(
                "processed",
                [
                    ("webhook", .string(p.hook)), ("attempt", .int(p.attempt)), ("runAs", .string(p.runAs)),
                    ("version", .string(p.version)), ("served", .array(p.served.map(JSONValue.string))),
                    (
                        "roles",
                        .array(
                            p.roles.map { .object([("workspace", .string($0.workspace)), ("role", .string($0.role))]) })
                    ),
                    (
                        "writes",
                        .array(
                            p.writes.map {
                                .object([
                                    ("integration", .string($0.integration)), ("workspace", .string($0.workspace)),
                                    ("result", .string($0.result)),
                                    ("reason", $0.reason.map { .string($0.name) } ?? .null),
                                ])
                            })
                    ),
                ])
        case .verdict(let v):
            event("verdict", verdict(v))
        case .timeline(let what):
            event("timeline", [("what", .string(what))])
        case .final(let f):
            event(
                "final",
                [
                    ("integration", .string(f.integration)), ("workspace", .string(f.workspace)),
                    ("state", .string(f.state)),
                    (
                        "divergent",
                        .array(
                            f.divergent.map {
                                .object([
                                    ("field", .string($0.field)), ("aha", .string($0.aha)), ("jira", .string($0.jira)),
                                ])
                            })
                    ),
                ])
        }
        return .object(pairs)
    }

    static func verdict(_ v: PairVerdict) -> [(String, JSONValue)] {
        var outcome = "inFlight"
        var reason: JSONValue = .null
        var appliedAt: JSONValue = .null
        var latency: JSONValue = .null
        switch v.outcome {
        case .applied(let at, let l):
            outcome = "applied"
            appliedAt = .string(StoryValues.iso(at))
            latency = .double(l.milliseconds)
        case .dropped(let stage):
            outcome = "dropped"
            reason = .string(stage.name)
        case .inFlight: break
        }
        return [
            ("integration", .string(v.integration)), ("workspace", .string(v.workspace)), ("outcome", .string(outcome)),
            ("reason", reason), ("appliedAt", appliedAt), ("latencyMs", latency), ("duplicates", .int(v.duplicates)),
            (
                "writes",
                .array(
                    v.writes.map {
                        .object([
                            ("at", .string(StoryValues.iso($0.at))), ("webhook", .string($0.hook)),
                            ("user", .string($0.user)),
                            ("first", .bool($0.first)), ("changed", .bool($0.changed)),
                        ])
                    })
            ),
            (
                "why",
                .array(
                    v.why.map {
                        .object([
                            ("webhook", .string($0.webhook)), ("reached", .string($0.reached)),
                            ("able", .bool($0.able)), ("detail", .string($0.detail)),
                        ])
                    })
            ),
        ]
    }

    static func summary(_ s: IssueStory) -> JSONValue {
        var byReason: [(String, JSONValue)] = []
        for stage in Stage.allCases { byReason.append((stage.name, .int(s.dropped[Int(stage.rawValue)]))) }
        return .object([
            ("event", .string("summary")), ("changes", .int(s.changes)), ("intended", .int(s.intended)),
            ("applied", .int(s.applied)),
            ("dropped", .object([("total", .int(s.dropped.reduce(0, +))), ("byReason", .object(byReason))])),
            ("duplicateWrites", .int(s.duplicateWrites)), ("inFlight", .int(s.inFlight)),
        ])
    }
}
