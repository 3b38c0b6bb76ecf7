import SimKit

/// The reports of every topology of one scenario, run on the identical world and activity.
public struct ScenarioReport: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var topologies: [TopologyReport]

    /// The document `hooksim run --format json` prints (DESIGN.md §6).
    public var json: JSONValue {
        .object([
            ("scenario", .string(scenario)), ("seed", .int(Int(truncatingIfNeeded: seed))),
            ("topologies", .array(topologies.map(\.json))),
        ])
    }
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
        return ScenarioReport(scenario: scenario.name, seed: scenario.seed, topologies: reports)
    }

    static func runTopology(
        _ scenario: Scenario, index: Int, maxEvents: Int?, progress: Progress?
    ) throws(SimulationError) -> TopologyReport {
        var sim = TopologySimulation(scenario: scenario, topology: index)
        let name = scenario.topologies[index].name
        let end = sim.end
        if let progress { sim.progress = { now, changes in progress(name, now, end, changes) } }
        let measures = try sim.run(maxEvents: maxEvents ?? scenario.limits.maxEvents)
        return TopologyReport(topology: name, seed: scenario.seed, scenario: scenario, hookNames: sim.hookNames, m: measures, end: end)
    }
}
