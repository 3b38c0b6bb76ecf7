import Foundation

/// `sweep` and `merge`: load testing over a grid of scenario values (`saturate` is `SaturateCommand`).
enum SweepCommand {
    static func sweep(_ arguments: [String], console: Console) -> Int32 {
        let o: SweepOptions
        switch SweepOptions.read(arguments, command: "sweep", console: console) {
        case .success(let v): o = v
        case .failure(let status): return status.code
        }
        let prepared: Prepared
        switch prepare(o, console: console) {
        case .success(let p): prepared = p
        case .failure(let status): return status.code
        }
        let plan = prepared.plan
        let runs = plan.runs(shard: o.shard)
        let values: [[Double]]
        switch execute(plan, prepared.scenarios, runs: runs, jobs: o.jobs, file: prepared.file, console: console) {
        case .success(let v): values = v
        case .failure(let status): return status.code
        }
        if let shard = o.shard {
            let part = SweepPart(plan: plan, shard: shard, runs: Array(zip(runs, values)).map { ($0.0, $0.1) })
            let text = part.json.rendered() + "\n"
            guard let out = o.out else {
                console.out(text)
                return CLI.exitOK
            }
            let path = out + "/" + OutputFiles.folderName(plan.scenario) + ".part-\(shard.k)-of-\(shard.n).json"
            do { try OutputFiles.write(text, to: path) } catch {
                console.err(error.description + "\n")
                return CLI.exitBadInput
            }
            console.err("wrote \(path)\n")
            return CLI.exitOK
        }
        var slots: [[Double]?] = Array(repeating: nil, count: plan.runCount)
        for (run, v) in zip(runs, values) { slots[run] = v }
        return emit(
            SweepResults(plan: plan, runs: slots), format: o.format, out: o.save ? (o.out ?? "Results") : nil,
            console: console)
    }

