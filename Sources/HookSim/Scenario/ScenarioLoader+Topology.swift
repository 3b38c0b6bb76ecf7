import SimKit

/// Topologies, their webhooks, and the timeline of operational changes.
extension ScenarioLoader {
    static let topologyKeys = ["name", "webhooks"]
    static let webhookKeys = ["name", "integration", "runAs", "jql", "events", "jira", "enabled"]
    static let timelineActions = ["setRunAs", "disable", "enable", "outage", "setRole", "addWebhook", "removeWebhook"]
    /// Event names a webhook may subscribe to: Jira's own, then the shorthands.
    static let eventNames = JiraEventName.allCases.map(\.rawValue) + ["issue", "comment"]

    /// - Parameter notes: gets what imported webhooks carry that HookSim does not simulate.
    static func readTopologies(
        _ node: JSON5Value, aha: AhaSpec, jira: [JiraInstanceSpec], notes: inout [String], _ r: ScenarioReader
    ) throws(ScenarioError) -> [TopologySpec] {
        let list = try r.array(node, what: "an array of topologies [{name, webhooks}]")
        guard !list.isEmpty else { throw r.error("at least one topology is needed", at: node) }
        var topologies: [TopologySpec] = []
        var names = Set<String>()
        for t in list {
            let obj = try r.object(
                t, what: "a topology {name, webhooks}", keys: topologyKeys, required: ["name", "webhooks"])
            let name = try r.name(obj.required("name"), what: "a topology name")
            guard name != "*" else {
                throw r.error("'*' is reserved for \"every topology\" in expect", at: obj.required("name"))
            }
            try checkUnique(name, &names, what: "topology name", at: obj.required("name"), r)
            var webhooks: [WebhookSpec] = []
            var webhookNames = Set<String>()
            if case .object = obj.required("webhooks").kind {
                let imported = try readImport(obj.required("webhooks"), aha: aha, jira: jira, r)
                notes += imported.notes.map { "topology '\(name)': " + $0 }
                topologies.append(TopologySpec(name: name, webhooks: imported.webhooks))
                continue
            }
            for w in try r.array(
                obj.required("webhooks"),
                what: "an array of webhooks [{name, integration, runAs, …}] or {import: \"FILE\"}")
            {
                let webhook = try readWebhook(w, aha: aha, jira: jira, r)
                try checkUnique(
                    webhook.name, &webhookNames, what: "webhook name", in: "topology '\(name)'",
                    at: ScenarioObject(node: w, members: members(w)).required("name"), r)
                // NB: webhooks that point at one integration reach one endpoint, which runs as one user.
                if let other = webhooks.first(where: {
                    $0.integration == webhook.integration && $0.runAs != webhook.runAs
                }) {
                    let o = ScenarioObject(node: w, members: members(w))
                    throw r.error(
                        "webhooks '\(other.name)' and '\(webhook.name)' point at integration '\(webhook.integration)', one endpoint that runs as one user, but name '\(other.runAs)' and '\(webhook.runAs)'",
                        at: o["runAs"] ?? o.required("integration"))
                }
                webhooks.append(webhook)
            }
            topologies.append(TopologySpec(name: name, webhooks: webhooks))
        }
        return topologies
    }

    static func readWebhook(
        _ node: JSON5Value, aha: AhaSpec, jira: [JiraInstanceSpec], _ r: ScenarioReader
    ) throws(ScenarioError) -> WebhookSpec {
        let obj = try r.object(
            node, what: "a webhook {name, integration, runAs, jql, events, jira, enabled}", keys: webhookKeys,
            required: ["name", "integration"])
        let name = try r.name(obj.required("name"), what: "a webhook name")
        let integration = try reference(
            obj.required("integration"), what: "integration", candidates: aha.integrations.map(\.id), r)
        let runAs: String
        if let n = obj["runAs"] {
            runAs = try reference(n, what: "user", candidates: aha.users.map(\.name), r)
        } else if let user = aha.integrations.first(where: { $0.id == integration })?.runAs {
            runAs = user
        } else {
            throw r.error(
                "webhook '\(name)' needs 'runAs': its integration '\(integration)' names no run-as user (aha.integrations[].runAs)",
                at: node)
        }
        var jql = ""
        if let n = obj["jql"] {
            jql = try r.string(n, what: "a JQL query string such as \"project = WEB\"")
            if let problem = checkJQL(jql) {
                throw r.error("invalid JQL: \(problem.message)", inside: n, offset: max(problem.column - 1, 0))
            }
        }
        var events = JiraEventName.allCases
        if let n = obj["events"] { events = try readEvents(n, r) }
        var jiraID: String?
        if let n = obj["jira"] { jiraID = try reference(n, what: "Jira instance", candidates: jira.map(\.id), r) }
        var enabled = true
        if let n = obj["enabled"] { enabled = try r.bool(n) }
        return WebhookSpec(
            name: name, integration: integration, runAs: runAs, jql: jql, events: events, jira: jiraID, enabled: enabled
        )
    }

