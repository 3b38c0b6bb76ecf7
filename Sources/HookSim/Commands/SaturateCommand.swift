import Foundation
import SimKit

/// `hooksim saturate`: per topology, the highest value of one parameter that still meets every
/// SLO on the replication mean, found by bisection between LOW (must pass) and HIGH (must fail).
///
/// Bisection assumes the measures get worse as the value rises (load, failure rate); the points
/// tried are printed so a reader can see whether that held.
enum SaturateCommand {
    static func main(_ arguments: [String], console: Console) -> Int32 {
        let o: SweepOptions
        switch SweepOptions.read(arguments, command: "saturate", console: console) {
        case .success(let v): o = v
        case .failure(let status): return status.code
        }
        return run(o, console: console)
    }

    /// Runs the bisection for each chosen topology and prints every point tried.
    static func run(_ o: SweepOptions, console: Console) -> Int32 {
        let file = o.positional[0]
        guard let base = CLI.load(file, console: console), let data = FileManager.default.contents(atPath: file) else {
            return CLI.exitBadInput
        }
        let vary = o.vary[0]
        let source = o.source(0)
        func fail(_ message: String) -> Int32 {
            console.err("error: \(message)\n")
            return CLI.exitBadInput
        }
        let ends = vary.text.components(separatedBy: "..")
        guard ends.count == 2, let low = Saturation.split(ends[0]), let high = Saturation.split(ends[1]),
            low.1 == high.1, low.0 < high.0
        else {
            return fail(
                "in '\(source)': expected a range LOW..HIGH with LOW < HIGH in one unit, such as 60/h..60000/h, 1..16 or 1s..30s"
            )
        }
        let integral = !ends[0].contains(".") && !ends[1].contains(".")
        let unit = low.1
        var slos: [Saturation.SLO] = []
        do throws(SweepInputError) { for s in o.slos { slos.append(try Saturation.parseSLO(s, scenario: base)) } } catch
        {
            return fail(error.message)
        }
        for name in o.topologies where !base.topologies.contains(where: { $0.name == name }) {
            return fail(
                "no topology named '\(name)' in \(file) (topologies: \(base.topologies.map(\.name).joined(separator: ", ")))"
            )
        }
        var measures: [ReportMeasure] = []
        for s in slos where !measures.contains(s.measure) { measures.append(s.measure) }
        let replications = o.replications ?? base.sweep?.replications ?? 5
        let text = { (x: Double) in (integral ? String(Int64(x)) : ScenarioLoader.short(x)) + unit }

        console.out(
            "Saturation of \(base.name): highest \(vary.path) in \(ends[0])..\(ends[1]) meeting \(slos.map(\.text).joined(separator: " and ")) (mean of \(replications) replications)\n"
        )
        for topology in base.topologies.map(\.name) where o.topologies.isEmpty || o.topologies.contains(topology) {
            console.out("\n\(topology):\n")
            var tried: [(Double, Bool)] = []
            // Evaluates one value: nil means an error was printed and the exit status returned.
            func evaluate(_ x: Double) -> Result<Bool, ExitStatus> {
                if let seen = tried.first(where: { $0.0 == x }) { return .success(seen.1) }
                let dim = SweepDimension(path: vary.path, values: [text(x)])
                let plan = SweepPlan(
                    scenario: base.name, seed: base.seed, dimensions: [dim], topologies: [topology],
                    measures: measures, replications: replications)
                let scenario: Scenario
                do {
                    scenario = try ScenarioLoader.load(
                        bytes: [UInt8](data), file: file,
                        overrides: [
                            ScenarioOverride(path: vary.path, value: text(x), source: source)
                        ])
                } catch {
                    console.err(error.description + "\n")
                    return .failure(ExitStatus(code: CLI.exitBadInput))
                }
                let values: [[Double]]
                switch SweepCommand.execute(
                    plan, [scenario], runs: plan.runs(shard: nil), jobs: o.jobs, file: file, console: console)
                {
                case .success(let v): values = v
                case .failure(let status): return .failure(status)
                }
                let results = SweepResults(plan: plan, runs: values.map { Optional($0) })
                var pass = true
                var shown: [String] = []
                for s in slos {
                    guard let m = measures.firstIndex(of: s.measure) else { continue }
                    let ci = results.interval(point: 0, topology: 0, measure: m)
                    let ok = s.op.holds(ci.mean, s.bound)
                    pass = pass && ok
                    shown.append("\(s.measure.path) \(SweepReport.cell(ci, s.measure.unit))\(ok ? "" : " ✗")")
                }
                tried.append((x, pass))
                console.out(
                    "  \(text(x).padding(toLength: max(12, text(x).count), withPad: " ", startingAt: 0))  \(pass ? "pass" : "FAIL")  \(shown.joined(separator: ", "))\n"
                )
                return .success(pass)
            }
            var lo = low.0
            var hi = high.0
            switch evaluate(lo) {
            case .failure(let s): return s.code
            case .success(false):
                console.out("  answer: even \(text(lo)) misses an SLO: the saturation point is below the range\n")
                continue
            case .success(true): break
            }
            switch evaluate(hi) {
            case .failure(let s): return s.code
            case .success(true):
                console.out("  answer: \(text(hi)) still meets every SLO: the saturation point is above the range\n")
                continue
            case .success(false): break
            }
            for _ in 0..<o.steps {
                var mid = (lo + hi) / 2
                if integral { mid = mid.rounded(.down) }
                if mid <= lo || mid >= hi { break }
                switch evaluate(mid) {
                case .failure(let s): return s.code
                case .success(let ok): if ok { lo = mid } else { hi = mid }
                }
            }
            console.out("  answer: highest passing \(vary.path) = \(text(lo)) (lowest failing tried: \(text(hi)))\n")
        }
        return CLI.exitOK
    }
}
