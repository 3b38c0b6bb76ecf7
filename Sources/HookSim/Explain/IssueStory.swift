import SimKit

/// One line of a story: something that happened to a change of the issue, at simulated time `at`.
struct StoryEvent: Sendable {
    var at: SimTime
    /// Breaks ties of `at` in the order the engine did things, so the story never varies.
    var seq: Int
    /// The change it belongs to; nil for timeline entries and the final state.
    var change: Int32?
    var what: What

    enum What: Sendable {
        case change(ChangeFacts, intended: [(integration: String, workspace: String)])
        /// `jql` is the webhook's filter ("" for none); `miss` the part the issue failed.
        case decision(hook: String, event: String, HookDecision, jql: String, miss: String?, values: [String])
        /// `arrivesAt` nil: the connection failed.
        case attempt(hook: String, event: String, attempt: Int, arrivesAt: SimTime?)
        case arrival(hook: String, attempt: Int, status: Int)
        case answer(hook: String, attempt: Int, status: Int)
        /// Jira waited in vain: the connection failed, the answer was lost, or it came too late.
        case noAnswer(hook: String, attempt: Int, why: String)
        case jiraDone(hook: String, failedWith: Stage?, attempts: Int)
        case processed(ProcessedStep)
        case verdict(PairVerdict)
        case timeline(String)
        case final(FinalState)
    }
}

/// What an endpoint did with one job: who it ran as, what it serves, and per pair what it wrote.
struct ProcessedStep: Sendable {
    var hook: String
    var attempt: Int
    var runAs: String
    var version: String
    /// The integrations the endpoint serves (same version, same Jira instance: DESIGN.md §2).
    var served: [String]
    /// The run-as user's role in the workspace of each integration it serves or was asked to write.
    var roles: [(workspace: String, role: String)]
    /// Per pair: `written` (first write), `appliedEmpty` (first time reached, nothing to change),
    /// `duplicate` (written again), `alreadyApplied` (nothing to change) or `refused` with a reason.
    var writes: [(integration: String, workspace: String, result: String, reason: Stage?)]
}

/// The oracle's verdict on one intended pair (change, record), with why.
struct PairVerdict: Sendable {
    enum Outcome: Sendable, Equatable {
        case applied(at: SimTime, latency: SimDuration)
        case dropped(Stage)
        case inFlight
    }
    struct Write: Sendable {
        var at: SimTime
        var hook: String
        var user: String
        /// The first write of the pair; the others are duplicates.
        var first: Bool
        /// False for a first application whose diff was empty (still applied: DESIGN.md §3).
        var changed: Bool
    }
    var integration: String
    var workspace: String
    var outcome: Outcome
    var writes: [Write]
    /// For a dropped pair: how far each webhook got (DESIGN.md §3).
    var why: [HookReach]

    var duplicates: Int { writes.filter { !$0.first && $0.changed }.count }
}

/// How far one webhook got with one pair, for the drop reason.
struct HookReach: Sendable {
    var webhook: String
    /// A stage name (`jqlFiltered`, `rateLimited`, …) or `applied`.
    var reached: String
    /// Able to apply the pair (DESIGN.md §3): only able webhooks reach run-time stages.
    var able: Bool
    var detail: String
}

/// A record of the issue at the end of the run against the Jira issue.
struct FinalState: Sendable {
    var integration: String
    var workspace: String
    /// `inSync`, `divergent`, `deleted`, `issueDeleted`, `missing` (the oracle expected a record) or `notLinked`.
    var state: String
    var divergent: [(field: String, aha: String, jira: String)]
}

/// Which part of the story to tell.
struct StoryOptions: Equatable, Sendable {
    /// Only this change (its id, as the story shows it: `#57`).
    var change: Int32?
    /// Only the pairs dropped or duplicated, with their change's header.
    var pairsOnly = false
    /// Only pairs dropped for this reason (and their changes).
    var reason: Stage?
}

/// The story of an issue (or of the cases of one drop reason) in time order, built from what an
/// `ExplainProbe` kept of one run and the run's final state.
struct IssueStory: Sendable {
    var title: String
    var events: [StoryEvent]
    /// What to say when no change is told: which filter left everything out.
    var nothingToTell = "no change matched"
    /// Totals of the verdicts told, the figures a report counts (DESIGN.md §3).
    var changes = 0
    var intended = 0
    var applied = 0
    var inFlight = 0
    var duplicateWrites = 0
    /// Drops per reason, in `Stage` order.
    var dropped: [Int] = Array(repeating: 0, count: Stage.allCases.count)

