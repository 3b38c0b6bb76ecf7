import SimKit

/// The story as a timeline a person follows: one line per thing that happened, the clock first,
/// what each webhook did indented under the change, the verdict per pair marked ✓ / ✗ / ⧗.
enum StoryText {
    static func render(_ story: IssueStory) -> String {
        var out = story.title + "\n"
        if !story.events.contains(where: { $0.change != nil }) {
            out += "\n(nothing to tell: " + story.nothingToTell + ")\n"
        }
        var lastChange: Int32?
        var inFinal = false
        for e in story.events {
            let clock = StoryValues.clock(e.at)
            let pad = String(repeating: " ", count: clock.count)
            if let c = e.change, c != lastChange, case .change = e.what { out += "\n" }
            lastChange = e.change ?? lastChange
            switch e.what {
            case .change(let c, let intended):
                out += clock + "  " + changeLine(c) + "\n"
                out +=
                    pad + "     intended: "
                    + (intended.isEmpty
                        ? "none (no linked record syncs this change)"
                        : intended.map { $0.integration + " (" + $0.workspace + ")" }.joined(separator: ", ")) + "\n"
            case .decision(let hook, let event, let decision, let jql, let miss, let values):
                out +=
                    clock + "     " + hook + ": " + event + " → "
                    + describe(decision, jql: jql, miss: miss, values: values) + "\n"
            case .attempt(let hook, _, let attempt, let arrivesAt):
                let reach = arrivesAt.map { "reaches Aha! at " + StoryValues.clock($0) } ?? "the connection fails"
                out += clock + "     " + hook + ": attempt \(attempt) leaves Jira; " + reach + "\n"
            case .arrival(let hook, let attempt, let status):
                out +=
                    clock + "     " + hook + ": attempt \(attempt) reaches Aha!, which answers " + answer(status) + "\n"
            case .answer(let hook, let attempt, let status):
                out += clock + "     " + hook + ": Jira reads \(status) for attempt \(attempt)\n"
            case .noAnswer(let hook, let attempt, let why):
                out += clock + "     " + hook + ": attempt \(attempt) times out in Jira: " + why + "\n"
            case .jiraDone(let hook, let failedWith, let attempts):
                let n = "\(attempts) attempt\(attempts == 1 ? "" : "s")"
                out +=
                    clock + "     " + hook + ": Jira is done: "
                    + (failedWith.map { "failed for good after \(n) (\($0.name))" } ?? "delivered after \(n)") + "\n"
            case .processed(let p):
                out +=
                    clock + "     " + p.hook + ": Aha! processes attempt \(p.attempt) as " + p.runAs + " · " + p.version
                    + " endpoint serving " + (p.served.isEmpty ? "nothing" : p.served.joined(separator: ", "))
                    + " · roles: " + p.roles.map { $0.workspace + " " + $0.role }.joined(separator: ", ") + "\n"
                if p.writes.isEmpty { out += pad + "       → nothing to write: this event carries no intended pair\n" }
                for w in p.writes {
                    out +=
                        pad + "       → " + w.integration + " (" + w.workspace + "): " + writeText(w.result, w.reason)
                        + "\n"
                }
            case .verdict(let v):
                out += verdictLines(v, clock: clock, pad: pad)
            case .timeline(let what):
                out += "\n" + clock + "  timeline: " + what + "\n"
            case .final(let f):
                if !inFinal {
                    out += "\nFinal state at " + clock + " (end of drain), each workspace against the Jira issue:\n"
                    inFinal = true
                }
                out += "  " + f.integration + " (" + f.workspace + "): " + finalText(f) + "\n"
            }
        }
        return out + "\n" + summary(story) + "\n"
    }

    static func changeLine(_ c: ChangeFacts) -> String {
        let who = c.change.isEcho ? "the integration account (an echo of an Aha! edit)" : "user\(c.change.actor)"
        var what: String
        switch c.change.kind {
        case .create: what = "created (\(c.issueType)" + (c.parentKey.map { " under " + $0 } ?? "") + ")"
        case .update, .transition: what = (c.fieldName ?? "a field") + " set to " + (c.newValue ?? "?")
        case .comment: what = "comment added"
        case .commentEdit: what = "comment edited"
        case .commentDelete: what = "comment deleted"
        case .delete: what = "issue deleted"
        }
        return "change #\(c.change.id) · \(c.issueKey) " + what + " by " + who
    }

