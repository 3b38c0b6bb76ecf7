import SimKit

/// Runs one topology with a `TraceProbe`: the attempts of a run, in send order, for `trace` and
/// for `load`'s schedule.
enum Tracer {
    /// What a traced run ended with.
    struct Outcome {
        /// The run's measures; nil when the sink stopped it early.
        var measures: Measures?
        /// Attempts handed to the sink.
        var emitted: Int
        /// The most attempts that waited in the probe at once.
        var maxBuffered: Int
    }

    /// Simulates topology `index` and hands every attempt to `sink` in send order; stops the run as
    /// soon as the sink returns false.
    /// - Parameter interrupted: polled now and then; true stops the run with `.interrupted`.
    static func run(
        _ scenario: Scenario, topology index: Int, interrupted: @escaping () -> Bool = { false },
        sink: @escaping TraceProbe.Sink
    ) throws(SimulationError) -> Outcome {
        let probe = TraceProbe(scenario: scenario, topology: index, sink: sink)
        let progress: Simulator.Progress = { _, _, _, _ in !probe.stopped && !interrupted() }
        do {
            let (_, measures) = try Simulator.simulate(scenario, index: index, progress: progress, probe: probe)
            probe.flush(all: true)
            return Outcome(measures: measures, emitted: probe.emitted, maxBuffered: probe.maxBuffered)
        } catch .interrupted where probe.stopped {
            return Outcome(measures: nil, emitted: probe.emitted, maxBuffered: probe.maxBuffered)
        }
    }

    /// The index of topology `name`, or, with no name, the only topology; a message otherwise.
    static func topologyIndex(_ scenario: Scenario, named name: String?, file: String) -> Result<Int, TraceError> {
        let known = scenario.topologies.map(\.name).joined(separator: ", ")
        guard let name else {
            if scenario.topologies.count == 1 { return .success(0) }
            return .failure(
                TraceError(
                    "\(file) has \(scenario.topologies.count) topologies (\(known)): choose one with '--topology <name>'"
                ))
        }
        guard let i = scenario.topologies.firstIndex(where: { $0.name == name }) else {
            return .failure(TraceError("no topology named '\(name)' in \(file) (topologies: \(known))"))
        }
        return .success(i)
    }
}

/// A problem with what `trace`, `load` or `merge` was given, printed as `error: …`.
struct TraceError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { "error: " + message }
}
