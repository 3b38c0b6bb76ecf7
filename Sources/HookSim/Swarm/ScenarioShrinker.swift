import SimKit

/// How a scenario fails: the topology, and either the expectation (path and operator) that breaks
/// or the invariant (by name) that breaks (DESIGN.md §7.3).
public struct FailureSignature: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case expectation(path: String, op: ComparisonOperator)
        case invariant(String)
        /// A property of `SwarmChecks`, by check name (`twins`, `faultFree`, …).
        case swarm(String)
    }
    public var topology: String
    public var kind: Kind

    public var description: String {
        switch kind {
        case .expectation(let path, let op): return "topology '\(topology)': expectation \(path) \(op.rawValue) … fails"
        case .invariant(let name): return "topology '\(topology)': invariant broken: \(name)"
        case .swarm(let check): return "topology '\(topology)': swarm check '\(check)' fails"
        }
    }
}

/// What `hooksim shrink` found: the smallest failing scenario, as text, and what was taken out.
public struct ShrinkResult: Sendable {
    public var signature: FailureSignature
    public var text: String
    public var steps: [String]
    public var runs: Int
}

/// Reduces a failing scenario to a smaller one that fails the same way (DESIGN.md §7.3).
///
/// It edits the scenario's JSON5 tree, not the loaded model, so the result is a file a person can
/// read and load. A removal that leaves a dangling reference is repaired by removing the element
/// the loader then complains about (a webhook of a removed integration, a timeline entry of a
/// removed webhook, an expectation of a removed topology), repeatedly; a candidate that still does
/// not load is rejected. Deterministic: same input, same output.
public enum ScenarioShrinker {
    typealias Step = ScenarioLoader.PathStep

    /// The first way a scenario fails, in file order of topologies (only `topology` when given).
    public static func signature(of scenario: Scenario, topology: String? = nil) -> FailureSignature? {
        for t in scenario.topologies where topology == nil || t.name == topology {
            if let s = failure(of: scenario, topology: t.name, like: nil) { return s }
        }
        return nil
    }

    /// How topology `name` fails; with `like`, only a failure of that same kind counts.
    static func failure(of scenario: Scenario, topology name: String, like: FailureSignature.Kind?) -> FailureSignature?
    {
        if case .swarm(let check)? = like {
            let fails = SwarmChecks.check(scenario).contains { $0.check == check }
            return fails ? FailureSignature(topology: name, kind: .swarm(check)) : nil
        }
        let report: ScenarioReport
        do {
            report = try Simulator.run(scenario, only: [name])
        } catch {
            guard case .invariant(_, _, let message) = error else { return nil }
            let kind = FailureSignature.Kind.invariant(invariantName(message))
            return like == nil || like == kind ? FailureSignature(topology: name, kind: kind) : nil
        }
        guard let t = report.topologies.first else { return nil }
        // NB: the report evaluated the expectations that apply to it, in file order.
        let applicable = scenario.expect.filter { $0.topology == "*" || $0.topology == name }
        for (e, result) in zip(applicable, t.expectations) where result.actual != nil && !result.passed {
            let kind = FailureSignature.Kind.expectation(path: e.path, op: e.op)
            if like == nil || like == kind { return FailureSignature(topology: name, kind: kind) }
        }
        return nil
    }

    /// An invariant's message with its figures taken out: `intended (N) != applied (N) + …`.
    static func invariantName(_ message: String) -> String {
        var out = ""
        var inNumber = false
        for ch in message {
            if ch.isNumber {
                if !inNumber { out += "N" }
                inNumber = true
            } else {
                inNumber = false
                out.append(ch)
            }
        }
        return out
    }