    /// Builds the story of every change the probe kept, filtered by `options`.
    /// - Parameter issue: the issue explained (its final state ends the story); nil for `--reason`.
    static func build(
        _ probe: ExplainProbe, _ sim: TopologySimulation, options: StoryOptions, title: String, issue: Int32?
    ) -> IssueStory {
        var story = IssueStory(title: title, events: [])
        if let reason = options.reason {
            story.nothingToTell = "no pair was dropped as \(reason.name)"
        } else if let change = options.change {
            story.nothingToTell = "no change #\(change)" + (issue == nil ? "" : " of this issue")
        } else if options.pairsOnly {
            story.nothingToTell = "no pair was dropped or duplicated"
        } else if issue != nil {
            story.nothingToTell = "no change of this issue during the run"
        }
        let ids: [Int32]
        if case .reason = probe.target { ids = probe.cases } else { ids = probe.buffers.keys.sorted() }
        let context = StoryContext(probe: probe, sim: sim)
        var first = SimTime.distantFuture
        var last = SimTime.zero
        var stories: [[StoryEvent]] = ids.compactMap { id in
            probe.buffers[id].map { context.events(of: $0.facts.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }) }
        }
        // NB: before filtering, so a drop can name an import the filters leave out.
        Self.nameLostImports(&stories)
        for var events in stories {
            guard let id = events.first?.change, options.change == nil || options.change == id else { continue }
            let verdicts = events.compactMap { e -> PairVerdict? in
                if case .verdict(let v) = e.what { return v }
                return nil
            }
            if let reason = options.reason, !verdicts.contains(where: { $0.outcome == .dropped(reason) }) { continue }
            if options.pairsOnly {
                events = events.filter { e in
                    switch e.what {
                    case .change: return true
                    case .verdict(let v): return Self.isTold(v, options)
                    default: return false
                    }
                }
                if events.count <= 1 { continue }
            }
            story.count(verdicts)
            first = min(first, events.first?.at ?? first)
            last = max(last, events.last?.at ?? last)
            story.events += events
        }
        // NB: every entry up to the story's end: one before it (a run-as changed) is often the cause.
        for (index, at) in probe.timeline where first < .distantFuture && at <= last && context.concernsThisRun(index) {
            story.events.append(
                StoryEvent(at: at, seq: -1, change: nil, what: .timeline(context.describeTimeline(index))))
        }
        // NB: each change's story is told whole, changes in the order they happened: a retry of an
        // older change interleaved with a newer one reads as if it belonged to the newer. A timeline
        // entry comes before the first change at or after it.
        var started: [Int32: SimTime] = [:]
        for e in story.events { if case .change(let c, _) = e.what { started[c.change.id] = c.change.time } }
        func group(_ e: StoryEvent) -> (SimTime, Int32) {
            guard let id = e.change else { return (e.at, -1) }
            return (started[id] ?? e.at, id)
        }
        story.events.sort { a, b in
            let (ga, gb) = (group(a), group(b))
            return (ga.0, ga.1, a.at, a.seq) < (gb.0, gb.1, b.at, b.seq)
        }
        if let issue, !options.pairsOnly, options.change == nil {
            for f in context.finalStates(of: issue) {
                story.events.append(StoryEvent(at: sim.end, seq: Int.max, change: nil, what: .final(f)))
            }
        }
        return story
    }

    /// Runs topology `index` of `scenario` once with a probe for `target` and tells the story.
    /// - Returns: the story (nil when `target` names an issue the run never had), and the run.
    static func explain(
        _ scenario: Scenario, topology index: Int, target: ExplainTarget, options: StoryOptions,
        title: (TopologySimulation, Int32?) -> String, progress: Simulator.Progress? = nil
    ) throws(SimulationError) -> (story: IssueStory?, sim: TopologySimulation, measures: Measures) {
        let probe = ExplainProbe(target: target, scenario: scenario, topology: index)
        let (sim, measures) = try Simulator.simulate(scenario, index: index, progress: progress, probe: probe)
        var issue: Int32?
        if case .issue(let project, let number) = target {
            // NB: an issue no change touched has no facts, but still a final state to show.
            issue =
                probe.issueIndex
                ?? sim.world.issues.indices.first(where: { i in
                    sim.world.issues[i].number == number
                        && sim.world.projects[Int(sim.world.issues[i].project)].key == project
                }).map { Int32($0) }
            if issue == nil { return (nil, sim, measures) }
        }
        return (build(probe, sim, options: options, title: title(sim, issue), issue: issue), sim, measures)
    }

    /// With `--pair`: a pair dropped (for the reason asked, if any) or written more than once.
    static func isTold(_ v: PairVerdict, _ options: StoryOptions) -> Bool {
        if let reason = options.reason { return v.outcome == .dropped(reason) }
        if case .dropped = v.outcome { return true }
        return v.duplicates > 0
    }

    /// A comment or update that found no record says which import it waited for, when the story
    /// holds the issue's create: dropped (and why), or applied only later.
    private static func nameLostImports(_ stories: inout [[StoryEvent]]) {
        var issueOf: [Int32: (key: String, create: Bool)] = [:]
        for e in stories.joined() {
            if case .change(let c, _) = e.what { issueOf[c.change.id] = (c.issueKey, c.change.kind == .create) }
        }
        // NB: keyed by issue and integration; only looked up, never iterated.
        var imports: [String: (change: Int32, outcome: PairVerdict.Outcome)] = [:]
        for e in stories.joined() {
            guard case .verdict(let v) = e.what, let id = e.change, let issue = issueOf[id], issue.create else {
                continue
            }
            imports[issue.key + " " + v.integration] = (id, v.outcome)
        }
        guard !imports.isEmpty else { return }
        for s in stories.indices {
            for i in stories[s].indices {
                guard case .verdict(var v) = stories[s][i].what, v.outcome == .dropped(.recordMissing),
                    let id = stories[s][i].change, let issue = issueOf[id], !issue.create,
                    let imported = imports[issue.key + " " + v.integration]
                else { continue }
                let what: String
                switch imported.outcome {
                case .dropped(let stage): what = "its import, change #\(imported.change), was dropped (\(stage.name))"
                case .applied(let at, _):
                    what = "its import, change #\(imported.change), was applied only at \(StoryValues.clock(at))"
                case .inFlight: what = "its import, change #\(imported.change), was still in flight"
                }
                for j in v.why.indices where v.why[j].reached == Stage.recordMissing.name {
                    v.why[j].detail = v.why[j].detail.replacing(StoryContext.importUnknown, with: ": " + what)
                }
                stories[s][i].what = .verdict(v)
            }
        }
    }

    private mutating func count(_ verdicts: [PairVerdict]) {
        changes += 1
        for v in verdicts {
            intended += 1
            duplicateWrites += v.duplicates
            switch v.outcome {
            case .applied: applied += 1
            case .inFlight: inFlight += 1
            case .dropped(let stage): dropped[Int(stage.rawValue)] += 1
            }
        }
    }
}
