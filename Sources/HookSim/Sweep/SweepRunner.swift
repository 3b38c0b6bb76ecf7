import Dispatch
import Foundation

/// Why a sweep could not finish: a simulation error in one run, reported for the lowest-numbered
/// failing run so the message is the same however many threads ran.
public struct SweepRunError: Error, Sendable {
    public var run: Int
    public var seed: UInt64
    public var point: [String]
    public var error: SimulationError
}

/// Executes sweep runs on threads. Each run is a whole single-threaded simulation with its own
/// state; results land in a slot per run, so the merge order is the run order whatever finishes first.
enum SweepRunner {
    /// Runs `runs` of `plan` on `jobs` threads.
    /// - Parameters:
    ///   - scenarios: the scenario of each point (already overridden and validated).
    ///   - progress: called after each run with (finished, total); return false to stop.
    /// - Returns: values per run, in the order of `runs`.
    static func execute(
        _ plan: SweepPlan, scenarios: [Scenario], runs: [Int], jobs: Int,
        progress: (@Sendable (Int, Int) -> Bool)? = nil
    ) throws(SweepRunError) -> [[Double]] {
        let state = RunState(count: runs.count)
        let workers = max(1, min(jobs, runs.count))
        let work: @Sendable (Int) -> Void = { _ in
            while let slot = state.take() {
                let (point, replication) = plan.locate(runs[slot])
                let seed = plan.replicationSeed(replication)
                do throws(SimulationError) {
                    let report = try Simulator.run(
                        scenarios[point], only: plan.topologies, seed: seed,
                        progress: { _, _, _, _ in !state.stopped && !interruptRequested.load(ordering: .relaxed) })
                    var values: [Double] = []
                    values.reserveCapacity(plan.topologies.count * plan.measures.count)
                    for name in plan.topologies {
                        guard let t = report.topologies.first(where: { $0.topology == name }) else {
                            preconditionFailure(
                                "sweep topology '\(name)' is missing at a point: the command checks every point")
                        }
                        for m in plan.measures { values.append(SweepMeasures.value(m.path, in: t)) }
                    }
                    state.finish(slot, .success(values), progress: progress)
                } catch {
                    state.finish(slot, .failure(error), progress: progress)
                }
            }
        }
        // NB: plain threads, not concurrentPerform: on Linux its pool may not grant a second
        // thread on a busy 2-core machine, and a sweep wants exactly `jobs` runs at a time.
        let group = DispatchGroup()
        for w in 1..<workers {
            group.enter()
            let thread = Thread {
                work(w)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        work(0)
        group.wait()
        let results = state.results
        // NB: the lowest failing run decides the message, whichever thread failed first.
        for (slot, result) in results.enumerated() {
            if case .failure(let e) = result { throw failure(plan, runs[slot], e) }
        }
        var out: [[Double]] = []
        for (slot, result) in results.enumerated() {
            guard case .success(let v) = result else { throw failure(plan, runs[slot], .interrupted) }
            out.append(v)
        }
        return out
    }

    private static func failure(_ plan: SweepPlan, _ run: Int, _ e: SimulationError) -> SweepRunError {
        let (point, replication) = plan.locate(run)
        return SweepRunError(run: run, seed: plan.replicationSeed(replication), point: plan.points[point], error: e)
    }

    /// The shared queue of work and slots of results, behind one lock (taken twice per run: negligible).
    private final class RunState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var done = 0
        private(set) var results: [Result<[Double], SimulationError>?]
        private var stop = false

        init(count: Int) { results = Array(repeating: nil, count: count) }

        var stopped: Bool { lock.withLock { stop } }

        func take() -> Int? {
            lock.withLock {
                guard !stop, next < results.count else { return nil }
                next += 1
                return next - 1
            }
        }

        func finish(_ slot: Int, _ result: Result<[Double], SimulationError>, progress: (@Sendable (Int, Int) -> Bool)?)
        {
            lock.withLock {
                results[slot] = result
                done += 1
                if case .failure = result { stop = true }
                if let progress, !progress(done, results.count) { stop = true }
            }
        }
    }
}