    /// Shrinks a scenario given as text.
    /// - Parameters:
    ///   - topology: the topology whose failure to keep; the first failing one when nil.
    ///   - seed: replaces the scenario's seed (written into the result, so it reproduces).
    ///   - budget: the most simulation runs to spend.
    /// - Returns: nil when the scenario does not fail.
    /// - Throws: `ScenarioError` when the input does not load.
    ///   - swarmCheck: shrink a failure of this `SwarmChecks` property instead of an expectation or
    ///     invariant (the swarm tester shrinks what it finds before reporting it).
    public static func shrink(
        text: String, file: String, topology: String? = nil, seed: UInt64? = nil, budget: Int = 500,
        swarmCheck: String? = nil
    ) throws(ScenarioError) -> ShrinkResult? {
        var tree: JSON5Value
        do { tree = try JSON5.parse(text) } catch {
            _ = try ScenarioLoader.load(text: text, file: file)  // NB: rethrows the parse error in the loader's words
            return nil
        }
        if let seed { set(&tree, [.key("seed")], number: String(seed)) }
        let scenario = try ScenarioLoader.load(text: tree.rendered(), file: file)
        let found: FailureSignature?
        if let swarmCheck {
            // NB: the topology a swarm failure names, when it names one, is the one kept.
            let failures = SwarmChecks.check(scenario).filter { $0.check == swarmCheck }
            let named = scenario.topologies.first { t in
                failures.contains { $0.message.contains("topology '\(t.name)'") }
            }
            found =
                failures.isEmpty
                ? nil : FailureSignature(topology: (named ?? scenario.topologies[0]).name, kind: .swarm(swarmCheck))
        } else {
            found = signature(of: scenario, topology: topology)
        }
        guard let target = found else { return nil }
        var state = Search(tree: tree, file: file, target: target, budget: budget)
        state.run()
        return ShrinkResult(
            signature: target, text: state.tree.rendered() + "\n", steps: state.steps, runs: state.runs)
    }
}

/// The search: passes of removals, then passes of halvings, until nothing changes or the budget ends.
struct Search {
    var tree: JSON5Value
    let file: String
    let target: FailureSignature
    let budget: Int
    var runs = 0
    var steps: [String] = []

    init(tree: JSON5Value, file: String, target: FailureSignature, budget: Int) {
        self.tree = tree
        self.file = file
        self.target = target
        self.budget = budget
    }

    /// Lists whose elements may go, in the order DESIGN.md §7.3 gives.
    static let lists: [(String, [ScenarioLoader.PathStep])] = [
        ("timeline entry", [.key("timeline")]),
        ("burst", [.key("activity"), .key("bursts")]),
        ("integration", [.key("aha"), .key("integrations")]),
        ("user", [.key("aha"), .key("users")]),
        ("workspace", [.key("aha"), .key("workspaces")]),
    ]

    mutating func run() {
        var changed = true
        while changed && runs < budget {
            changed = false
            changed = removeOtherTopologies() || changed
            for (what, path) in Self.lists { changed = removeEach(what, path) || changed }
            if let t = topologyIndex() {
                changed = removeEach("webhook", [.key("topologies"), .index(t), .key("webhooks")]) || changed
            }
            for j in 0..<count([.key("jira")]) {
                changed = removeEach("project", [.key("jira"), .index(j), .key("projects")]) || changed
            }
            changed = halveNumbers() || changed
        }
    }

    func topologyIndex() -> Int? {
        guard case .array(let items)? = ScenarioShrinker.node(tree, [.key("topologies")])?.kind else { return nil }
        return items.firstIndex {
            ScenarioShrinker.string(ScenarioShrinker.node($0, [.key("name")])) == target.topology
        }
    }

    func count(_ path: [ScenarioLoader.PathStep]) -> Int {
        guard case .array(let items)? = ScenarioShrinker.node(tree, path)?.kind else { return 0 }
        return items.count
    }

    /// Whether a candidate loads (after repairs) and fails the same way; if so it becomes the tree.
    mutating func accept(_ candidate: JSON5Value, _ step: String) -> Bool {
        guard runs < budget, let repaired = ScenarioShrinker.repaired(candidate, file: file) else { return false }
        runs += 1
        guard ScenarioShrinker.failure(of: repaired.scenario, topology: target.topology, like: target.kind) != nil
        else { return false }
        tree = repaired.tree
        steps.append(step)
        return true
    }

    mutating func removeOtherTopologies() -> Bool {
        var changed = false
        var i = count([.key("topologies")]) - 1
        while i >= 0 {
            if i != topologyIndex() {
                var c = tree
                let name = ScenarioShrinker.string(
                    ScenarioShrinker.node(c, [.key("topologies"), .index(i), .key("name")]))
                ScenarioShrinker.remove(&c, [.key("topologies")], at: i)
                if accept(c, "removed topology '\(name ?? "?")'") { changed = true }
            }
            i -= 1
        }
        return changed
    }

    mutating func removeEach(_ what: String, _ path: [ScenarioLoader.PathStep]) -> Bool {
        var changed = false
        var i = count(path) - 1
        while i >= 0 && runs < budget {
            var c = tree
            let label = ScenarioShrinker.label(ScenarioShrinker.node(c, path + [.index(i)]))
            ScenarioShrinker.remove(&c, path, at: i)
            if accept(c, "removed \(what) \(label)") { changed = true }
            i = min(i - 1, count(path) - 1)
        }
        return changed
    }
}
