import SimKit

/// Turns the facts a probe kept of one change into story events, with the names a person reads and
/// the oracle's verdict per pair explained (DESIGN.md §3) from what each webhook did.
struct StoryContext {
    let probe: ExplainProbe
    let sim: TopologySimulation

    init(probe: ExplainProbe, sim: TopologySimulation) {
        self.probe = probe
        self.sim = sim
    }

    func hookName(_ h: Int32) -> String {
        Int(h) < sim.jira.webhooks.names.count ? sim.jira.webhooks.names[Int(h)] : "webhook \(h)"
    }
    func integrationID(_ k: Int32) -> String { sim.scenario.aha.integrations[Int(k)].id }
    func workspace(_ k: Int32) -> String { sim.scenario.aha.integrations[Int(k)].workspace }
    func userName(_ u: Int) -> String {
        u >= 0 && u < sim.scenario.aha.users.count ? sim.scenario.aha.users[u].name : "nobody"
    }

    /// A user's role in a workspace at a point of the timeline (`epoch`, see `AhaRights.epochs`).
    func role(_ user: Int, _ workspace: Int, epoch: Int) -> Role {
        let epochs = probe.rights.epochs
        guard user >= 0, epoch >= 0, epoch < epochs.count, user < epochs[epoch].count else { return .none }
        return epochs[epoch][user][workspace]
    }

    /// The events of one change, from its facts in time order.
    func events(of facts: [StoryFact]) -> [StoryEvent] {
        guard case .change(let change)? = facts.first.map(\.fact) else { return [] }
        let id = change.change.id
        var out: [StoryEvent] = []
        func add(_ f: StoryFact, _ what: StoryEvent.What) {
            out.append(StoryEvent(at: f.at, seq: f.seq, change: id, what: what))
        }
        var statuses: [DeliveryKey: [Int: Int16]] = [:]
        for f in facts {
            if case .arrival(let key, let attempt, let status) = f.fact {
                statuses[key, default: [:]][attempt] = status
            }
        }
        var log = DeliveryLog()
        var settled = Set<Int32>()
        for f in facts {
            switch f.fact {
            case .change(let c):
                add(f, .change(c, intended: c.pairs.map { (integrationID($0), workspace($0)) }))
            case .decision(let key, let decision, let miss, let values, _, _):
                log.note(f)
                let h = Int(key.hook)
                let jql = h < sim.jira.webhooks.queries.count ? sim.jira.webhooks.queries[h].text : ""
                add(
                    f,
                    .decision(
                        hook: hookName(key.hook), event: StoryValues.eventName(key.kind), decision,
                        jql: jql, miss: miss?.text, values: values))
            case .attempt(let key, let attempt, let fate):
                log.note(f)
                switch fate {
                case .connectionFailed(let timeoutAt):
                    add(
                        f,
                        .attempt(
                            hook: hookName(key.hook), event: StoryValues.eventName(key.kind), attempt: attempt,
                            arrivesAt: nil))
                    out.append(
                        StoryEvent(
                            at: timeoutAt, seq: f.seq, change: id,
                            what: .noAnswer(hook: hookName(key.hook), attempt: attempt, why: "the connection failed")))
                case .arrives(let arrivesAt, let answeredAt, let timeoutAt):
                    add(
                        f,
                        .attempt(
                            hook: hookName(key.hook), event: StoryValues.eventName(key.kind), attempt: attempt,
                            arrivesAt: arrivesAt))
                    if let answeredAt, let status = statuses[key]?[attempt] {
                        out.append(
                            StoryEvent(
                                at: answeredAt, seq: f.seq, change: id,
                                what: .answer(hook: hookName(key.hook), attempt: attempt, status: Int(status))))
                    } else if let timeoutAt {
                        let why =
                            answeredAt == nil && arrivesAt <= timeoutAt
                            ? "Aha!'s answer was lost or came too late" : "no answer"
                        out.append(
                            StoryEvent(
                                at: timeoutAt, seq: f.seq, change: id,
                                what: .noAnswer(hook: hookName(key.hook), attempt: attempt, why: why)))
                    }
                }
            case .arrival(let key, let attempt, let status):
                log.note(f)
                add(f, .arrival(hook: hookName(key.hook), attempt: attempt, status: Int(status)))
            case .jiraDone(let key, let failedWith):
                log.note(f)
                add(
                    f,
                    .jiraDone(hook: hookName(key.hook), failedWith: failedWith, attempts: log.attempts[key.hook] ?? 0))
            case .processed(let key, let attempt, let user, let epoch, let outcomes):
                log.note(f)
                add(f, .processed(step(key, attempt: attempt, user: user, epoch: epoch, outcomes: outcomes)))
            case .settled(let k, let appliedAt, let stage):
                settled.insert(k)
                add(f, .verdict(verdict(change, k, appliedAt: appliedAt, stage: stage, log: log)))
            }
        }
        // NB: pairs the run ended before settling are in flight (DESIGN.md §3).
        for k in change.pairs where !settled.contains(k) {
            out.append(
                StoryEvent(
                    at: sim.end, seq: Int.max - 1, change: id,
                    what: .verdict(verdict(change, k, appliedAt: nil, stage: nil, log: log))))
        }
        // NB: an answer or timeout worked out ahead of time may fall after the run's end; it never happened.
        out.removeAll { $0.at > sim.end }
        out.sort { ($0.at, $0.seq) < ($1.at, $1.seq) }
        // NB: Jira reads an answer after the worker may have settled the pair; the verdicts close the
        // change's story so a reader sees everything that led to them first.
        let last = out.last(where: { if case .verdict = $0.what { return false } else { return true } })?.at ?? .zero
        var verdicts: [StoryEvent] = []
        out.removeAll { e in
            guard case .verdict = e.what else { return false }
            verdicts.append(StoryEvent(at: max(e.at, last), seq: e.seq, change: e.change, what: e.what))
            return true
        }
        return out + verdicts
    }

