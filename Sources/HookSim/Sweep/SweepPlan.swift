import Foundation
import SimKit

/// What a sweep runs: the grid of points, the replications of each, the topologies and measures.
///
/// Runs are numbered `point × replications + replication`, points in grid order (the first varied
/// path changes slowest). That numbering decides shard membership and the merge order, so results
/// never depend on how many threads or machines ran them.
public struct SweepPlan: Sendable, Equatable {
    public var scenario: String
    /// The scenario's seed, from which every replication seed derives.
    public var seed: UInt64
    public var dimensions: [SweepDimension]
    /// Topologies run at every point, in file order.
    public var topologies: [String]
    public var measures: [ReportMeasure]
    public var replications: Int

    public init(
        scenario: String, seed: UInt64, dimensions: [SweepDimension], topologies: [String],
        measures: [ReportMeasure], replications: Int
    ) {
        self.scenario = scenario
        self.seed = seed
        self.dimensions = dimensions
        self.topologies = topologies
        self.measures = measures
        self.replications = replications
    }

    /// The grid: one array of values (one per dimension) per point, the first dimension slowest.
    public var points: [[String]] {
        var out: [[String]] = [[]]
        for d in dimensions { out = out.flatMap { prefix in d.values.map { prefix + [$0] } } }
        return out
    }

    public var runCount: Int { points.count * replications }

    /// The seed of replication `r`: SplitMix64's finaliser of `seed XOR r`.
    ///
    /// Independent streams per replication; the same seeds at every point (common random numbers),
    /// so a difference between neighbouring points comes from the varied value, not from luck.
    public func replicationSeed(_ r: Int) -> UInt64 { SplitMix64.mix(seed ^ UInt64(r)) }

    /// The runs shard `k` of `n` (1-based k) executes: run index ≡ k − 1 (mod n).
    public func runs(shard: (k: Int, n: Int)?) -> [Int] {
        guard let shard else { return Array(0..<runCount) }
        return (0..<runCount).filter { $0 % shard.n == shard.k - 1 }
    }

    /// The point a run belongs to and its replication.
    public func locate(_ run: Int) -> (point: Int, replication: Int) { (run / replications, run % replications) }

    /// A point's label for tables: `activity.rate=600/h, aha.processing.workers=2`.
    func label(_ point: [String]) -> String {
        zip(dimensions, point).map { "\($0.path)=\($1)" }.joined(separator: ", ")
    }

    /// The overrides that turn the file into the scenario of one point.
    func overrides(_ point: [String]) -> [ScenarioOverride] {
        zip(dimensions, point).map { d, v in
            ScenarioOverride(path: d.path, value: v, source: "--vary \(d.path)=\(d.values.joined(separator: ","))")
        }
    }
}

/// The raw values of completed runs: for each run, topology-major then measure, in plan order.
public struct SweepResults: Sendable, Equatable {
    public var plan: SweepPlan
    /// Indexed by run; nil for a run not (yet) executed (another shard's).
    public var runs: [[Double]?]

    public init(plan: SweepPlan, runs: [[Double]?]) {
        self.plan = plan
        self.runs = runs
    }

    /// The interval of one measure of one topology at one point over its replications, in
    /// replication order (so the sum, and the result, are the same on every run).
    public func interval(point: Int, topology: Int, measure: Int) -> ConfidenceInterval {
        var values: [Double] = []
        let stride = plan.measures.count
        for r in 0..<plan.replications {
            if let run = runs[point * plan.replications + r] { values.append(run[topology * stride + measure]) }
        }
        return ConfidenceInterval(values)
    }
}
