import SimKit

/// Draws random *valid* scenarios (JSON5 text) over the documented keys and their edges, for
/// swarm testing (issue 10): several Jira instances of both kinds, both versions, 1 to 100
/// integrations, timeouts shorter than latency, zero and tiny queues, acknowledgement loss up to
/// 0.5, rate limits, bursts, echoes, every timeline action, empty topologies. Runs are kept small
/// (a few hundred changes) so thousands run in minutes.
///
/// Everything comes from one `Xoshiro256StarStar` seeded by the seed: the same seed gives the
/// same text. NB: the loader needs at least one topology, so 1–4 are drawn (an empty one often).
public struct ScenarioGenerator {
    var rng: Xoshiro256StarStar
    let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        rng = Xoshiro256StarStar(seed: SplitMix64.mix(seed ^ 0x5357_4152_4D21))
    }

    /// The scenario text for `seed`.
    public static func scenario(seed: UInt64) -> String {
        var g = ScenarioGenerator(seed: seed)
        return g.generate()
    }

    // MARK: drawing helpers

    mutating func int(_ lo: Int, _ hi: Int) -> Int { lo + rng.nextInt(below: hi - lo + 1) }
    mutating func chance(_ p: Double) -> Bool { rng.nextBool(probability: p) }
    mutating func pick<T>(_ items: [T]) -> T { items[rng.nextInt(below: items.count)] }
    mutating func subset<T>(_ items: [T], atLeast: Int = 1) -> [T] {
        var out = items.filter { _ in chance(0.5) }
        while out.count < atLeast { out = [pick(items)] }
        return out
    }

    /// Shares over `names` that add up to exactly 1 (multiples of 0.05), as a JSON5 object body.
    mutating func shares(_ names: [String]) -> String {
        var weights = names.map { _ in int(0, 4) }
        if weights.allSatisfy({ $0 == 0 }) { weights[0] = 1 }
        let total = weights.reduce(0, +)
        // NB: whole twentieths would not add up for every total; scale to a total of 20 exactly.
        var scaled = weights.map { $0 * 20 / total }
        scaled[scaled.firstIndex(where: { $0 > 0 }) ?? 0] += 20 - scaled.reduce(0, +)
        return zip(names, scaled).map { "\($0.0): \(Self.twentieth($0.1))" }.joined(separator: ", ")
    }

    static func twentieth(_ n: Int) -> String {
        n == 20 ? "1" : n == 0 ? "0" : "0." + (n * 5 < 10 ? "0" : "") + String(n * 5)
    }

    mutating func duration(_ unitsMs: [Int]) -> String { Self.ms(pick(unitsMs)) }

    static func ms(_ v: Int) -> String {
        if v % 3_600_000 == 0 { return "\"\(v / 3_600_000)h\"" }
        if v % 60_000 == 0 { return "\"\(v / 60_000)m\"" }
        if v % 1000 == 0 { return "\"\(v / 1000)s\"" }
        return "\"\(v)ms\""
    }

    /// A random distribution of times around `scaleMs`.
    mutating func distribution(_ scaleMs: Int) -> String {
        let s = max(1, scaleMs)
        switch int(0, 5) {
        case 0: return Self.ms(s)
        case 1: return "{exponential: \(Self.ms(s))}"
        case 2: return "{uniform: [\(Self.ms(max(1, s / 4))), \(Self.ms(s * 4))]}"
        case 3: return "{lognormal: {median: \(Self.ms(s)), p99: \(Self.ms(s * int(2, 20)))}}"
        case 4: return "{normal: {mean: \(Self.ms(s)), stddev: \(Self.ms(max(1, s / 5)))}}"
        default:
            return
                "{empirical: [[\(Self.ms(max(1, s / 2))), 0.5], [\(Self.ms(s * 2)), 0.9], [\(Self.ms(s * 10)), 1.0]]}"
        }
    }

    // MARK: the scenario

    struct Instance {
        var id: String
        var projects: [(key: String, types: [String])]
        var types: [String] { Array(Set(projects.flatMap(\.types))).sorted() }
    }

    static let projectPool = ["WEB", "MOB", "OPS", "API", "CORE", "DATA", "INFRA", "UX", "SEC", "QA", "DOCS", "ML"]
    static let typePool = ["Epic", "Story", "Bug", "Task"]
    static let roles = ["owner", "contributor", "reviewer", "viewer", "none"]
    static let events = [
        "jira:issue_created", "jira:issue_updated", "jira:issue_deleted", "comment_created", "comment_updated",
        "comment_deleted", "issue", "comment",
    ]
    static let kinds = ["comment", "commentEdit", "commentDelete", "update", "transition", "create", "delete"]

    public mutating func generate() -> String {
        var out = "// swarm scenario, seed \(seed)\n{\n"
        let durationMin = pick([10, 20, 30, 60, 90, 120])
        let durationMs = durationMin * 60_000
        let drainMs = pick([0, 5, 30, 60, 120]) * 60_000
        out += "  name: \"swarm-\(seed)\",\n  seed: \(seed % 1_000_000_007),\n"
        out += "  duration: \(Self.ms(durationMs)),\n  drain: \(drainMs == 0 ? "\"0s\"" : Self.ms(drainMs)),\n"

        // Jira instances.
        var pool = Self.projectPool
        var instances: [Instance] = []
        out += "  jira: [\n"
        for i in 0..<int(1, 3) {
            var inst = Instance(id: "j\(i + 1)", projects: [])
            let datacenter = chance(0.5)
            out += "    {id: \"\(inst.id)\", kind: \"\(datacenter ? "datacenter" : "cloud")\", users: \(int(1, 20)),"
            if chance(0.3) { out += " integrationAccount: \"bot\(i)\"," }
            out += "\n      projects: [\n"
            for _ in 0..<int(1, min(3, pool.count)) {
                let key = pool.removeFirst()
                let types = subset(Self.typePool)
                inst.projects.append((key, types))
                let weight = chance(0.2) ? ", weight: \(int(1, 5))" : ""
                out += "        {key: \"\(key)\", issues: \(int(1, 60)), types: {\(shares(types))}\(weight)},\n"
            }
            out += "      ],\n"
            out += "      delivery: {" + delivery(datacenter: datacenter) + "},\n    },\n"
            instances.append(inst)
        }
        out += "  ],\n"

        // Activity: a few hundred changes.
        let changes = int(50, 400)
        out += "  activity: {\n    rate: \"\(max(1, changes * 60 / durationMin))/h\",\n"
        if chance(0.8) { out += "    mix: {\(shares(subset(Self.kinds, atLeast: 1)))},\n" }
        out += "    echoShare: \(pick(["0", "0.05", "0.2", "0.5"])),\n"
        if chance(0.4) {
            out += "    bursts: [\n"
            for _ in 0..<int(1, 2) {
                let inst = pick(instances)
                let overMs = pick([0, 1000, 30_000, 120_000])
                let atMs = int(0, (durationMs - overMs) / 60_000) * 60_000
                let count = int(1, 60)
                let kind = pick(Self.kinds)
                out += "      {at: \(Self.ms(atMs == 0 ? 1000 : atMs)), count: \(count), kind: \"\(kind)\""
                // NB: a burst without `jira` is in the first instance, so its project must be there.
                let named = chance(0.7)
                if named { out += ", jira: \"\(inst.id)\"" }
                if chance(0.5) { out += ", project: \"\((named ? inst : instances[0]).projects[0].key)\"" }
                out += ", over: \(overMs == 0 ? "\"0s\"" : Self.ms(overMs))},\n"
            }
            out += "    ],\n"
        }
        out += "  },\n"
        out += "  network: {latency: \(distribution(pick([5, 50, 150, 1000, 3000]))), "
        out += "failureRate: \(pick(["0", "0", "0.01", "0.1", "0.3", "0.5"])), "
        out += "ackLossRate: \(pick(["0", "0", "0.01", "0.1", "0.5"]))},\n"
        out += aha(instances, end: durationMs + drainMs)
        out += "}\n"
        return out
    }

    mutating func delivery(datacenter: Bool) -> String {
        var parts: [String] = []
        if chance(0.6) { parts.append("dispatchDelay: \(distribution(pick([1, 100, 2000, 60_000])))") }
        if chance(0.7) { parts.append("timeout: \(duration([100, 1000, 3000, 5000, 20_000]))") }
        if chance(0.7) {
            parts.append("retry: {max: \(int(0, 5)), backoff: \(distribution(pick([1000, 60_000, 300_000])))}")
        }
        if datacenter {
            if chance(0.7) { parts.append("mode: \"\(pick(["sync", "async"]))\"") }
            if chance(0.7) { parts.append("queue: \(pick([0, 0, 1, 2, 5, 100]))") }
            if chance(0.7) { parts.append("threads: \(int(1, 4))") }
            if chance(0.5) { parts.append("jqlCost: \(duration([1, 5, 50]))") }
        }
        if chance(0.3) { parts.append("commentAlsoUpdates: \(chance(0.5))") }
        return parts.joined(separator: ", ")
    }
}

