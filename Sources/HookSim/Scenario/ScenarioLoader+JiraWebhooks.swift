import Foundation
import JQL

/// Webhooks as Jira's administration lists them, imported into a topology (DESIGN.md §7.4).
public struct ImportedWebhooks: Sendable, Equatable {
    public var webhooks: [WebhookSpec]
    /// What was accepted but is not simulated, one line per webhook, for a person to read.
    public var notes: [String]
}

extension ScenarioLoader {
    /// The keys of `webhooks: {import: "FILE"}`.
    static let importKeys = ["import"]

    /// `topologies[].webhooks` given as `{import: "FILE"}`: the file, relative to the scenario, is
    /// read as the JSON array Jira's admin REST resource returns.
    static func readImport(
        _ node: JSON5Value, aha: AhaSpec, jira: [JiraInstanceSpec], _ r: ScenarioReader
    ) throws(ScenarioError) -> ImportedWebhooks {
        let obj = try r.object(node, what: "an object {import: \"FILE\"}", keys: importKeys, required: ["import"])
        let fileNode = obj.required("import")
        let name = try r.string(fileNode, what: "the path of a JSON file of Jira webhooks, relative to the scenario")
        let path = resolve(name, relativeTo: r.file)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: path)
        else {
            throw r.error(
                "cannot read the Jira webhooks file \(JSON5Path.quoted(name)) (looked for \(JSON5Path.quoted(path)))",
                at: fileNode)
        }
        return try jiraWebhooks(bytes: [UInt8](data), file: path, aha: aha, jira: jira)
    }

    /// A path written in a scenario, resolved against the scenario's folder (absolute paths as is).
    static func resolve(_ path: String, relativeTo scenarioFile: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = scenarioFile.lastIndex(of: "/") else { return path }
        return String(scenarioFile[...slash]) + path
    }

    /// Reads the array that Jira's `/rest/webhooks/1.0/webhook` returns (`name`, `url`, `events`,
    /// `filters["issue-related-events-section"]`, `excludeBody`, `enabled`; other keys Jira adds,
    /// such as `self` or `lastUpdated`, are ignored). Each `url` must be some integration's
    /// `webhookUrl`; the webhook runs as that integration's `runAs`. Events HookSim does not model
    /// are kept out and named in `notes`.
    /// - Throws: `ScenarioError` pointing into `file`, for a malformed file, an unmatched URL, an
    ///   integration without a run-as user, or a filter Jira would not save.
    public static func jiraWebhooks(
        bytes: [UInt8], file: String, aha: AhaSpec, jira: [JiraInstanceSpec]
    ) throws(ScenarioError) -> ImportedWebhooks {
        let r = ScenarioReader(file: file, text: Array(String(decoding: bytes, as: UTF8.self).unicodeScalars))
        let root: JSON5Value
        do {
            root = try JSON5.parse(bytes: bytes)
        } catch {
            throw r.error(error.message, at: error.position, path: error.path)
        }
        var out = ImportedWebhooks(webhooks: [], notes: [])
        var names: [String] = []
        let what = "the JSON array of webhooks that Jira's /rest/webhooks/1.0/webhook returns"
        for item in try r.array(root, what: what) {
            guard case .object(let members) = item.kind else {
                throw r.error("expected a webhook {name, url, events, filters, enabled}, found \(item.found)", at: item)
            }
            let obj = ScenarioObject(node: item, members: members)
            for key in ["name", "url"] where obj[key] == nil {
                throw r.error("missing required key '\(key)' in a Jira webhook", at: item)
            }
            let name = try r.string(obj.required("name"), what: "a webhook name")
            if names.contains(name) { throw r.error("a webhook named '\(name)' comes twice", at: obj.required("name")) }
            names.append(name)
            let urlNode = obj.required("url")
            let url = try r.string(urlNode, what: "the URL Jira posts to")
            // NB: webhookUrl is kept without a trailing slash (readURL); Jira keeps what was typed.
            var bare = url
            while bare.hasSuffix("/") { bare.removeLast() }
            guard let integration = aha.integrations.first(where: { $0.webhookUrl == bare }) else {
                let known = aha.integrations.compactMap { i in i.webhookUrl.map { "\($0) (\(i.id))" } }
                let list =
                    known.isEmpty
                    ? "no integration has a webhookUrl" : "the known ones are " + known.joined(separator: ", ")
                throw r.error(
                    "webhook '\(name)' posts to \(JSON5Path.quoted(url)), which is no integration's aha.integrations[].webhookUrl; \(list)",
                    at: urlNode)
            }
            guard let runAs = integration.runAs else {
                throw r.error(
                    "webhook '\(name)' posts to integration '\(integration.id)', which names no run-as user: add aha.integrations[].runAs",
                    at: urlNode)
            }
            let (events, ignored) = try importedEvents(obj["events"], r)
            var jql = ""
            if let filters = obj["filters"] {
                let f = try r.map(filters, what: "an object {\"issue-related-events-section\": JQL}")
                if let n = f.first(where: { $0.key == "issue-related-events-section" })?.value {
                    jql = try r.string(n, what: "a JQL query string")
                    try checkImportedJQL(jql, at: n, integration: integration, jira: jira, r)
                }
            }
            var enabled = true
            if let n = obj["enabled"] { enabled = try r.bool(n) }
            var remarks: [String] = []
            if !ignored.isEmpty {
                remarks.append("events \(ignored.joined(separator: ", ")) ignored (HookSim does not model them)")
            }
            if events.isEmpty { remarks.append("subscribes to no event HookSim models, so it never fires") }
            if let n = obj["excludeBody"], try r.bool(n) {
                remarks.append("excludeBody is set: Aha! needs the body, which HookSim sends all the same")
            }
            if !remarks.isEmpty { out.notes.append("webhook '\(name)': " + remarks.joined(separator: "; ")) }
            out.webhooks.append(
                WebhookSpec(
                    name: name, integration: integration.id, runAs: runAs, jql: jql, events: events, enabled: enabled))
        }
        return out
    }

    /// Jira's event names split into the ones HookSim models (in Jira's order) and the others, as
    /// written. Jira lists every event of a webhook subscribed to all of them, so a missing list
    /// means all of them too.
    private static func importedEvents(
        _ node: JSON5Value?, _ r: ScenarioReader
    ) throws(ScenarioError) -> ([JiraEventName], [String]) {
        guard let node else { return (JiraEventName.allCases, []) }
        var chosen: [JiraEventName] = []
        var ignored: [String] = []
        for e in try r.array(node, what: "an array of Jira event names, such as [\"jira:issue_updated\"]") {
            let name = try r.string(e, what: "a Jira event name")
            if let event = JiraEventName(rawValue: name) {
                chosen.append(event)
            } else if !ignored.contains(name) {
                ignored.append(name)
            }
        }
        return (JiraEventName.allCases.filter { chosen.contains($0) }, ignored)
    }

    /// The filter as Jira checks it when a webhook is saved: syntax, then every field and value
    /// against the integration's Jira instance.
    private static func checkImportedJQL(
        _ jql: String, at node: JSON5Value, integration: IntegrationSpec, jira: [JiraInstanceSpec], _ r: ScenarioReader
    ) throws(ScenarioError) {
        if let problem = checkJQL(jql) {
            throw r.error("invalid JQL: \(problem.message)", inside: node, offset: max(problem.column - 1, 0))
        }
        guard let instance = jira.first(where: { $0.id == integration.jira }),
            let query = try? JQLQuery.parse(jql), let expression = query.expression
        else { return }
        if let problem = vocabulary(of: instance).check(expression, text: jql).first {
            throw r.error("invalid JQL: \(problem.message)", inside: node, offset: problem.offset)
        }
    }

    /// The `webhooks: [...]` block equivalent to imported webhooks, to paste into a scenario.
    public static func webhooksBlock(_ imported: ImportedWebhooks) -> String {
        var lines = imported.notes.map { "// " + $0 }
        lines.append("webhooks: [")
        for w in imported.webhooks {
            var parts = [
                "name: \(JSON5Path.quoted(w.name))", "integration: \(JSON5Path.quoted(w.integration))",
                "runAs: \(JSON5Path.quoted(w.runAs))",
            ]
            if !w.jql.isEmpty { parts.append("jql: \(JSON5Path.quoted(w.jql))") }
            if w.events != JiraEventName.allCases {
                parts.append("events: [" + w.events.map { JSON5Path.quoted($0.rawValue) }.joined(separator: ", ") + "]")
            }
            if !w.enabled { parts.append("enabled: false") }
            lines.append("  {" + parts.joined(separator: ", ") + "},")
        }
        lines.append("],")
        return lines.joined(separator: "\n") + "\n"
    }
}
