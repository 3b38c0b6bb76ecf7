import JQL
import SimKit

/// A webhook as installed in one run. Plain values only, so reading one costs no reference
/// counting on the hot path; its name and JQL filter live in `Webhooks.names` / `queries`.
struct HookState {
    var nameHash: UInt64
    /// The Aha! integration whose endpoint the webhook's URL points at.
    var integration: Int
    var instance: Int
    var version: IntegrationVersion
    /// Bit per `JiraEventName` index.
    var events: UInt8
    var enabled: Bool
    var installed: Bool = true

    init(
        name: String, integration: Int, instance: Int, version: IntegrationVersion, events: [JiraEventName],
        enabled: Bool
    ) {
        nameHash = KeyedRandom.hash(name)
        self.integration = integration
        self.instance = instance
        self.version = version
        var mask: UInt8 = 0
        for e in events { mask |= Self.bit(e) }
        self.events = mask
        self.enabled = enabled
    }

    @inline(__always) static func bit(_ e: JiraEventName) -> UInt8 {
        guard let i = JiraEventName.allCases.firstIndex(of: e) else { preconditionFailure("\(e) is not a Jira event") }
        return 1 << UInt8(i)
    }

    func subscribes(_ e: JiraEventName) -> Bool { events & Self.bit(e) != 0 }
}

/// The webhooks of one topology as Jira holds them: by index, with their names and filters, and
/// by Jira instance (an instance fires only its own webhooks).
struct Webhooks {
    private(set) var hooks: [HookState] = []
    private(set) var names: [String] = []
    private(set) var queries: [JQLQuery] = []
    /// Whether each webhook's filter matches every issue (empty JQL), kept apart from the query so
    /// the hot path never copies one.
    private(set) var matchesAll: [Bool] = []
    private(set) var byInstance: [[Int]]

    init(instances: Int) { byInstance = Array(repeating: [], count: instances) }

    var count: Int { hooks.count }

    @inline(__always) subscript(_ h: Int) -> HookState { hooks[h] }

    /// Installs a webhook (at the start, or by the timeline's `addWebhook`): its index.
    mutating func install(_ hook: HookState, name: String, query: JQLQuery) -> Int {
        hooks.append(hook)
        names.append(name)
        queries.append(query)
        matchesAll.append(query.matchesEverything)
        byInstance[hook.instance].append(hooks.count - 1)
        return hooks.count - 1
    }

    /// Whether webhook `h`'s query matches the issue. NB: evaluated here, on the stored query,
    /// because binding the query to a local copies it (a retain per field, seen in callgrind).
    func matches(_ h: Int, _ view: IssueView, context: JQLContext) -> Bool {
        queries[h].matches(view, context: context)
    }

    /// The timeline's `enable` / `disable`: every webhook of that name.
    mutating func setEnabled(_ name: String, _ enabled: Bool) {
        for h in hooks.indices where names[h] == name { hooks[h].enabled = enabled }
    }

    /// The timeline's `removeWebhook`: it fires no more (its index stays, for its report row).
    mutating func remove(_ name: String) {
        for h in hooks.indices where names[h] == name { hooks[h].installed = false }
    }

    /// The integrations whose endpoints the webhooks of this name point at.
    func endpoints(of name: String) -> [Int] {
        hooks.indices.filter { names[$0] == name }.map { hooks[$0].integration }
    }
}