/// The Aha! side, topologies and timeline of a generated scenario.
extension ScenarioGenerator {
    struct Integration {
        var id: String
        var jira: String
        var project: String
        /// The endpoint's run-as user, shared by every webhook pointing at it.
        var runAs: String
        /// Whether the integration names it (`aha.integrations[].runAs`), so webhooks may leave it out.
        var declared: Bool
    }

    mutating func aha(_ instances: [Instance], end: Int) -> String {
        let workspaces = (1...int(1, 6)).map { "W\($0)" }
        var out =
            "  aha: {\n    workspaces: [\(workspaces.map { "\"\($0)\"" }.joined(separator: ", "))],\n    users: [\n"
        out += "      {name: \"Integration user\", roles: {\"*\": \"contributor\"}},\n"
        var users = ["Integration user"]
        for u in 0..<int(0, 4) {
            let name = "U\(u + 1)"
            users.append(name)
            var roles: [String] = []
            if chance(0.3) { roles.append("\"*\": \"\(pick(Self.roles))\"") }
            for w in workspaces where chance(0.5) { roles.append("\(w): \"\(pick(Self.roles))\"") }
            out +=
                "      {name: \"\(name)\""
                + (roles.isEmpty && chance(0.5) ? "" : ", roles: {\(roles.joined(separator: ", "))}") + "},\n"
        }
        out += "    ],\n    integrations: [\n"
        let count = chance(0.05) ? int(20, 100) : int(1, 5)
        var integrations: [Integration] = []
        for i in 0..<count {
            let inst = pick(instances)
            let project = pick(inst.projects)
            let user = chance(0.7) ? "Integration user" : pick(users)
            let integration = Integration(
                id: "i\(i + 1)", jira: inst.id, project: project.key, runAs: user, declared: chance(0.5))
            integrations.append(integration)
            out += "      {id: \"\(integration.id)\", version: \"\(chance(0.5) ? "1.0" : "2.0")\", "
            out += "workspace: \"\(pick(workspaces))\", jira: \"\(inst.id)\", project: \"\(project.key)\""
            if chance(0.7) {
                let mapped = subset(project.types)
                let records = mapped.map { "\($0): \"\(pick(["initiative", "epic", "feature", "requirement"]))\"" }
                out += ", records: {\(records.joined(separator: ", "))}"
            }
            if chance(0.7) { out += ", linked: \(pick(["0", "0.5", "0.8", "1"]))" }
            if integration.declared { out += ", runAs: \"\(user)\"" }
            if chance(0.5) { out += ", autoImport: \(chance(0.5))" }
            if chance(0.5) {
                let fields = subset(["summary", "priority", "assignee"], atLeast: 0)
                out += ", sync: {status: \(chance(0.7)), comments: \(chance(0.7)), fields: ["
                out += fields.map { "\"\($0)\"" }.joined(separator: ", ") + "]}"
            }
            out += "},\n"
        }
        out += "    ],\n"
        var processing: [String] = []
        if chance(0.7) { processing.append("workers: \(int(1, 4))") }
        if chance(0.7) { processing.append("serviceTime: \(distribution(pick([10, 150, 1000])))") }
        if chance(0.5) { processing.append("queueLimit: \(pick(["0", "1", "5", "50", "null"]))") }
        if chance(0.5) {
            processing.append(
                "rateLimit: " + pick(["\"1/s\"", "\"20/s\"", "\"600/h\"", "[\"5/s\", \"300/h\"]", "null"]))
        }
        out += "    processing: {\(processing.joined(separator: ", "))},\n"
        out += "    echo: \"\(chance(0.5) ? "ignore" : "apply")\",\n  },\n"

        var known: [String] = []
        out += "  topologies: [\n"
        let topologies = int(1, 4)
        for t in 0..<topologies {
            out += "    {name: \"t\(t + 1)\", webhooks: ["
            let hooks = chance(0.15) ? 0 : int(1, min(5, integrations.count + 2))
            for h in 0..<hooks {
                let name = "h\(h + 1)"
                if !known.contains(name) { known.append(name) }
                out += "\n      " + webhook(name, instances, integrations) + ","
            }
            out += hooks == 0 ? "]},\n" : "\n    ]},\n"
        }
        out += "  ],\n"
        out += timeline(
            instances, integrations, topologies: topologies, users: users, workspaces: workspaces, known: known,
            end: end)
        return out
    }

    mutating func webhook(
        _ name: String, _ instances: [Instance], _ integrations: [Integration], enabled: Bool? = nil
    ) -> String {
        let i = rng.nextInt(below: integrations.count)
        var out = "{name: \"\(name)\", integration: \"\(integrations[i].id)\""
        if !integrations[i].declared || chance(0.5) { out += ", runAs: \"\(integrations[i].runAs)\"" }
        var instance = instances.first { $0.id == integrations[i].jira }!
        if instances.count > 1 && chance(0.15) {
            instance = pick(instances)
            out += ", jira: \"\(instance.id)\""
        }
        switch int(0, 4) {
        case 0: out += ", jql: \"project = \(pick(instance.projects).key)\""
        case 1: out += ", jql: \"issuetype in (\(subset(instance.types).joined(separator: ", ")))\""
        case 2: out += ", jql: \"\""
        default: break
        }
        if chance(0.6) { out += ", events: [\(subset(Self.events).map { "\"\($0)\"" }.joined(separator: ", "))]" }
        if let enabled { out += ", enabled: \(enabled)" } else if chance(0.15) { out += ", enabled: false" }
        return out + "}"
    }

    mutating func timeline(
        _ instances: [Instance], _ integrations: [Integration], topologies: Int, users: [String],
        workspaces: [String], known: [String], end: Int
    ) -> String {
        let count = int(0, 5)
        guard count > 0 else { return "" }
        var known = known
        let times = (0..<count).map { _ in int(0, end / 1000) * 1000 }.sorted()
        var out = "  timeline: [\n"
        var added = 0
        for at in times {
            var action = ""
            switch int(0, 6) {
            case 0 where !known.isEmpty: action = "setRunAs: {webhook: \"\(pick(known))\", user: \"\(pick(users))\"}"
            case 1 where !known.isEmpty: action = "disable: \"\(pick(known))\""
            case 2 where !known.isEmpty: action = "enable: \"\(pick(known))\""
            case 3:
                let user = pick(users)
                let workspace = pick(workspaces)
                let role = pick(Self.roles)
                action = "setRole: {user: \"\(user)\", workspace: \"\(workspace)\", role: \"\(role)\"}"
            case 4:
                added += 1
                let name = "added\(added)"
                action = "addWebhook: " + webhook(name, instances, integrations, enabled: chance(0.8))
                known.append(name)
            case 5 where !known.isEmpty: action = "removeWebhook: \"\(pick(known))\""
            default: action = "outage: {for: \(duration([1000, 60_000, 600_000]))}"
            }
            let only = chance(0.3) ? ", topology: \"t\(int(1, topologies))\"" : ""
            out += "    {at: \(at == 0 ? "\"0s\"" : Self.ms(at))\(only), \(action)},\n"
        }
        return out + "  ],\n"
    }
}
