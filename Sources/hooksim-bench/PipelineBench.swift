import Foundation
import HookSim

/// `hooksim-bench pipeline --changes N --webhooks K [--json]`: the whole simulator on a generated
/// large world, driven until N Jira changes; prints changes, engine events, wall seconds,
/// changes per second and peak memory.
func runPipelineBench(arguments: [String]) -> Int32 {
    var status: Int32 = 0
    guard let p = BenchOptions.read(BenchOptions.pipeline, arguments, status: &status) else { return status }
    let changes = BenchOptions.count(p, "--changes")
    let webhooks = BenchOptions.count(p, "--webhooks")
    let json = p.flag("--json")
    let scenario = BenchmarkScenarios.pipeline(changes: changes, webhooks: webhooks)
    let start = DispatchTime.now().uptimeNanoseconds
    let report: ScenarioReport
    do { report = try Simulator.run(scenario) } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return 1
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let t = report.topologies[0]
    let done = t.figures.outcome.changes
    let events = t.figures.engineEvents
    let peak = peakMemoryBytes()
    let perSecond = Double(done) / seconds
    if json {
        print(
            "{\"changes\": \(done), \"webhooks\": \(webhooks), \"events\": \(events), \"seconds\": \(String(format: "%.3f", seconds)), \"changesPerSecond\": \(Int(perSecond)), \"eventsPerSecond\": \(Int(Double(events) / seconds)), \"peakMemoryBytes\": \(peak)}"
        )
    } else {
        print("pipeline: \(done) changes, \(webhooks) webhooks, \(events) engine events")
        print(
            String(
                format: "  wall %.3f s, %.0f changes/s, %.0f events/s, peak memory %.1f MiB",
                seconds, perSecond, Double(events) / seconds, Double(peak) / 1_048_576))
    }
    return 0
}

/// The process's peak resident set size (VmHWM), from /proc.
func peakMemoryBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.filter(\.isNumber)
        return (Int(digits) ?? 0) * 1024
    }
    return 0
}
