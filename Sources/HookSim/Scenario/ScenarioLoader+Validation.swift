import SimKit

/// Checks that span sections: the size of the world and of the activity, and lookups of names
/// that other sections refer to.
extension ScenarioLoader {
    /// Refuses a run whose expected number of changes (rate × duration + bursts) or of issues
    /// (starting issues + expected creates) is beyond what a run may hold, before anything is
    /// allocated for it. Sums are in `Double`, in file order, so they cannot overflow.
    static func checkActivitySize(
        _ activity: ActivitySpec, jira: [JiraInstanceSpec], duration: SimDuration, limits: Limits,
        rateNode: JSON5Value, burstNodes: [JSON5Value], _ r: ScenarioReader
    ) throws(ScenarioError) {
        let arrivals = activity.rate.perSecond * duration.seconds
        var changes = arrivals
        var creates = arrivals * (activity.mix.first(where: { $0.0 == .create })?.1 ?? 0)
        // NB: blame the rate if it alone is too much, else the burst that crosses the limit.
        var culprit = arrivals > Double(maxExpectedChanges) ? rateNode : nil
        for (i, burst) in activity.bursts.enumerated() {
            changes += Double(burst.count)
            if burst.kind == .create { creates += Double(burst.count) }
            if culprit == nil, changes > Double(maxExpectedChanges), i < burstNodes.count {
                culprit = ScenarioObject(node: burstNodes[i], members: members(burstNodes[i])).required("count")
            }
        }
        guard changes <= Double(maxExpectedChanges) else {
            throw r.error(
                "too many changes to simulate: about \(grouped(changes.rounded())) expected (rate × duration + bursts), more than the limit of \(grouped(Double(maxExpectedChanges)))",
                at: culprit ?? rateNode)
        }
        var issues = 0.0
        for instance in jira { for p in instance.projects { issues += Double(p.issues) } }
        guard issues + creates <= Double(limits.maxIssues) else {
            throw r.error(
                "the world is too large to simulate: \(grouped(issues)) issues plus about \(grouped(creates.rounded())) created by activity, more than the limit of \(grouped(Double(limits.maxIssues)))",
                at: rateNode)
        }
    }

    /// A name that must be one of `candidates`, else an "unknown …; did you mean" error at `node`.
    static func reference(
        _ node: JSON5Value, what: String, in place: String? = nil, candidates: [String], _ r: ScenarioReader
    ) throws(ScenarioError) -> String {
        let name = try r.string(node, what: "a \(what) name")
        guard candidates.contains(name) else {
            throw r.error(Suggestion.unknown(what, name, in: place, candidates: candidates), at: node)
        }
        return name
    }

    /// Fails on the second use of a name where names must be unique; records the first use.
    /// (`seen` is only looked up, never iterated, so its order cannot reach an output.)
    static func checkUnique(
        _ name: String, _ seen: inout Set<String>, what: String, in place: String? = nil, at node: JSON5Value,
        _ r: ScenarioReader
    ) throws(ScenarioError) {
        if !seen.insert(name).inserted {
            throw r.error("duplicate \(what) '\(name)'" + (place.map { " in " + $0 } ?? ""), at: node)
        }
    }
}