    /// What the endpoint did with one job: its version, what it serves, who it ran as and their roles.
    func step(_ key: DeliveryKey, attempt: Int, user: Int, epoch: Int, outcomes: [PairFact]) -> ProcessedStep {
        let hook = sim.jira.webhooks[Int(key.hook)]
        let served = sim.aha.served(by: hook.version, on: hook.instance)
        var workspaces: [Int] = []
        for k in served + outcomes.map({ Int($0.integration) })
        where !workspaces.contains(sim.aha.rules[k].workspace) {
            workspaces.append(sim.aha.rules[k].workspace)
        }
        let names = sim.scenario.aha.workspaces
        let writes = outcomes.map { o -> (String, String, String, Stage?) in
            var reason: Stage?
            let result: String
            switch o.outcome {
            case .applied(let wrote): result = wrote ? "written" : "appliedEmpty"
            case .again(let wrote): result = wrote ? "duplicate" : "alreadyApplied"
            case .refused(let stage):
                result = "refused"
                reason = stage
            }
            return (integrationID(o.integration), workspace(o.integration), result, reason)
        }
        return ProcessedStep(
            hook: hookName(key.hook), attempt: attempt, runAs: userName(user), version: hook.version.rawValue,
            served: served.map { sim.scenario.aha.integrations[$0].id },
            roles: workspaces.map { (names[$0], role(user, $0, epoch: epoch).rawValue) }, writes: writes)
    }

    /// Whether timeline entry `index` touches this run: an entry naming a webhook of another topology
    /// is applied everywhere but changes nothing here.
    func concernsThisRun(_ index: Int) -> Bool {
        switch sim.scenario.timeline[index].action {
        case .setRunAs(let webhook, _), .disable(let webhook), .enable(let webhook), .removeWebhook(let webhook):
            return sim.jira.webhooks.names.contains(webhook)
        case .outage, .setRole, .addWebhook: return true
        }
    }

    /// Describes timeline entry `index` as it reads in the scenario.
    func describeTimeline(_ index: Int) -> String {
        switch sim.scenario.timeline[index].action {
        case .setRunAs(let webhook, let user): return "setRunAs: the endpoint of '\(webhook)' now runs as \(user)"
        case .disable(let webhook): return "disable '\(webhook)'"
        case .enable(let webhook): return "enable '\(webhook)'"
        case .outage(let span): return "outage: every Aha! endpoint answers 503 for \(span.format())"
        case .setRole(let user, let workspace, let role):
            return "setRole: \(user) is now \(role.rawValue) in \(workspace)"
        case .addWebhook(let spec): return "addWebhook '\(spec.name)' → \(spec.integration)"
        case .removeWebhook(let name): return "removeWebhook '\(name)'"
        }
    }
}

/// What each webhook did with one change so far, for a pair's verdict.
struct DeliveryLog {
    var decisions: [Int32: StoryFact] = [:]
    var attempts: [Int32: Int] = [:]
    /// The status Jira read last, per webhook.
    var lastStatus: [Int32: Int16] = [:]
    var done: [Int32: Stage?] = [:]
    var processed: [Int32: [StoryFact]] = [:]

    mutating func note(_ f: StoryFact) {
        switch f.fact {
        case .decision(let key, _, _, _, _, _) where key.kind != .issueCommented: decisions[key.hook] = f
        case .attempt(let key, _, _) where key.kind != .issueCommented: attempts[key.hook, default: 0] += 1
        case .arrival(let key, _, let status) where key.kind != .issueCommented: lastStatus[key.hook] = status
        case .jiraDone(let key, let failedWith) where key.kind != .issueCommented: done[key.hook] = .some(failedWith)
        case .processed(let key, _, _, _, _) where key.kind != .issueCommented:
            processed[key.hook, default: []].append(f)
        default: break
        }
    }
}
