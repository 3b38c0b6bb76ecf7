import SimKit

/// The Jira side of a scenario: instances, projects, delivery, activity and the network.
extension ScenarioLoader {
    static let jiraKeys = [
        "id", "kind", "users", "integrationAccount", "projects", "delivery", "customFields", "baseUrl",
    ]
    static let customFieldKeys = ["id", "name", "values"]
    static let projectKeys = ["key", "issues", "types", "weight"]
    static let deliveryKeys = [
        "dispatchDelay", "timeout", "retry", "mode", "queue", "threads", "jqlCost", "commentAlsoUpdates",
    ]
    /// Delivery keys that describe datacenter dispatch and mean nothing for a cloud instance.
    static let datacenterOnlyKeys = ["mode", "queue", "threads", "jqlCost"]
    static let activityKeys = ["rate", "mix", "echoShare", "bursts"]
    static let burstKeys = ["at", "count", "kind", "project", "jira", "over"]
    static let networkKeys = ["latency", "failureRate", "ackLossRate"]
    /// Changes a run may be expected to generate before it is refused as too large.
    static let maxExpectedChanges = 50_000_000

    static func readJira(_ node: JSON5Value, limits: Limits, _ r: ScenarioReader) throws(ScenarioError)
        -> [JiraInstanceSpec]
    {
        let list = try r.array(node, what: "an array of Jira instances [{id, kind, projects, …}]")
        guard !list.isEmpty else { throw r.error("at least one Jira instance is needed", at: node) }
        var instances: [JiraInstanceSpec] = []
        var ids = Set<String>()
        var totalIssues = 0.0
        for item in list {
            let obj = try r.object(
                item, what: "a Jira instance {id, kind, projects, …}", keys: jiraKeys, required: ["id", "projects"])
            let idNode = obj.required("id")
            let id = try r.name(idNode, what: "a Jira instance id")
            try checkUnique(id, &ids, what: "Jira instance id", at: idNode, r)
            var kind = JiraKind.cloud
            if let n = obj["kind"] { kind = try r.choice(n, what: "Jira kind", [JiraKind.cloud, .datacenter]) }
            var users = 40
            if let n = obj["users"] { users = try r.count(n, minimum: 1) }
            var account = "aha-bot"
            if let n = obj["integrationAccount"] { account = try r.name(n, what: "a Jira account name") }
            let projectNodes = try r.array(obj.required("projects"), what: "an array of projects [{key, issues}]")
            guard !projectNodes.isEmpty else {
                throw r.error("a Jira instance needs at least one project", at: obj.required("projects"))
            }
            var projects: [ProjectSpec] = []
            var keys = Set<String>()
            for p in projectNodes {
                let project = try readProject(p, totalIssues: &totalIssues, limits: limits, r)
                let keyNode = (try? r.object(p, what: "", keys: projectKeys))?["key"] ?? p
                try checkUnique(project.key, &keys, what: "project key", in: "Jira instance '\(id)'", at: keyNode, r)
                projects.append(project)
            }
            var delivery = DeliverySpec.defaults(for: kind)
            if let n = obj["delivery"] { delivery = try readDelivery(n, kind: kind, defaults: delivery, r) }
            var customFields: [CustomFieldSpec] = []
            if let n = obj["customFields"] { customFields = try readCustomFields(n, r) }
            var instance = JiraInstanceSpec(
                id: id, kind: kind, users: users, integrationAccount: account, projects: projects,
                delivery: delivery, customFields: customFields)
            if let n = obj["baseUrl"] { instance.baseUrl = try readURL(n, r) }
            instances.append(instance)
        }
        return instances
    }

