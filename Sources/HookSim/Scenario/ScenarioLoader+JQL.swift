import JQL

/// The one place the loader checks a webhook's JQL filter.
extension ScenarioLoader {
    /// The most errors one load reports; more are rarely read and would bury the first.
    static let maxErrors = 20

    /// Checks a JQL filter; returns nil when it is valid, else the message and the 1-based column
    /// of the problem inside `text` (counted from the start of the query, so a multi-line filter
    /// still points at the right character). An empty filter matches every issue and is always valid.
    static func checkJQL(_ text: String) -> (message: String, column: Int)? {
        do {
            _ = try JQLQuery.parse(text)
            return nil
        } catch {
            return (error.message, error.offset + 1)
        }
    }

    /// Checks every webhook filter (of the topologies and of the timeline's `addWebhook`) the way
    /// Jira checks one when the webhook is saved: each field and value against the Jira instance
    /// the webhook is installed in (its `jira`, else its integration's). A project of another
    /// instance does not exist there. Syntax was checked when each webhook was read.
    /// - Returns: every problem in file order, each at the offending word of the filter.
    static func checkFilters(
        _ top: ScenarioObject, topologies: [TopologySpec], timeline: [TimelineEntry], aha: AhaSpec,
        jira: [JiraInstanceSpec], _ r: ScenarioReader
    ) -> [ScenarioError] {
        var found: [(JSON5Value, WebhookSpec)] = []
        if let list = top["topologies"], case .array(let nodes) = list.kind {
            for (t, node) in zip(topologies, nodes) {
                guard let hooks = ScenarioObject(node: node, members: members(node))["webhooks"],
                    case .array(let hookNodes) = hooks.kind
                else { continue }
                for (w, hookNode) in zip(t.webhooks, hookNodes) { found.append((hookNode, w)) }
            }
        }
        if let list = top["timeline"], case .array(let nodes) = list.kind {
            for (entry, node) in zip(timeline, nodes) {
                guard case .addWebhook(let w) = entry.action,
                    let hookNode = ScenarioObject(node: node, members: members(node))["addWebhook"]
                else { continue }
                found.append((hookNode, w))
            }
        }
        var errors: [ScenarioError] = []
        for (node, webhook) in found {
            guard let jqlNode = ScenarioObject(node: node, members: members(node))["jql"],
                let instanceID = webhook.jira ?? aha.integrations.first(where: { $0.id == webhook.integration })?.jira,
                let instance = jira.first(where: { $0.id == instanceID }),
                let query = try? JQLQuery.parse(webhook.jql), let expression = query.expression
            else { continue }
            for problem in vocabulary(of: instance).check(expression, text: webhook.jql) {
                errors.append(r.error("invalid JQL: \(problem.message)", inside: jqlNode, offset: problem.offset))
            }
        }
        return errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The syntax errors of every filter in the file (topologies and `addWebhook`), read straight
    /// from the document so that one bad filter does not hide the others; readWebhook stops at the
    /// first and reports it again, which `combined` drops as a repeat.
    static func checkFilterSyntax(_ top: ScenarioObject) -> [(JSON5Value, String, Int)] {
        var nodes: [JSON5Value] = []
        func jql(of hook: JSON5Value) {
            if let n = ScenarioObject(node: hook, members: members(hook))["jql"] { nodes.append(n) }
        }
        if let list = top["topologies"], case .array(let topologies) = list.kind {
            for t in topologies {
                if let hooks = ScenarioObject(node: t, members: members(t))["webhooks"], case .array(let h) = hooks.kind
                {
                    h.forEach(jql)
                }
            }
        }
        if let list = top["timeline"], case .array(let entries) = list.kind {
            for e in entries {
                if let hook = ScenarioObject(node: e, members: members(e))["addWebhook"] { jql(of: hook) }
            }
        }
        var found: [(JSON5Value, String, Int)] = []
        for node in nodes {
            guard case .string(let text) = node.kind, let problem = checkJQL(text.value) else { continue }
            found.append((node, "invalid JQL: \(problem.message)", problem.column - 1))
        }
        return found
    }

    /// Every name the simulated instance has, in a fixed order (file order, then Jira's).
    static func vocabulary(of instance: JiraInstanceSpec) -> JQLVocabulary {
        var types: [String] = []
        for p in instance.projects { for (t, _) in p.types where !types.contains(t) { types.append(t) } }
        // NB: an instance may have a million users; list a few for did-you-mean, recognise the rest.
        let count = max(1, instance.users)
        let users = (0..<min(count, 20)).map { "user\($0)" } + [instance.integrationAccount]
        var values: [(field: JQLField, names: [String])] = [
            (.project, instance.projects.map(\.key)),
            (.issuetype, types),
            (.status, JiraNames.statuses),
            (.statusCategory, JiraNames.statusCategories),
            (.priority, JiraNames.priorities),
            (.resolution, JiraNames.resolutions),
            (.components, JiraNames.components),
            (.fixVersions, JiraNames.versions),
            (.assignee, users),
            (.reporter, users),
        ]
        for field in instance.customFields {
            for name in field.jqlNames { values.append((.custom(name), field.options)) }
        }
        return JQLVocabulary(
            values: values, customFields: instance.customFields.flatMap(\.jqlNames),
            ids: [
                (.project, JiraNames.ids(instance.projects.map(\.key))),
                (.issuetype, JiraNames.ids(types)),
                (.status, Array(zip(JiraNames.statusIDs, JiraNames.statuses))),
                (.priority, Array(zip(JiraNames.priorityIDs, JiraNames.priorities))),
            ],
            alsoKnown: { field, name in
                guard field == .assignee || field == .reporter, name.lowercased().hasPrefix("user"),
                    let k = Int(name.dropFirst(4)), String(k) == name.dropFirst(4)
                else { return false }
                return k >= 0 && k < count
            })
    }

    /// One error carrying the rest (at most `maxErrors` in all), so every command prints them all.
    /// Repeats (the same message at the same place) are dropped.
    static func combined(_ errors: [ScenarioError]) -> ScenarioError? {
        var unique: [ScenarioError] = []
        for e in errors
        where !unique.contains(where: { $0.line == e.line && $0.column == e.column && $0.message == e.message }) {
            unique.append(e)
        }
        guard var first = unique.first else { return nil }
        first.others = Array(unique.dropFirst().prefix(maxErrors - 1))
        return first
    }
}

extension Scenario {
    /// Compiles a webhook's filter against the Jira instance it is installed in (its `jira`, else
    /// its integration's), so ids such as `project = 10000` mean that instance's project.
    ///
    /// Every consumer of filters (the engine, `explain`, the reference model) compiles through
    /// here, so an id means the same thing to all of them.
    func filter(of w: WebhookSpec) throws(JQLError) -> JQLQuery {
        let instanceID = w.jira ?? aha.integrations.first(where: { $0.id == w.integration })?.jira
        let vocabulary = jira.first(where: { $0.id == instanceID }).map(ScenarioLoader.vocabulary(of:))
        return try JQLQuery.parse(w.jql, vocabulary: vocabulary)
    }
}
