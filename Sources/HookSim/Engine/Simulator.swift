import SimKit

/// The reports of every topology of one scenario, run on the identical world and activity.
public struct ScenarioReport: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var topologies: [TopologyReport]
    /// The command that reproduces this run exactly (DESIGN.md §7.2): `hooksim run` + the path as
    /// given + every `--set`, then `--seed N`, then `--topology` when one was chosen.
    public var command: String = ""
    /// The `--set` / sweep values, as `PATH=VALUE`, in order.
    public var overrides: [String] = []

    /// `pass` when every expectation that applies held, `fail` when one did not, `none` when no
    /// expectation applies to any topology run.
    public var verdict: String {
        let all = topologies.flatMap(\.expectations)
        if all.isEmpty { return "none" }
        return all.allSatisfy(\.passed) ? "pass" : "fail"
    }

    /// The document `hooksim run --format json` prints (DESIGN.md §6, §7.2).
    public var json: JSONValue {
        .object([
            ("scenario", .string(scenario)), ("seed", .int(Int(truncatingIfNeeded: seed))),
            ("verdict", .string(verdict)), ("command", .string(command)),
            ("version", .string(HookSimVersion.string)), ("overrides", .array(overrides.map { .string($0) })),
            ("topologies", .array(topologies.map(\.json))),
        ])
    }

    /// The reproduce command for a run of `file` (as given) with these `--set` values.
    public static func command(file: String, sets: [String], seed: UInt64, topologies: [String]) -> String {
        var parts = ["hooksim", "run", quotedArgument(file)]
        for s in sets { parts += ["--set", quotedArgument(s)] }
        parts += ["--seed", String(seed)]
        for t in topologies { parts += ["--topology", quotedArgument(t)] }
        return parts.joined(separator: " ")
    }

    /// A shell word: as is when it is plain, else in single quotes.
    static func quotedArgument(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
        }
        return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The tool's own version string, changed only when the tool is released.
public enum HookSimVersion {
    public static let string = "0.1.0"
}

/// Runs scenarios. The single entry point the command line, benchmarks and tests use.
public enum Simulator {
    /// Called now and then during a long run with the simulated time and changes so far;
    /// returning false stops the run.
    public typealias Progress = (_ topology: String, _ now: SimTime, _ end: SimTime, _ changes: Int) -> Bool

    /// Runs the chosen topologies (all when `only` is nil) in file order.
    /// - Parameters:
    ///   - seed: overrides the scenario's seed.
    ///   - maxEvents: overrides `limits.maxEvents`.
    /// - Throws: `SimulationError` when a limit is reached, the run is interrupted, or an invariant breaks.
    public static func run(
        _ scenario: Scenario, only: [String]? = nil, seed: UInt64? = nil, maxEvents: Int? = nil,
        progress: Progress? = nil
    ) throws(SimulationError) -> ScenarioReport {
        var scenario = scenario
        if let seed { scenario.seed = seed }
        var reports: [TopologyReport] = []
        for (i, t) in scenario.topologies.enumerated() where only.map({ $0.contains(t.name) }) ?? true {
            reports.append(try runTopology(scenario, index: i, maxEvents: maxEvents, progress: progress))
        }
        var report = ScenarioReport(scenario: scenario.name, seed: scenario.seed, topologies: reports)
        report.command = ScenarioReport.command(file: scenario.name + ".json5", sets: [], seed: scenario.seed, topologies: only ?? [])
        return report
    }

    static func runTopology(
        _ scenario: Scenario, index: Int, maxEvents: Int?, progress: Progress?
    ) throws(SimulationError) -> TopologyReport {
        let (sim, measures) = try simulate(scenario, index: index, maxEvents: maxEvents, progress: progress)
        return TopologyReport(
            topology: sim.scenario.topologies[index].name, seed: scenario.seed, scenario: scenario, hookNames: sim.hookNames,
            m: measures, end: sim.end)
    }

    /// Runs topology `index` to its end and returns the finished simulation with its measures, for
    /// the commands that look inside a run (`trace`, `explain`). `probe` is told what happens.
    static func simulate(
        _ scenario: Scenario, index: Int, maxEvents: Int? = nil, progress: Progress? = nil, probe: SimProbe? = nil
    ) throws(SimulationError) -> (TopologySimulation, Measures) {
        var sim = TopologySimulation(scenario: scenario, topology: index)
        let name = scenario.topologies[index].name
        let end = sim.end
        if let progress { sim.progress = { now, changes in progress(name, now, end, changes) } }
        sim.probe = probe
        let measures = try sim.run(maxEvents: maxEvents ?? scenario.limits.maxEvents)
        return (sim, measures)
    }
}