    private static func readProject(
        _ node: JSON5Value, totalIssues: inout Double, limits: Limits, _ r: ScenarioReader
    ) throws(ScenarioError) -> ProjectSpec {
        let obj = try r.object(
            node, what: "a project {key, issues, types}", keys: projectKeys, required: ["key", "issues"])
        let key = try r.name(obj.required("key"), what: "a project key")
        let issuesNode = obj.required("issues")
        let issues = try r.wholeNumber(issuesNode)
        totalIssues += issues
        if totalIssues > Double(limits.maxIssues) {
            throw r.error(
                "the world is too large to simulate: \(grouped(totalIssues)) issues in total, more than the limit of \(grouped(Double(limits.maxIssues)))",
                at: issuesNode)
        }
        var types: [(String, Double)]?
        if let n = obj["types"] { types = try readMix(n, what: "issue type", r) { m throws(ScenarioError) in m.key } }
        var weight: Double?
        if let n = obj["weight"] {
            let w = try r.number(n, what: "a weight of at least 0")
            guard w >= 0 else { throw r.error("expected a weight of at least 0, found \(n.found)", at: n) }
            weight = w
        }
        return ProjectSpec(key: key, issues: Int(issues), types: types, weight: weight)
    }

    /// A mix: an object name → share, shares in [0, 1] adding up to 1 (within 1e-6), in file order.
    static func readMix<K>(
        _ node: JSON5Value, what: String, _ r: ScenarioReader, key: (JSON5Member) throws(ScenarioError) -> K
    ) throws(ScenarioError) -> [(K, Double)] {
        let members = try r.map(node, what: "an object of \(what) → share, such as {Story: 0.7, Bug: 0.3}")
        var out: [(K, Double)] = []
        var sum = 0.0
        for m in members {
            let k = try key(m)
            let share = try r.probability(m.value)
            sum += share
            out.append((k, share))
        }
        guard abs(sum - 1) <= 1e-6 else {
            throw r.error("the shares must add up to 1, but they add up to \(short(sum))", at: node)
        }
        return out
    }

