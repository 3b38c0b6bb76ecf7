/// The one sentence per topology that answers the architect's question — what does this topology
/// do to our Aha! data? — with names: "per-site-viewer loses all 588 updates of integration `api`
/// (workspace API): permissionDenied" (DESIGN.md §7.2).
///
/// Built only from the report's own figures, in a fixed order (losses of the two integrations
/// that lost most, duplicates, damage, exposure, then latency), so it is deterministic and never
/// says what the tables do not.
enum Answer {
    /// An integration as the sentence names it.
    struct Integration: Equatable {
        var id: String
        var workspace: String
    }

    /// The sentence for topology `t`, whose figures are `f`; no final full stop, so a renderer can
    /// put it in a list, a table cell or a line of `check` output alike.
    static func sentence(topology: String, figures f: ReportFigures, integrations: [Integration]) -> String {
        let n = { (d: Int) in HumanFormat.count(d) }
        var parts: [String] = []

        let losses = lossesByIntegration(f, integrations)
        for loss in losses.prefix(2) {
            let of = loss.count == loss.intended ? "all \(n(loss.count))" : "\(n(loss.count)) of \(n(loss.intended))"
            let why =
                loss.reasons.count == 1
                ? loss.reasons[0].0 : loss.reasons.map { "\($0.0) \(n($0.1))" }.joined(separator: ", ")
            let what = "update\(loss.count == 1 ? "" : "s") of integration `\(loss.integration.id)`"
            parts.append("loses \(of) \(what) (workspace \(loss.integration.workspace)): \(why)")
        }
        if losses.count > 2 {
            let rest = losses.dropFirst(2)
            let count = n(rest.reduce(0) { $0 + $1.count })
            parts.append("loses \(count) more in \(rest.count) other integration\(rest.count == 1 ? "" : "s")")
        }

        let comments = f.duplicates.comments
        let records = f.duplicates.records
        if comments > 0 || records > 0 {
            var seen: [String] = []
            if comments > 0 { seen.append("\(n(comments)) duplicate comment\(comments == 1 ? "" : "s")") }
            if records > 0 { seen.append("\(n(records)) duplicate record\(records == 1 ? "" : "s")") }
            parts.append("writes " + seen.joined(separator: " and "))
        } else if f.outcome.duplicateWrites > 0 {
            parts.append("writes \(n(f.outcome.duplicateWrites)) values a second time (no duplicate a user sees)")
        }
        if f.outcome.staleOverwrites > 0 {
            parts.append("overwrites \(n(f.outcome.staleOverwrites)) newer values with older ones")
        }
        let exposure = f.outcome.exposure
        if exposure > 0 {
            var part = "sends \(n(exposure)) deliver\(exposure == 1 ? "y" : "ies") out of scope"
            let hooks = f.byWebhook.map { ($0.name, $0.exposure) }
            if let top = byCount(hooks).first, hooks.count > 1 { part += " (most via `\(top.0)`)" }
            parts.append(part)
        }
        if parts.isEmpty {
            let intended = f.outcome.intended
            let applied = f.outcome.applied
            let inFlight = f.outcome.inFlight
            if intended == 0 {
                parts.append("has no intended update to apply")
            } else if applied == intended {
                parts.append("applies all \(n(intended)) intended updates exactly once")
            } else {
                let settled = "applies \(n(applied)) of \(n(intended)) intended updates"
                parts.append(settled + ", \(n(inFlight)) still in flight at the end")
            }
        }
        let p99 = f.latency.p99
        // NB: under a minute latency does not change the answer; past it, it is the news (an outage).
        if f.outcome.applied > 0 && p99 >= 60_000 {
            parts.append("p99 latency \(HumanFormat.duration(milliseconds: p99))")
        }
        return topology + " " + parts.joined(separator: "; ")
    }

    /// One integration's lost pairs, with its reasons largest first.
    struct Loss {
        var integration: Integration
        var count: Int
        var intended: Int
        var reasons: [(String, Int)]
    }

    /// The integrations that lost pairs, the largest loss first; ties keep the file order, and
    /// reasons of equal size the stage order of DESIGN.md §3.
    static func lossesByIntegration(_ f: ReportFigures, _ integrations: [Integration]) -> [Loss] {
        let losses = integrations.compactMap { i -> Loss? in
            guard let counts = f.integration(i.id) else {
                preconditionFailure("the report has figures for every integration of its scenario, not for '\(i.id)'")
            }
            guard counts.dropped > 0 else { return nil }
            return Loss(
                integration: i, count: counts.dropped, intended: counts.intended,
                reasons: byCount(Array(zip(ReportPath.dropReasons, counts.droppedByReason))))
        }
        return losses.enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
        }.map(\.element)
    }

    /// Largest first; equal counts keep their given order.
    static func byCount(_ items: [(String, Int)]) -> [(String, Int)] {
        items.enumerated().sorted { a, b in
            a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset
        }.map(\.element).filter { $0.1 > 0 }
    }
}
