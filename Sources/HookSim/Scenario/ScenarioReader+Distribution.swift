import SimKit

extension ScenarioReader {
    static let distributionForms = ["constant", "exponential", "uniform", "lognormal", "normal", "empirical"]

    /// A distribution of durations: a duration string (constant) or an object with exactly one of
    /// `constant`, `exponential`, `uniform`, `lognormal`, `normal`, `empirical` (DESIGN.md §6).
    ///
    /// Read from the position-carrying tree rather than through `Decodable`, so that each bad
    /// parameter is reported at its own node, then checked with `Distribution.validate()`.
    func distribution(_ node: JSON5Value) throws(ScenarioError) -> Distribution {
        if case .string = node.kind { return .constant(try duration(node)) }
        let what = "a duration such as \"2s\" or a distribution such as {exponential: \"2s\"}"
        let obj = try object(node, what: what, keys: Self.distributionForms)
        guard obj.members.count == 1, let member = obj.members.first else {
            let found = obj.members.isEmpty ? "none" : obj.members.map(\.key).joined(separator: ", ")
            throw error(
                "expected exactly one of \(Self.distributionForms.joined(separator: ", ")); found \(found)", at: node)
        }
        let v = member.value
        let result: Distribution
        switch member.key {
        case "constant":
            result = .constant(try duration(v))
        case "exponential":
            result = .exponential(mean: try duration(v))
        case "uniform":
            let pair = try array(v, what: "two durations [low, high], such as [\"5m\", \"15m\"]")
            guard pair.count == 2 else {
                throw error("uniform takes two durations [low, high], found \(pair.count)", at: v)
            }
            result = .uniform(try duration(pair[0]), try duration(pair[1]))
        case "lognormal":
            let o = try object(
                v, what: "an object {median, p99}", keys: ["median", "p99"], required: ["median", "p99"])
            result = .lognormal(median: try duration(o.required("median")), p99: try duration(o.required("p99")))
        case "normal":
            let o = try object(
                v, what: "an object {mean, stddev}", keys: ["mean", "stddev"], required: ["mean", "stddev"])
            result = .normal(mean: try duration(o.required("mean")), stddev: try duration(o.required("stddev")))
        default:
            let what = "points [[duration, probability], …] such as [[\"50ms\", 0.5], [\"2s\", 1.0]]"
            var points: [(SimDuration, Double)] = []
            for p in try array(v, what: what) {
                let pair = try array(p, what: "a point [duration, probability]")
                guard pair.count == 2 else {
                    throw error("a point is [duration, probability], found \(pair.count) elements", at: p)
                }
                points.append((try duration(pair[0]), try probability(pair[1])))
            }
            result = .empirical(points)
        }
        do {
            try result.validate()
        } catch {
            throw self.error(error.message, at: v)
        }
        return result
    }
}
