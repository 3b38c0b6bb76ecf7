import SimKit

/// The Aha! side of a scenario: workspaces, users and roles, integrations, processing.
extension ScenarioLoader {
    static let ahaKeys = ["workspaces", "users", "integrations", "processing", "echo"]
    static let userKeys = ["name", "roles"]
    static let integrationKeys = [
        "id", "version", "workspace", "jira", "project", "records", "linked", "autoImport", "sync", "runAs",
        "webhookUrl", "secret",
    ]
    static let syncKeys = ["status", "comments", "fields"]
    static let processingKeys = ["workers", "serviceTime", "queueLimit", "rateLimit"]
    /// Roles in the order people think of them (most to least access), for messages.
    static let roleOrder: [Role] = [.owner, .contributor, .reviewer, .viewer, .none]

    static func readAha(_ node: JSON5Value, jira: [JiraInstanceSpec], _ r: ScenarioReader) throws(ScenarioError)
        -> AhaSpec
    {
        let obj = try r.object(
            node, what: "an Aha! account {workspaces, users, integrations, processing, echo}", keys: ahaKeys,
            required: ["workspaces", "users", "integrations"])
        let workspaceNodes = try r.array(obj.required("workspaces"), what: "an array of workspace names")
        guard !workspaceNodes.isEmpty else {
            throw r.error("at least one workspace is needed", at: obj.required("workspaces"))
        }
        var workspaces: [String] = []
        var seen = Set<String>()
        for w in workspaceNodes {
            let name = try r.name(w, what: "a workspace name")
            guard name != "*" else { throw r.error("'*' is reserved for \"every workspace\" in roles", at: w) }
            try checkUnique(name, &seen, what: "workspace", at: w, r)
            workspaces.append(name)
        }
        var users: [UserSpec] = []
        seen = []
        for u in try r.array(obj.required("users"), what: "an array of users [{name, roles}]") {
            let user = try readUser(u, workspaces: workspaces, r)
            try checkUnique(
                user.name, &seen, what: "user", at: ScenarioObject(node: u, members: members(u)).required("name"), r)
            users.append(user)
        }
        var integrations: [IntegrationSpec] = []
        seen = []
        for i in try r.array(
            obj.required("integrations"), what: "an array of integrations [{id, workspace, jira, project, …}]")
        {
            let integration = try readIntegration(i, workspaces: workspaces, users: users.map(\.name), jira: jira, r)
            try checkUnique(
                integration.id, &seen, what: "integration id",
                at: ScenarioObject(node: i, members: members(i)).required("id"), r)
            // NB: a URL names one endpoint; imported webhooks find their integration by it.
            if let url = integration.webhookUrl, let other = integrations.first(where: { $0.webhookUrl == url }) {
                throw r.error(
                    "integrations '\(other.id)' and '\(integration.id)' have the same webhookUrl \(JSON5Path.quoted(url)); each endpoint has its own",
                    at: ScenarioObject(node: i, members: members(i)).required("webhookUrl"))
            }
            integrations.append(integration)
        }
        var processing = ProcessingSpec()
        if let n = obj["processing"] { processing = try readProcessing(n, r) }
        var echo = EchoPolicy.ignore
        if let n = obj["echo"] { echo = try r.choice(n, what: "echo policy", [EchoPolicy.ignore, .apply]) }
        return AhaSpec(
            workspaces: workspaces, users: users, integrations: integrations, processing: processing, echo: echo)
    }

    /// The members of an object node already checked to be one (empty otherwise).
    static func members(_ node: JSON5Value) -> [JSON5Member] {
        if case .object(let m) = node.kind { return m }
        return []
    }

    private static func readUser(_ node: JSON5Value, workspaces: [String], _ r: ScenarioReader) throws(ScenarioError)
        -> UserSpec
    {
        let obj = try r.object(node, what: "a user {name, roles}", keys: userKeys, required: ["name"])
        let name = try r.name(obj.required("name"), what: "a user name")
        var roles: [(String, Role)] = []
        if let n = obj["roles"] {
            for m in try r.map(n, what: "an object of workspace (or \"*\") → role, such as {WEB: \"owner\"}") {
                guard m.key == "*" || workspaces.contains(m.key) else {
                    throw r.error(Suggestion.unknown("workspace", m.key, candidates: workspaces), atKeyOf: m)
                }
                roles.append((m.key, try r.choice(m.value, what: "role", roleOrder)))
            }
        }
        return UserSpec(name: name, roles: roles)
    }

