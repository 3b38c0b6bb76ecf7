import SimKit

/// The oracle: what every change should lead to in Aha! (its intended pairs), how far each pair got,
/// and why the ones never applied were dropped (DESIGN.md §3). It keeps its own links, so what is
/// intended never depends on the topology; it reads what happened, never what the engine decides.
struct Oracle {
    let rules: [IntegrationRule]
    /// Integrations by Jira project index: the only ones that can link that project's issues.
    let byProject: [[Int]]
    /// Per integration, by issue index: what would be linked had every intended import happened.
    /// Kept apart from Aha!'s links so that what is intended never depends on the topology.
    private var ideal: [[Bool]]
    /// The changes still able to produce writes, in reusable slots (no hashing per event).
    var tracks: [ChangeTrack] = []
    var freeTracks: [Int32] = []
    /// By delivery slot: the rights each delivery is judged on.
    var judges: [Judge] = []

    init(rules: [IntegrationRule], byProject: [[Int]]) {
        self.rules = rules
        self.byProject = byProject
        ideal = rules.map { _ in [] }
    }

    @inline(__always) func ideallyLinked(_ issue: Int32, integration k: Int) -> Bool {
        Int(issue) < ideal[k].count && ideal[k][Int(issue)]
    }

    mutating func setLinked(_ issue: Int32, integration k: Int, _ linked: Bool) {
        if Int(issue) >= ideal[k].count {
            guard linked else { return }
            ideal[k].append(contentsOf: repeatElement(false, count: Int(issue) + 1 - ideal[k].count))
        }
        ideal[k][Int(issue)] = linked
    }

    /// The pairs the oracle expects for a change: every record linked to the issue through an
    /// integration that syncs this kind of change, or for a create under a linked parent, one import
    /// per integration that imports and maps the type (DESIGN.md §3). An intended import links the
    /// new issue at the time of the create, whatever the topology then does.
    mutating func intend(_ change: Change, issue: Issue) -> [PairState] {
        if change.isEcho { return [] }
        var pairs: [PairState] = []
        for k in byProject[Int(issue.project)] {
            if change.kind == .create {
                guard issue.parent >= 0, rules[k].autoImport, ideallyLinked(issue.parent, integration: k),
                    rules[k].maps(issue.type)
                else { continue }
                setLinked(change.issue, integration: k, true)
                pairs.append(PairState(integration: Int32(k)))
            } else if ideallyLinked(change.issue, integration: k) && rules[k].syncs(change) {
                pairs.append(PairState(integration: Int32(k)))
            }
        }
        return pairs
    }

    /// Whether any integration an endpoint of `version` on `instance` serves links this issue or
    /// would import it, on the oracle's links (exposure does not depend on earlier losses). A create
    /// to be imported is already linked (`intend` ran first); an existing unlinked issue under a
    /// linked parent is never imported, so it is out of scope.
    func inScope(issue index: Int32, project: Int, version: IntegrationVersion, instance: Int) -> Bool {
        for k in byProject[project] where rules[k].isServed(by: version, on: instance) {
            if ideallyLinked(index, integration: k) { return true }
        }
        return false
    }

    /// A deleted issue is linked nowhere any more.
    mutating func unlink(_ issue: Int32, project: Int) {
        for k in byProject[project] { setLinked(issue, integration: k, false) }
    }

    /// Starts following a change with intended pairs: its slot.
    mutating func open(_ change: Change, pairs: [PairState]) -> Int32 {
        let track = ChangeTrack(change: change, pairs: pairs)
        if let slot = freeTracks.popLast() {
            tracks[Int(slot)] = track
            return slot
        }
        tracks.append(track)
        return Int32(tracks.count - 1)
    }

    /// One more delivery or job may carry the change in `slot`.
    @inline(__always) mutating func hold(_ slot: Int32) { tracks[Int(slot)].outstanding += 1 }

    /// Whether nothing carries the change any more (it settles now).
    @inline(__always) func isIdle(_ slot: Int32) -> Bool { tracks[Int(slot)].outstanding == 0 }

    /// Every pair of the change reached at least `stage`.
    mutating func raise(track slot: Int32, to stage: Stage) {
        guard slot >= 0 else { return }
        for i in tracks[Int(slot)].pairs.indices { tracks[Int(slot)].pairs[i].raise(to: stage) }
    }

    /// The pairs of a change, taken out for processing to edit (NB: keeps the array uniquely
    /// referenced while it is edited); `put` them back after.
    mutating func takePairs(_ slot: Int32) -> [PairState] {
        let pairs = tracks[Int(slot)].pairs
        tracks[Int(slot)].pairs = []
        return pairs
    }

    mutating func putPairs(_ pairs: [PairState], _ slot: Int32) { tracks[Int(slot)].pairs = pairs }

    /// The change of a slot.
    @inline(__always) func change(_ slot: Int32) -> Change { tracks[Int(slot)].change }

    /// A pair is applied for the first time at `now`: its latency runs from the change.
    static func applied(_ pair: inout PairState, change: SimTime, at now: SimTime, measures: inout Measures) {
        pair.appliedAt = now.microseconds
        measures.oracle.applied += 1
        measures.oracle.byIntegration[Int(pair.integration)].applied += 1
        let latency = now - change
        if latency.microseconds < 0 { measures.oracle.negativeLatencies += 1 }
        measures.oracle.latency.record(latency.microseconds)
    }
}
