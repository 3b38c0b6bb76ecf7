import JQL

/// The one place the loader checks a webhook's JQL filter.
extension ScenarioLoader {
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

    /// Checks a webhook's filter the way Jira checks it when the webhook is saved: syntax first,
    /// then every field and value against the Jira instance the webhook is installed in (its
    /// `jira`, else its integration's). A project of another instance does not exist here.
    /// - Returns: nil when valid, else the first problem (message, 1-based offset into `text`).
    static func checkJQL(
        _ text: String, webhook obj: ScenarioObject, integration: String, aha: AhaSpec, jira: [JiraInstanceSpec]
    ) -> (message: String, column: Int)? {
        if let problem = checkJQL(text) { return problem }
        var instanceID = aha.integrations.first(where: { $0.id == integration })?.jira
        if let n = obj["jira"], case .string(let id) = n.kind { instanceID = id.value }
        guard let instance = jira.first(where: { $0.id == instanceID }),
            let query = try? JQLQuery.parse(text), let expression = query.expression
        else { return nil }
        guard let first = vocabulary(of: instance).check(expression, text: text).first else { return nil }
        return (first.message, first.offset + 1)
    }

    /// Every name the simulated instance has, in a fixed order (file order, then Jira's).
    static func vocabulary(of instance: JiraInstanceSpec) -> JQLVocabulary {
        var types: [String] = []
        for p in instance.projects { for (t, _) in p.types where !types.contains(t) { types.append(t) } }
        let users = (0..<max(1, instance.users)).map { "user\($0)" } + [instance.integrationAccount]
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
        return JQLVocabulary(values: values, customFields: instance.customFields.flatMap(\.jqlNames))
    }
}
