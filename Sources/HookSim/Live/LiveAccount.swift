import SimKit

/// The scenario's Aha! account applying DESIGN.md §2's rules to Jira bodies as they arrive.
///
/// A value type with no clock and no sockets, so every rule is tested by feeding it bodies: the
/// server calls `receive` when a request is accepted, `linkedNow` when a worker starts on it and
/// `apply` when the worker finishes — the split the simulation makes, which is what lets two
/// overlapping deliveries of one create both import it.
///
/// What it counts follows the simulation's measures, restricted to what a receiver can know: a
/// *pair* is (change, integration), a change being recognised by (issue, `webhookEvent`,
/// `timestamp`, comment or changelog id) whichever endpoint or retry carried it (DESIGN.md §7.4).
struct LiveAccount: Sendable {
    /// Where an issue stands in one integration.
    enum Link: Sendable, Equatable {
        /// Not linked, and nothing is expected of this integration for it.
        case none
        /// Should be linked, but its record does not exist yet: created under a linked parent
        /// and awaiting its import (an update now finds no record: `recordMissing`).
        case pending
        /// Linked to a record holding the synced fields written so far (by `Field` raw value).
        case linked([String?])
        /// Its record was deleted in Aha! by a `jira:issue_deleted`.
        case deleted
    }

    struct Issue: Sendable {
        var type: String?
        var parent: String?
        /// One per integration of the scenario.
        var links: [Link]
    }

    struct ChangeKey: Hashable, Sendable {
        var issue: String
        var event: String
        var timestamp: Int64
        var detail: String
    }

    struct PairKey: Hashable, Sendable {
        var change: ChangeKey
        var integration: Int
    }

    /// The furthest stage a pair reached without being applied (`Stage` order), or applied.
    struct Pair: Sendable {
        var stage: Stage = .noWebhook
        var applied = false
    }

    let aha: AhaSpec
    let jira: [JiraInstanceSpec]
    /// Per integration, the user index its endpoint runs as (nil: nobody, so nothing is written).
    var runAs: [Int?]
    /// Starting issues of the generated world, by (instance, key): their type and parent, and the
    /// world's index, so that they are linked exactly as the simulation links them.
    let world: [String: (index: Int, type: String, parent: String?)]
    let seed: UInt64
    var issues: [String: Issue] = [:]
    var pairs: [PairKey: Pair] = [:]
    var counters = LiveCounters()

    /// - Parameter runAs: user name per integration id; ids absent run as nobody.
    init(scenario: Scenario, runAs names: [String: String]) {
        aha = scenario.aha
        jira = scenario.jira
        seed = scenario.seed
        runAs = scenario.aha.integrations.map { i in
            names[i.id].flatMap { n in scenario.aha.users.firstIndex { $0.name == n } }
        }
        let generated = JiraWorld.generate(scenario)
        var world: [String: (index: Int, type: String, parent: String?)] = [:]
        for (i, issue) in generated.issues.enumerated() {
            let instance = generated.projects[Int(issue.project)].instance
            let parent = issue.parent >= 0 ? generated.key(of: issue.parent) : nil
            world["\(instance)|\(generated.key(of: Int32(i)))"] = (i, generated.typeName(of: Int32(i)), parent)
        }
        self.world = world
        counters.writesByAuthor = Array(repeating: 0, count: aha.users.count)
        counters.requests = Array(repeating: [:], count: aha.integrations.count)
    }

    func instanceIndex(of endpoint: Int) -> Int { jira.firstIndex { $0.id == aha.integrations[endpoint].jira } ?? 0 }

    /// Integrations on the endpoint's Jira instance connected to `project`: where records of its issues live.
    func integrations(instance: Int, project: String?) -> [Int] {
        aha.integrations.indices.filter {
            aha.integrations[$0].jira == jira[instance].id && aha.integrations[$0].project == project
        }
    }

    func issueID(_ instance: Int, _ key: String) -> String { "\(instance)|\(key)" }