    /// Subscribed events, expanded from shorthands, without repeats, in Jira's order.
    private static func readEvents(_ node: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> [JiraEventName] {
        let list = try r.array(node, what: "an array of event names, such as [\"issue\", \"comment\"]")
        guard !list.isEmpty else {
            throw r.error("a webhook needs at least one event (leave 'events' out for all of them)", at: node)
        }
        var chosen: [JiraEventName] = []
        for e in list {
            let name = try r.string(e, what: "an event name")
            switch name {
            case "issue": chosen += JiraEventName.issueEvents
            case "comment": chosen += JiraEventName.commentEvents
            default:
                guard let event = JiraEventName(rawValue: name) else {
                    throw r.error(Suggestion.unknown("event", name, candidates: eventNames), at: e)
                }
                chosen.append(event)
            }
        }
        return JiraEventName.allCases.filter { chosen.contains($0) }
    }

    static func readTimeline(
        _ node: JSON5Value, end: SimDuration, aha: AhaSpec, jira: [JiraInstanceSpec], topologies: [TopologySpec],
        _ r: ScenarioReader
    ) throws(ScenarioError) -> [TimelineEntry] {
        var known: [String] = []  // webhook names, in file order for suggestions
        for t in topologies { for w in t.webhooks where !known.contains(w.name) { known.append(w.name) } }
        var entries: [TimelineEntry] = []
        for item in try r.array(node, what: "an array of timeline entries [{at, <action>}]") {
            let obj = try r.object(
                item, what: "a timeline entry {at, <action>}", keys: ["at", "topology"] + timelineActions,
                required: ["at"])
            let atNode = obj.required("at")
            let at = try r.duration(atNode)
            if at > end {
                throw r.error(
                    "this change is at \(at.format()), after the run ends at \(end.format()) (duration + drain)",
                    at: atNode)
            }
            if let previous = entries.last, at < previous.at {
                throw r.error(
                    "timeline entries must be in time order: \(at.format()) comes after \(previous.at.format())",
                    at: atNode)
            }
            var only: String?
            if let t = obj["topology"] {
                only = try reference(t, what: "topology", candidates: topologies.map(\.name), r)
            }
            let actions = obj.members.filter { $0.key != "at" && $0.key != "topology" }
            guard let action = actions.first else {
                throw r.error("a timeline entry needs one action: \(timelineActions.joined(separator: ", "))", at: item)
            }
            if actions.count > 1 {
                throw r.error(
                    "a timeline entry takes one action, found \(actions.count): \(actions.map(\.key).joined(separator: ", "))",
                    atKeyOf: actions[1])
            }
            let value = try readAction(action, known: &known, aha: aha, jira: jira, topologies: topologies, r)
            if case .addWebhook(let w) = value,
                let runAsNode = ScenarioObject(node: action.value, members: members(action.value))["runAs"]
            {
                // NB: run-as belongs to the endpoint; a webhook added to it cannot bring a second user.
                for t in topologies where only == nil || only == t.name {
                    if let other = t.webhooks.first(where: { $0.integration == w.integration && $0.runAs != w.runAs }) {
                        throw r.error(
                            "webhook '\(w.name)' points at integration '\(w.integration)', whose endpoint runs as '\(other.runAs)' in topology '\(t.name)' (webhook '\(other.name)'), but names '\(w.runAs)'; one endpoint runs as one user: use setRunAs to change it",
                            at: runAsNode)
                    }
                }
            }
            entries.append(TimelineEntry(at: at, action: value, topology: only))
        }
        return entries
    }

    private static func readAction(
        _ member: JSON5Member, known: inout [String], aha: AhaSpec, jira: [JiraInstanceSpec],
        topologies: [TopologySpec], _ r: ScenarioReader
    ) throws(ScenarioError) -> TimelineAction {
        let v = member.value
        let users = aha.users.map(\.name)
        switch member.key {
        case "setRunAs":
            let o = try r.object(
                v, what: "an object {webhook, user}", keys: ["webhook", "user"], required: ["webhook", "user"])
            return .setRunAs(
                webhook: try reference(o.required("webhook"), what: "webhook", candidates: known, r),
                user: try reference(o.required("user"), what: "user", candidates: users, r))
        case "disable":
            return .disable(webhook: try reference(v, what: "webhook", candidates: known, r))
        case "enable":
            return .enable(webhook: try reference(v, what: "webhook", candidates: known, r))
        case "outage":
            let o = try r.object(v, what: "an object {for}", keys: ["for"], required: ["for"])
            return .outage(for: try r.positiveDuration(o.required("for")))
        case "setRole":
            let o = try r.object(
                v, what: "an object {user, workspace, role}", keys: ["user", "workspace", "role"],
                required: ["user", "workspace", "role"])
            return .setRole(
                user: try reference(o.required("user"), what: "user", candidates: users, r),
                workspace: try reference(o.required("workspace"), what: "workspace", candidates: aha.workspaces, r),
                role: try r.choice(o.required("role"), what: "role", roleOrder))
        case "addWebhook":
            let webhook = try readWebhook(v, aha: aha, jira: jira, r)
            if known.contains(webhook.name) {
                throw r.error(
                    "a webhook named '\(webhook.name)' already exists",
                    at: ScenarioObject(node: v, members: members(v)).required("name"))
            }
            known.append(webhook.name)
            return .addWebhook(webhook)
        default:
            let name = try reference(v, what: "webhook", candidates: known, r)
            return .removeWebhook(name)
        }
    }
}