    private static func readIntegration(
        _ node: JSON5Value, workspaces: [String], users: [String], jira: [JiraInstanceSpec], _ r: ScenarioReader
    ) throws(ScenarioError) -> IntegrationSpec {
        let obj = try r.object(
            node, what: "an integration {id, version, workspace, jira, project, …}", keys: integrationKeys,
            required: ["id", "workspace", "jira", "project"])
        let id = try r.name(obj.required("id"), what: "an integration id")
        var version = IntegrationVersion.v2
        if let n = obj["version"] {
            if case .number(let number) = n.kind {
                // NB: an unquoted 1.0 is the number 1, not the version "1.0": say to quote it.
                let meant = number.value == 1 ? "1.0" : number.value == 2 ? "2.0" : nil
                throw r.error(
                    "expected integration version \"1.0\" or \"2.0\" as a string, found number \(number.text)"
                        + (meant.map { ": quote it, version: \"\($0)\"" } ?? ""),
                    at: n)
            }
            version = try r.choice(n, what: "integration version", [IntegrationVersion.v1, .v2])
        }
        let workspace = try reference(obj.required("workspace"), what: "workspace", candidates: workspaces, r)
        let jiraID = try reference(obj.required("jira"), what: "Jira instance", candidates: jira.map(\.id), r)
        let instance = jira.first(where: { $0.id == jiraID })
        let keys = instance?.projects.map(\.key) ?? []
        let project = try reference(
            obj.required("project"), what: "project", in: "Jira instance '\(jiraID)'", candidates: keys, r)
        var records: [(String, RecordType)]?
        if let n = obj["records"] {
            let types = instance?.projects.first(where: { $0.key == project })?.types.map(\.0) ?? []
            records = []
            for m in try r.map(n, what: "an object of Jira issue type → Aha! record type, such as {Story: \"feature\"}")
            {
                // NB: a mapped type the project never has would never link anything: surely a typo.
                guard types.contains(where: { $0.lowercased() == m.key.lowercased() }) else {
                    throw r.error(
                        Suggestion.unknown("issue type", m.key, in: "project \(project)", candidates: types), atKeyOf: m
                    )
                }
                records?.append((m.key, try r.choice(m.value, what: "record type", RecordType.allCases)))
            }
        }
        var linked = 1.0
        if let n = obj["linked"] { linked = try r.probability(n) }
        var autoImport = true
        if let n = obj["autoImport"] { autoImport = try r.bool(n) }
        var sync = SyncSpec()
        if let n = obj["sync"] {
            let s = try r.object(n, what: "an object {status, comments, fields}", keys: syncKeys)
            if let b = s["status"] { sync.status = try r.bool(b) }
            if let b = s["comments"] { sync.comments = try r.bool(b) }
            if let f = s["fields"] {
                sync.fields = []
                for field in try r.array(f, what: "an array of Jira field names, such as [\"summary\", \"priority\"]") {
                    sync.fields.append(try r.name(field, what: "a Jira field name"))
                }
            }
        }
        var runAs: String?
        if let n = obj["runAs"] { runAs = try reference(n, what: "user", candidates: users, r) }
        var webhookUrl: String?
        if let n = obj["webhookUrl"] { webhookUrl = try readURL(n, r) }
        var secret: String?
        if let n = obj["secret"] { secret = try r.string(n, what: "a webhook secret") }
        return IntegrationSpec(
            id: id, version: version, workspace: workspace, jira: jiraID, project: project, records: records,
            linked: linked, autoImport: autoImport, sync: sync, runAs: runAs, webhookUrl: webhookUrl, secret: secret)
    }

    private static func readProcessing(_ node: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> ProcessingSpec
    {
        let obj = try r.object(
            node, what: "a processing object {workers, serviceTime, queueLimit, rateLimit}", keys: processingKeys)
        var p = ProcessingSpec()
        if let n = obj["workers"] { p.workers = try r.count(n, minimum: 1) }
        if let n = obj["serviceTime"] { p.serviceTime = try r.distribution(n) }
        if let n = obj["queueLimit"] {
            if case .null = n.kind { p.queueLimit = nil } else { p.queueLimit = try r.count(n) }
        }
        if let n = obj["rateLimit"] {
            switch n.kind {
            case .null: p.rateLimits = []
            case .array(let items):
                // NB: several limits all hold at once, as Aha!'s documented 300/minute and 20/second do.
                var rates: [Rate] = []
                for item in items { rates.append(try r.rate(item)) }
                p.rateLimits = rates
            default: p.rateLimits = [try r.rate(n)]
            }
        }
        return p
    }
}