    static func describe(_ d: HookDecision, jql: String, miss: String?, values: [String]) -> String {
        switch d {
        case .disabled: return "not sent: the webhook is disabled"
        case .notSubscribed: return "not sent: not subscribed to this event"
        case .jqlFiltered:
            let seen = values.isEmpty ? "" : " (the issue had " + values.joined(separator: ", ") + ")"
            return "not sent: its filter failed at '" + (miss ?? jql) + "'" + seen
        case .dispatched(let exposed):
            let filter = jql.isEmpty ? "no filter" : "filter '" + jql + "' matched"
            return filter + "; sent"
                + (exposed ? " (exposure: no integration its endpoint serves links this issue)" : "")
        case .lostInQueue: return "lost in Jira's dispatch queue (every thread busy, queue full)"
        }
    }

    static func writeText(_ result: String, _ reason: Stage?) -> String {
        switch result {
        case "written": return "written (first write)"
        case "appliedEmpty": return "applied, nothing to change (first time reached)"
        case "duplicate": return "written again (duplicate)"
        case "alreadyApplied": return "already applied, nothing to change"
        default: return "not written: " + (reason?.name ?? result)
        }
    }

    static func answer(_ status: Int) -> String {
        switch status {
        case 200..<300: return "\(status) (accepted, queued for a worker)"
        case 429: return "429 (rate or queue limit)"
        case 503: return "503 (outage)"
        default: return String(status)
        }
    }

    static func verdictLines(_ v: PairVerdict, clock: String, pad: String) -> String {
        let name = v.integration + " (" + v.workspace + ")"
        var out: String
        switch v.outcome {
        case .applied(let at, let latency):
            out =
                clock + "  ✓ " + name + ": applied at " + StoryValues.clock(at) + ", latency "
                + HumanFormat.duration(latency)
            if v.duplicates > 0 {
                out += "; written \(v.duplicates + 1) times (\(v.duplicates) duplicate\(v.duplicates == 1 ? "" : "s"))"
            }
            out += "\n"
            if v.duplicates > 0 {
                for w in v.writes where w.changed {
                    out +=
                        pad + "       " + (w.first ? "first write " : "duplicate   ") + StoryValues.clock(w.at)
                        + " via " + w.hook + " as " + w.user + "\n"
                }
            }
        case .dropped(let stage):
            out = clock + "  ✗ " + name + ": dropped — " + stage.name + ", because:\n"
            for r in v.why {
                out +=
                    pad + "       " + r.webhook + (r.able ? " (able)" : "") + ": " + r.reached + " — " + r.detail + "\n"
            }
        case .inFlight:
            out = clock + "  ⧗ " + name + ": in flight when the run ended\n"
            for r in v.why { out += pad + "       " + r.webhook + ": " + r.reached + " — " + r.detail + "\n" }
        }
        return out
    }

    static func finalText(_ f: FinalState) -> String {
        switch f.state {
        case "inSync": return "in sync with Jira"
        case "divergent":
            return "DIVERGENT — "
                + f.divergent.map { "\($0.field): Aha! has \($0.aha), Jira has \($0.jira)" }.joined(separator: "; ")
        case "deleted": return "record deleted"
        case "issueDeleted": return "the Jira issue is deleted; the record remains"
        case "missing": return "NO RECORD — the oracle expected one (its import was lost)"
        default: return "not linked"
        }
    }

    static func summary(_ s: IssueStory) -> String {
        var reasons: [String] = []
        for stage in Stage.allCases where s.dropped[Int(stage.rawValue)] > 0 {
            reasons.append("\(stage.name) \(s.dropped[Int(stage.rawValue)])")
        }
        let dropped = s.dropped.reduce(0, +)
        return
            "\(s.changes) change\(s.changes == 1 ? "" : "s") told, \(s.intended) intended pair\(s.intended == 1 ? "" : "s"): "
            + "\(s.applied) applied, \(dropped) dropped"
            + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")")
            + ", \(s.duplicateWrites) duplicate write\(s.duplicateWrites == 1 ? "" : "s"), \(s.inFlight) in flight."
    }
}
