import SimKit

/// The numeric passes of the shrinker: halve duration, rates, issue counts, workers and fault
/// probabilities toward zero while the scenario still fails the same way.
extension Search {
    enum Quantity {
        case duration, rate
        case count(minimum: Int)
        case probability
    }

    func quantities() -> [([ScenarioLoader.PathStep], Quantity)] {
        var out: [([ScenarioLoader.PathStep], Quantity)] = [
            ([.key("duration")], .duration), ([.key("drain")], .duration),
            ([.key("activity"), .key("rate")], .rate),
            ([.key("network"), .key("failureRate")], .probability),
            ([.key("network"), .key("ackLossRate")], .probability),
            ([.key("aha"), .key("processing"), .key("workers")], .count(minimum: 1)),
        ]
        for j in 0..<count([.key("jira")]) {
            out.append(([.key("jira"), .index(j), .key("users")], .count(minimum: 1)))
            for p in 0..<count([.key("jira"), .index(j), .key("projects")]) {
                out.append(
                    ([.key("jira"), .index(j), .key("projects"), .index(p), .key("issues")], .count(minimum: 0)))
            }
        }
        for b in 0..<count([.key("activity"), .key("bursts")]) {
            out.append(([.key("activity"), .key("bursts"), .index(b), .key("count")], .count(minimum: 0)))
        }
        return out
    }

    /// The value halved toward zero, or nil when it cannot shrink further.
    static func halved(_ v: JSON5Value, _ q: Quantity) -> JSON5Value? {
        switch (q, v.kind) {
        case (.duration, .string(let s)):
            guard let d = try? SimDuration.parse(s.value), d.microseconds > 1_000_000 else { return nil }
            return ScenarioShrinker.stringValue(SimDuration(microseconds: d.microseconds / 2).format(), like: v)
        case (.rate, .string(let s)):
            guard let slash = s.value.firstIndex(of: "/"), let n = Double(s.value[..<slash]), n > 0.01 else {
                return nil
            }
            let half = (n / 2 * 1000).rounded() / 1000
            let text = half == half.rounded() ? String(Int(half)) : String(half)
            return ScenarioShrinker.stringValue(text + s.value[slash...], like: v)
        case (.count(let minimum), .number(let n)):
            let k = Int(n.value)
            guard k > minimum else { return nil }
            return number(String(max(minimum, k / 2)), like: v)
        case (.probability, .number(let n)):
            guard n.value > 0 else { return nil }
            return number(n.value < 0.002 ? "0" : String(n.value / 2), like: v)
        default: return nil
        }
    }

    static func number(_ text: String, like v: JSON5Value) -> JSON5Value {
        let integer = UInt64(text).map { (negative: false, magnitude: $0) }
        return JSON5Value(
            kind: .number(JSON5Number(value: Double(text) ?? 0, text: text, integer: integer)), position: v.position,
            path: v.path)
    }

    mutating func halveNumbers() -> Bool {
        var changed = false
        for (path, q) in quantities() {
            while runs < budget, let old = ScenarioShrinker.node(tree, path), let new = Self.halved(old, q) {
                var c = tree
                ScenarioShrinker.set(&c, path, new)
                let name = ScenarioLoader.renderedPath(path)
                guard accept(c, "\(name): \(old.rendered()) → \(new.rendered())") else { break }
                changed = true
            }
        }
        return changed
    }
}