    /// `[{id: 10010, name: "Tier", values: {Gold: 0.2, Silver: 0.8}}]`: select-list custom fields
    /// with the share of issues holding each option. Ids and names are unique per instance.
    static func readCustomFields(_ node: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> [CustomFieldSpec] {
        var fields: [CustomFieldSpec] = []
        var seen = Set<String>()
        for item in try r.array(node, what: "an array of custom fields [{id, name, values}]") {
            let obj = try r.object(
                item, what: "a custom field {id, name, values}", keys: customFieldKeys,
                required: ["id", "name", "values"])
            let id = try r.count(obj.required("id"), minimum: 1)
            let name = try r.name(obj.required("name"), what: "a custom field name")
            try checkUnique("cf[\(id)]", &seen, what: "custom field id", at: obj.required("id"), r)
            try checkUnique(name.lowercased(), &seen, what: "custom field name", at: obj.required("name"), r)
            let values = try readMix(obj.required("values"), what: "option", r) { m throws(ScenarioError) in m.key }
            fields.append(CustomFieldSpec(id: id, name: name, options: values.map(\.0), shares: values.map(\.1)))
        }
        return fields
    }

    private static func readDelivery(
        _ node: JSON5Value, kind: JiraKind, defaults: DeliverySpec, _ r: ScenarioReader
    ) throws(ScenarioError) -> DeliverySpec {
        let obj = try r.object(node, what: "a delivery object {dispatchDelay, timeout, retry, …}", keys: deliveryKeys)
        if kind == .cloud, let m = obj.members.first(where: { datacenterOnlyKeys.contains($0.key) }) {
            throw r.error("'\(m.key)' applies only to datacenter instances; this instance is cloud", atKeyOf: m)
        }
        var d = defaults
        if let n = obj["dispatchDelay"] { d.dispatchDelay = try r.distribution(n) }
        if let n = obj["timeout"] { d.timeout = try r.positiveDuration(n) }
        if let n = obj["retry"] {
            let retry = try r.object(n, what: "an object {max, backoff}", keys: ["max", "backoff"])
            if let m = retry["max"] { d.retryMax = try r.count(m) }
            if let b = retry["backoff"] { d.retryBackoff = try r.distribution(b) }
        }
        if let n = obj["mode"] { d.mode = try r.choice(n, what: "dispatch mode", [DispatchMode.sync, .async]) }
        if let n = obj["queue"] { d.queue = try r.count(n) }
        if let n = obj["threads"] { d.threads = try r.count(n, minimum: 1) }
        if let n = obj["jqlCost"] { d.jqlCost = try r.duration(n) }
        if let n = obj["commentAlsoUpdates"] { d.commentAlsoUpdates = try r.bool(n) }
        return d
    }

    static func readActivity(
        _ node: JSON5Value?, jira: [JiraInstanceSpec], duration: SimDuration, limits: Limits, fallback: JSON5Value,
        _ r: ScenarioReader
    ) throws(ScenarioError) -> ActivitySpec {
        if let node, node["trace"] != nil { return try readRecordedActivity(node, jira: jira, r) }
        var activity = ActivitySpec()
        var rateNode = node ?? fallback
        var burstNodes: [JSON5Value] = []
        if let node {
            let obj = try r.object(node, what: "an activity object {rate, mix, echoShare, bursts}", keys: activityKeys)
            if let n = obj["rate"] {
                activity.rate = try r.rate(n)
                rateNode = n
            }
            if let n = obj["mix"] {
                activity.mix = try readMix(n, what: "change kind", r) { m throws(ScenarioError) in
                    guard let k = ChangeKind(rawValue: m.key) else {
                        throw r.error(
                            Suggestion.unknown("change kind", m.key, candidates: ChangeKind.allCases.map(\.rawValue)),
                            atKeyOf: m)
                    }
                    return k
                }
            }
            if let n = obj["echoShare"] { activity.echoShare = try r.probability(n) }
            if let n = obj["bursts"] {
                burstNodes = try r.array(n, what: "an array of bursts [{at, count, kind}]")
                for b in burstNodes {
                    activity.bursts.append(try readBurst(b, jira: jira, duration: duration, r))
                }
            }
        }
        try checkActivitySize(
            activity, jira: jira, duration: duration, limits: limits, rateNode: rateNode, burstNodes: burstNodes, r)
        return activity
    }

    private static func readBurst(
        _ node: JSON5Value, jira: [JiraInstanceSpec], duration: SimDuration, _ r: ScenarioReader
    ) throws(ScenarioError) -> BurstSpec {
        let obj = try r.object(
            node, what: "a burst {at, count, kind, project, jira, over}", keys: burstKeys,
            required: ["at", "count", "kind"])
        let at = try r.duration(obj.required("at"))
        let count = try r.count(obj.required("count"))
        let kind = try r.choice(obj.required("kind"), what: "change kind", ChangeKind.allCases)
        var instance = jira.first
        var jiraID: String?
        if let n = obj["jira"] {
            let id = try r.string(n, what: "a Jira instance id")
            guard let found = jira.first(where: { $0.id == id }) else {
                throw r.error(Suggestion.unknown("Jira instance", id, candidates: jira.map(\.id)), at: n)
            }
            instance = found
            jiraID = id
        }
        var project: String?
        if let n = obj["project"] {
            let key = try r.string(n, what: "a project key")
            let keys = instance?.projects.map(\.key) ?? []
            guard keys.contains(key) else {
                throw r.error(
                    Suggestion.unknown("project", key, in: "Jira instance '\(instance?.id ?? "")'", candidates: keys),
                    at: n)
            }
            project = key
        }
        var over = SimDuration.zero
        if let n = obj["over"] { over = try r.duration(n) }
        if at + over > duration {
            throw r.error(
                "this burst ends at \((at + over).format()), after the activity stops at \(duration.format()) (duration)",
                at: obj.required("at"))
        }
        return BurstSpec(at: at, count: count, kind: kind, project: project, jira: jiraID, over: over)
    }

    static func readNetwork(_ node: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> NetworkSpec {
        let obj = try r.object(node, what: "a network object {latency, failureRate, ackLossRate}", keys: networkKeys)
        var network = NetworkSpec()
        if let n = obj["latency"] { network.latency = try r.distribution(n) }
        if let n = obj["failureRate"] { network.failureRate = try r.probability(n) }
        if let n = obj["ackLossRate"] { network.ackLossRate = try r.probability(n) }
        return network
    }

    /// An absolute `http://` or `https://` URL without a trailing slash (`jira[].baseUrl`,
    /// `aha.integrations[].webhookUrl`): traces and `load` put it in front of paths.
    static func readURL(_ node: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> String {
        var text = try r.string(node, what: "a URL such as \"https://acme.atlassian.net\"")
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > 8, !text.contains(" ") else {
            throw r.error("expected an http:// or https:// URL, found \(JSON5Path.quoted(text))", at: node)
        }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
