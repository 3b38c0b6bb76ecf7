import SimKit

extension StoryContext {
    /// How a `recordMissing` detail ends when the story does not hold the import it waited for.
    static let importUnknown = " (its import was lost or had not happened yet)"

    /// The oracle's verdict on pair (change, integration `k`): applied with its writes, dropped with
    /// how far each webhook got, or in flight (`stage` nil and never applied).
    func verdict(_ change: ChangeFacts, _ k: Int32, appliedAt: Int64?, stage: Stage?, log: DeliveryLog) -> PairVerdict {
        var jobs: [(hook: Int32, fact: StoryFact)] = []
        for h in log.processed.keys.sorted() { for f in log.processed[h] ?? [] { jobs.append((h, f)) } }
        jobs.sort { ($0.fact.at, $0.fact.seq) < ($1.fact.at, $1.fact.seq) }
        var writes: [PairVerdict.Write] = []
        for (h, f) in jobs {
            guard case .processed(_, _, let user, _, let outcomes) = f.fact else { continue }
            for o in outcomes where o.integration == k {
                switch o.outcome {
                case .applied(let wrote):
                    writes.append(.init(at: f.at, hook: hookName(h), user: userName(user), first: true, changed: wrote))
                case .again(let wrote) where wrote:
                    writes.append(.init(at: f.at, hook: hookName(h), user: userName(user), first: false, changed: true))
                default: break
                }
            }
        }
        let outcome: PairVerdict.Outcome
        if let appliedAt {
            let at = SimTime(microseconds: appliedAt)
            outcome = .applied(at: at, latency: at - change.change.time)
        } else if let stage {
            outcome = .dropped(stage)
        } else {
            outcome = .inFlight
        }
        var why: [HookReach] = []
        if case .applied = outcome {
        } else {
            for h in log.decisions.keys.sorted() {
                if let r = reach(Int(h), k, change: change, log: log) { why.append(r) }
            }
            if why.isEmpty {
                why.append(
                    HookReach(
                        webhook: "—", reached: Stage.noWebhook.name, able: false,
                        detail: "no webhook of this topology is installed in the issue's Jira instance"))
            }
        }
        return PairVerdict(
            integration: integrationID(k), workspace: workspace(k), outcome: outcome, writes: writes, why: why)
    }

    /// How far webhook `h` got with the pair of integration `k` (DESIGN.md §3): a configuration stage
    /// when it was not able to apply it, else the run-time stage where it was lost.
    func reach(_ h: Int, _ k: Int32, change: ChangeFacts, log: DeliveryLog) -> HookReach? {
        guard let d = log.decisions[Int32(h)],
            case .decision(let key, let decision, let miss, _, let runAs, let epoch) = d.fact
        else { return nil }
        let name = hookName(Int32(h))
        func r(_ stage: Stage, _ detail: String) -> HookReach {
            HookReach(webhook: name, reached: stage.name, able: stage.isRunTime, detail: detail)
        }
        switch decision {
        case .disabled: return r(.webhookDisabled, "disabled")
        case .notSubscribed: return r(.notSubscribed, "not subscribed to \(StoryValues.eventName(key.kind))")
        case .jqlFiltered:
            return r(.jqlFiltered, miss.map { "its filter failed at '\($0.text)'" } ?? "its filter did not match")
        case .dispatched, .lostInQueue: break
        }
        let hook = sim.jira.webhooks[h]
        let integration = sim.aha.rules[Int(k)]
        let ws = workspace(k)
        if !integration.isServed(by: hook.version, on: hook.instance) {
            return r(
                .versionMismatch,
                "its endpoint is \(hook.version.rawValue); \(integrationID(k)) is \(integration.version.rawValue) (or in another Jira)"
            )
        }
        var best: (stage: Stage, user: Int, epoch: Int)?
        var applied = false
        for f in log.processed[Int32(h)] ?? [] {
            guard case .processed(_, _, let user, let epoch, let outcomes) = f.fact else { continue }
            for o in outcomes where o.integration == k {
                switch o.outcome {
                case .applied, .again: applied = true
                case .refused(let stage):
                    if best.map({ $0.stage.rawValue < stage.rawValue }) ?? true { best = (stage, user, epoch) }
                }
            }
        }
        if applied { return HookReach(webhook: name, reached: "applied", able: true, detail: "wrote it") }
        if let best, best.stage == .recordMissing {
            return r(
                .recordMissing,
                "reached Aha! as \(userName(best.user)), which found no record of \(change.issueKey) in \(ws)"
                    + Self.importUnknown)
        }
        if let best, best.stage == .permissionDenied {
            let role = self.role(best.user, integration.workspace, epoch: best.epoch)
            return r(
                .permissionDenied,
                "its endpoint ran as \(userName(best.user)), who is \(role.rawValue) in \(ws) when Aha! processed it")
        }
        let dispatchRole = role(runAs, integration.workspace, epoch: epoch)
        if !dispatchRole.canWrite {
            return r(
                .permissionDenied,
                "its endpoint runs as \(userName(runAs)), who is \(dispatchRole.rawValue) in \(ws) (never processed; judged at dispatch)"
            )
        }
        if decision == .lostInQueue {
            return r(.deliveryFailed, "lost in Jira's dispatch queue: every thread busy and the queue full")
        }
        let attempts = log.attempts[Int32(h)] ?? 0
        let last = log.lastStatus[Int32(h)].map { "Aha!'s last answer was \($0)" } ?? "no attempt reached Aha!"
        switch log.done[Int32(h)] {
        case .some(.some(let stage)):
            return r(stage, "Jira gave up after \(attempts) attempt\(attempts == 1 ? "" : "s"); \(last)")
        case .some(.none):
            return HookReach(
                webhook: name, reached: "delivered", able: true,
                detail: "delivered, not yet processed when the run ended")
        case .none:
            return HookReach(
                webhook: name, reached: "inFlight", able: true,
                detail: "Jira was still delivering it when the run ended (\(attempts) attempts)")
        }
    }

    /// The issue's record in each integration of its project at the end of the run, against Jira.
    func finalStates(of issue: Int32) -> [FinalState] {
        let world = sim.world
        let jira = world.issues[Int(issue)]
        let users = world.instances[world.instance(of: issue)].users
        var out: [FinalState] = []
        for k in sim.aha.byProject[Int(jira.project)] {
            let spec = sim.scenario.aha.integrations[k]
            var state = FinalState(integration: spec.id, workspace: spec.workspace, state: "notLinked", divergent: [])
            let r = sim.aha.links[k].record(of: issue)
            if r >= 0 {
                let record = sim.aha.records[Int(r)]
                if record.deleted {
                    state.state = "deleted"
                } else if jira.deleted {
                    state.state = "issueDeleted"
                } else {
                    for f in Field.allCases
                    where sim.aha.rules[k].syncs(field: f.rawValue)
                        && record.values[f.rawValue] != jira.values[f.rawValue]
                    {
                        state.divergent.append(
                            (
                                f.name, StoryValues.describe(f, record.values[f.rawValue], users: users),
                                StoryValues.describe(f, jira.values[f.rawValue], users: users)
                            ))
                    }
                    state.state = state.divergent.isEmpty ? "inSync" : "divergent"
                }
            } else if r == RecordLinks.deletedInAha {
                state.state = "deleted"
            } else if sim.oracle.ideallyLinked(issue, integration: k) {
                state.state = "missing"
            }
            out.append(state)
        }
        return out
    }
}