    func isEcho(_ body: JiraBody, instance: Int) -> Bool {
        body.actor != nil && body.actor == jira[instance].integrationAccount
    }

    /// A request was accepted for processing: counts it, learns an issue seen for the first time,
    /// and judges exposure (a first attempt about an issue no integration the endpoint serves links).
    mutating func receive(_ body: JiraBody, endpoint e: Int, retry: Bool) {
        counters.received += 1
        guard body.kind != .ignored else {
            counters.ignored += 1
            return
        }
        guard let key = body.issueKey else { return }
        let instance = instanceIndex(of: e)
        let id = issueID(instance, key)
        if issues[id] == nil { issues[id] = firstSight(body, key: key, instance: instance) }
        guard !retry, let issue = issues[id] else { return }
        let version = aha.integrations[e].version
        let served = integrations(instance: instance, project: body.project).filter {
            aha.integrations[$0].version == version && issue.links[$0] != .none
        }
        if served.isEmpty { counters.exposure += 1 }
    }

    /// Links an issue seen for the first time "like generated issues" (DESIGN.md §7.5).
    ///
    /// A starting issue of the scenario's world is linked as the simulation links it; another
    /// issue first seen through its create is new, so it is linked only by an import under a
    /// linked parent; any other is an existing issue, linked by the integration's `linked` share
    /// from a draw keyed by (integration, key) — unless its parent is linked, in which case it was
    /// created under that parent and awaits its import.
    func firstSight(_ body: JiraBody, key: String, instance: Int) -> Issue {
        let known = world[issueID(instance, key)]
        var issue = Issue(type: body.issueType ?? known?.type, parent: body.parentKey ?? known?.parent, links: [])
        let keyed = KeyedRandom(seed: seed)
        let candidates = Set(integrations(instance: instance, project: body.project))
        for (k, spec) in aha.integrations.enumerated() {
            guard candidates.contains(k), issue.type.map({ spec.recordType(for: $0) != nil }) ?? true else {
                issue.links.append(.none)
                continue
            }
            let parentLinked =
                issue.parent.map { issues[issueID(instance, $0)]?.links[k] ?? .none }.map { $0 != .none } ?? false
            let ih = KeyedRandom.hash(spec.id)
            if let known {
                issue.links.append(
                    keyed.unit(Streams.link, ih, UInt64(known.index)) < spec.linked ? .linked(Self.empty) : .none)
            } else if body.kind == .issueCreated || parentLinked {
                issue.links.append(parentLinked && spec.autoImport ? .pending : .none)
            } else {
                let draw = keyed.unit(Streams.link, ih, KeyedRandom.hash(key))
                issue.links.append(draw < spec.linked ? .linked(Self.empty) : .none)
            }
        }
        return issue
    }

    static let empty = [String?](repeating: nil, count: Field.allCases.count)

    /// When a worker starts on a create: the integrations where the issue is already linked. The
    /// record is created only when the worker finishes, so an import that overlaps another sees
    /// none and imports again — a duplicate record (DESIGN.md §2).
    func linkedNow(_ body: JiraBody, endpoint e: Int) -> [Int] {
        guard body.kind == .issueCreated, let key = body.issueKey,
            let issue = issues[issueID(instanceIndex(of: e), key)]
        else { return [] }
        return issue.links.indices.filter { if case .linked = issue.links[$0] { true } else { false } }
    }
}

/// Everything `/report` and `/metrics` say, counted as requests are answered and applied.
struct LiveCounters: Sendable, Equatable {
    var received = 0
    var ignored = 0
    var echoes = 0
    var applied = 0
    var writes = 0
    var duplicateWrites = 0
    var duplicateComments = 0
    var duplicateRecords = 0
    var exposure = 0
    var rateLimited = 0
    var outageAnswers = 0
    /// Per Aha! user, by index in the scenario.
    var writesByAuthor: [Int] = []
    /// Per integration, status → answers, for `hooksim_requests_total`.
    var requests: [[Int: Int]] = []
}