    static func merge(_ arguments: [String], console: Console) -> Int32 {
        let o: SweepOptions
        switch SweepOptions.read(arguments, command: "merge", console: console) {
        case .success(let v): o = v
        case .failure(let status): return status.code
        }
        var parts: [(file: String, part: SweepPart)] = []
        do throws(SweepInputError) {
            for file in o.positional {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw SweepInputError("cannot read \(JSON5Path.quoted(file)): no such file, or not readable")
                }
                parts.append((file, try SweepPart.parse([UInt8](data), file: file)))
            }
            return emit(try SweepPart.merge(parts), format: o.format, out: o.out, console: console)
        } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
    }

    /// Prints the chosen format and, when `out` is set, writes `<out>/<scenario>/sweep.{json,md,html,csv}`.
    static func emit(_ results: SweepResults, format: SweepFormat, out: String?, console: Console) -> Int32 {
        if let out {
            let folder = out + "/" + OutputFiles.folderName(results.plan.scenario)
            do {
                for f in [SweepFormat.json, .md, .html, .csv] {
                    try OutputFiles.write(SweepReport.render(f, results), to: folder + "/sweep." + f.rawValue)
                }
            } catch {
                console.err(error.description + "\n")
                return CLI.exitBadInput
            }
        }
        console.out(SweepReport.render(format, results))
        return CLI.exitOK
    }

    /// A plan and the validated scenario of each of its points.
    struct Prepared {
        var plan: SweepPlan
        var scenarios: [Scenario]
        var file: String
    }

    /// Loads the file, resolves --vary against the file's `sweep` key, checks topologies and
    /// measures, and loads every point's scenario (each override validated like the file).
    static func prepare(_ o: SweepOptions, console: Console) -> Result<Prepared, ExitStatus> {
        let file = o.positional[0]
        guard let base = CLI.load(file, console: console), let data = FileManager.default.contents(atPath: file) else {
            return .failure(ExitStatus(code: CLI.exitBadInput))
        }
        func fail(_ message: String) -> Result<Prepared, ExitStatus> {
            console.err("error: \(message)\n")
            return .failure(ExitStatus(code: CLI.exitBadInput))
        }
        var dimensions = o.vary.map { v in
            SweepDimension(
                path: v.path,
                values: v.text.split(separator: ",", omittingEmptySubsequences: false).map {
                    String($0).trimming(" ")
                })
        }
        for (i, d) in dimensions.enumerated() where d.values.contains("") {
            return fail("in '\(o.source(i))': a value is empty (values are separated by commas)")
        }
        if dimensions.isEmpty { dimensions = base.sweep?.vary ?? [] }
        guard !dimensions.isEmpty else {
            return fail(
                "nothing to vary: give '--vary <path>=<v1>,<v2>...' or a sweep key in \(file)\nUsage: \(OptionTable.sweep.usage)"
            )
        }
        for name in o.topologies where !base.topologies.contains(where: { $0.name == name }) {
            return fail(
                "no topology named '\(name)' in \(file) (topologies: \(base.topologies.map(\.name).joined(separator: ", ")))"
            )
        }
        let topologies = base.topologies.map(\.name).filter { o.topologies.isEmpty || o.topologies.contains($0) }
        var measures: [ReportMeasure] = []
        let chosen =
            !o.measures.isEmpty
            ? o.measures : !(base.sweep?.measures ?? []).isEmpty ? base.sweep?.measures ?? [] : SweepMeasures.defaults
        for path in chosen {
            guard let m = SweepMeasures.measure(path, in: base) else {
                let all = SweepMeasures.derived.map(\.path) + ReportPath.patterns
                return fail("in '--measure \(path)': " + Suggestion.unknown("report path", path, candidates: all))
            }
            measures.append(m)
        }
        let plan = SweepPlan(
            scenario: base.name, seed: base.seed, dimensions: dimensions, topologies: topologies, measures: measures,
            replications: o.replications ?? base.sweep?.replications ?? 5)
        var scenarios: [Scenario] = []
        for point in plan.points {
            let scenario: Scenario
            do {
                scenario = try ScenarioLoader.load(bytes: [UInt8](data), file: file, overrides: plan.overrides(point))
            } catch {
                console.err(error.description + "\n")
                return .failure(ExitStatus(code: CLI.exitBadInput))
            }
            // NB: a sweep measures the same topologies at every point; varying a topology's name
            // would leave a column without a value.
            for name in topologies where !scenario.topologies.contains(where: { $0.name == name }) {
                return fail(
                    "at the sweep point \(plan.label(point)) there is no topology named '\(name)' "
                        + "(topologies: \(scenario.topologies.map(\.name).joined(separator: ", "))): "
                        + "a sweep measures the same topologies at every point, so it cannot vary a topology's name")
            }
            scenarios.append(scenario)
        }
        return .success(Prepared(plan: plan, scenarios: scenarios, file: file))
    }

    /// Runs with progress on a terminal; maps a failed run to the exit status and a reproduce line.
    static func execute(
        _ plan: SweepPlan, _ scenarios: [Scenario], runs: [Int], jobs: Int, file: String, console: Console
    ) -> Result<[[Double]], ExitStatus> {
        let start = DispatchTime.now().uptimeNanoseconds
        let progress: @Sendable (Int, Int) -> Bool = { done, total in
            if console.stderrIsTerminal {
                let elapsedMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                console.err(
                    "\r\u{1B}[K"
                        + ProgressLine.runs(scenario: plan.scenario, done: done, total: total, elapsedMs: elapsedMs))
            }
            return !interruptRequested.load(ordering: .relaxed)
        }
        do {
            let values = try SweepRunner.execute(plan, scenarios: scenarios, runs: runs, jobs: jobs, progress: progress)
            if console.stderrIsTerminal { console.err("\r\u{1B}[K") }
            return .success(values)
        } catch {
            if console.stderrIsTerminal { console.err("\r\u{1B}[K") }
            let flags = plan.overrides(error.point).map { "--vary \($0.path)=\($0.value)" }.joined(separator: " ")
            switch error.error {
            case .interrupted:
                console.err("hooksim: interrupted; no report written\n")
                return .failure(ExitStatus(code: CLI.exitInterrupted))
            case .eventLimit:
                console.err("error: \(error.error) (run \(error.run), seed \(error.seed), \(flags))\n --> \(file)\n")
                return .failure(ExitStatus(code: CLI.exitBadInput))
            case .invariant:
                let sets = plan.overrides(error.point).map { "--set \($0.path)=\($0.value)" }.joined(separator: " ")
                console.err("\(error.error)\nreproduce: hooksim run \(file) \(sets) --seed \(error.seed)\n")
                return .failure(ExitStatus(code: CLI.exitInternal))
            }
        }
    }
}
