import Foundation
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
        let plain =
            !s.isEmpty
            && s.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "-_./=:,+@%".unicodeScalars.contains($0)
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
    ///   - jobs: how many topologies run at once (each is an independent run on identical activity,
    ///     so the report is byte-identical for any value).
    public static func run(
        _ scenario: Scenario, only: [String]? = nil, seed: UInt64? = nil, maxEvents: Int? = nil,
        progress: Progress? = nil, jobs: Int = 1
    ) throws(SimulationError) -> ScenarioReport {
        var scenario = scenario
        if let seed { scenario.seed = seed }
        let chosen = scenario.topologies.indices.filter { i in
            only.map { $0.contains(scenario.topologies[i].name) } ?? true
        }
        var reports: [TopologyReport] = []
        if jobs <= 1 || chosen.count <= 1 {
            for i in chosen {
                reports.append(try runTopology(scenario, index: i, maxEvents: maxEvents, progress: progress))
            }
        } else {
            reports = try runParallel(scenario, chosen, jobs: jobs, maxEvents: maxEvents, progress: progress)
        }
        var report = ScenarioReport(scenario: scenario.name, seed: scenario.seed, topologies: reports)
        report.command = ScenarioReport.command(
            file: scenario.name + ".json5", sets: [], seed: scenario.seed, topologies: only ?? [])
        return report
    }

    /// The number of topologies `run` and `check` run at once unless told (`--jobs`): one per core.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs topologies on `jobs` threads, each taking the next index not yet taken; the reports come
    /// back in file order, and the first failure in file order is the one thrown, so the outcome does
    /// not depend on which thread finished first.
    static func runParallel(
        _ scenario: Scenario, _ chosen: [Int], jobs: Int, maxEvents: Int?, progress: Progress?
    ) throws(SimulationError) -> [TopologyReport] {
        final class Work: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var results: [Result<TopologyReport, SimulationError>?]
            let progress: Progress?
            init(count: Int, progress: Progress?) {
                results = Array(repeating: nil, count: count)
                self.progress = progress
            }
            func take() -> Int? {
                lock.lock()
                defer { lock.unlock() }
                guard next < results.count else { return nil }
                next += 1
                return next - 1
            }
            func put(_ k: Int, _ r: Result<TopologyReport, SimulationError>) {
                lock.lock()
                results[k] = r
                lock.unlock()
            }
            /// NB: the caller's progress closure is called from several threads, one at a time.
            func report(_ t: String, _ now: SimTime, _ end: SimTime, _ changes: Int) -> Bool {
                lock.lock()
                defer { lock.unlock() }
                return progress?(t, now, end, changes) ?? true
            }
        }
        let work = Work(count: chosen.count, progress: progress)
        DispatchQueue.concurrentPerform(iterations: min(jobs, chosen.count)) { _ in
            let perTopology: Progress? = work.progress == nil ? nil : { work.report($0, $1, $2, $3) }
            while let k = work.take() {
                do throws(SimulationError) {
                    work.put(
                        k,
                        .success(
                            try runTopology(scenario, index: chosen[k], maxEvents: maxEvents, progress: perTopology)))
                } catch {
                    work.put(k, .failure(error))
                }
            }
        }
        var reports: [TopologyReport] = []
        for r in work.results {
            guard let r else { preconditionFailure("a topology of the parallel run was never run") }
            reports.append(try r.get())
        }
        return reports
    }

    static func runTopology(
        _ scenario: Scenario, index: Int, maxEvents: Int?, progress: Progress?
    ) throws(SimulationError) -> TopologyReport {
        let (sim, measures) = try simulate(scenario, index: index, maxEvents: maxEvents, progress: progress)
        return TopologyReport(
            topology: sim.scenario.topologies[index].name, seed: scenario.seed, scenario: scenario,
            hookNames: sim.jira.webhooks.names,
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
