/// Scenarios for comparing the engine with the reference (issue 10).
///
/// DESIGN.md §4 leaves the order of two events at one instant to each implementation, so the
/// comparison runs scenarios where ties have probability about zero: the swarm generator's
/// scenarios with every *constant* time distribution (network latency, dispatch delay, retry
/// backoff, service time) widened to a uniform one around the same value. Ties that remain are
/// noticed by the reference, which then skips the topology.
public enum ReferenceScenarios {
    /// The keys whose value is a distribution of times in a generated scenario.
    static let distributionKeys = ["latency", "dispatchDelay", "backoff", "serviceTime"]

    /// The swarm scenario for `seed`, made continuous.
    public static func scenario(seed: UInt64) -> String {
        continuous(ScenarioGenerator.scenario(seed: seed))
    }

    /// Replaces each `KEY: "DURATION"` (a constant) of `distributionKeys` by
    /// `KEY: {uniform: [DURATION / 2, DURATION × 3 / 2]}`, in whole milliseconds (at least 1 ms wide).
    public static func continuous(_ text: String) -> String {
        var out = text
        for key in distributionKeys {
            var result = ""
            var rest = Substring(out)
            let marker = key + ": \""
            while let range = rest.range(of: marker) {
                result += rest[..<range.lowerBound]
                let after = rest[range.upperBound...]
                guard let close = after.firstIndex(of: "\""), let ms = milliseconds(String(after[..<close])) else {
                    result += rest[range]
                    rest = after
                    continue
                }
                let low = max(1, ms / 2)
                let high = max(low + 1, ms + ms / 2)
                result += "\(key): {uniform: [\"\(low)ms\", \"\(high)ms\"]}"
                rest = after[after.index(after: close)...]
            }
            out = result + rest
        }
        return out
    }

    /// A duration written as whole milliseconds, seconds, minutes or hours, in milliseconds.
    static func milliseconds(_ text: String) -> Int? {
        let units: [(String, Int)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            guard let n = Int(text.dropLast(unit.count)) else { continue }
            return n * scale
        }
        return nil
    }
}
