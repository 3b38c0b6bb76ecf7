import Dispatch
import Foundation
import Synchronization

/// Where the command line writes, and what it knows of the terminal.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// Progress lines go to standard error only when it is a terminal.
    public var stderrIsTerminal: Bool
    /// Colour only on a terminal and when NO_COLOR is unset.
    public var color: Bool
    /// The process environment, as far as commands read it (`GITHUB_ACTIONS`, `GITHUB_STEP_SUMMARY`).
    public var environment: [String: String]

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        stderrIsTerminal: Bool = false, color: Bool = false, environment: [String: String] = [:]
    ) {
        self.out = out
        self.err = err
        self.stderrIsTerminal = stderrIsTerminal
        self.color = color
        self.environment = environment
    }
}

/// A non-zero exit status carried as a failure.
struct ExitStatus: Error { var code: Int32 }

/// Set by the SIGINT handler; long runs poll it and stop cleanly.
let interruptRequested = Atomic<Bool>(false)

/// The command line: parses arguments, calls the simulator, prints, and returns the exit status.
public enum CLI {
    public static let exitOK: Int32 = 0
    public static let exitExpectationFailed: Int32 = 1
    public static let exitBadInput: Int32 = 2
    public static let exitInternal: Int32 = 3
    public static let exitInterrupted: Int32 = 130

    /// Makes Ctrl-C stop a long run between events instead of killing the process mid-write.
    public static func installInterruptHandler() {
        signal(SIGINT) { _ in
            if interruptRequested.load(ordering: .relaxed) { _exit(130) }  // NB: a second Ctrl-C stops at once.
            interruptRequested.store(true, ordering: .relaxed)
        }
    }

    public static func main(_ arguments: [String], console: Console) -> Int32 {
        let command: Command
        do { command = try Command.parse(arguments) } catch {
            console.err(error.description + "\n")
            return exitBadInput
        }
        switch command {
        case .help(let topic):
            console.out(topic.map { Help.text(for: $0) } ?? Help.overview() + "\n")
            return exitOK
        case .helpMarkdown:
            console.out(Help.markdown())
            return exitOK
        case .version:
            console.out("hooksim 0.1.0\n")
            return exitOK
        case .run(let options): return run(options, console: console)
        case .compare(let files, let format, let seed, let jobs):
            return compare(files, format: format, seed: seed, jobs: jobs, console: console)
        case .check(let options): return check(options, console: console)
        case .validate(let files): return validate(files, console: console)
        case .jql(let arguments):
            return JQLCommand.run(
                arguments: arguments, stdout: { console.out($0.hasSuffix("\n") ? $0 : $0 + "\n") },
                stderr: { console.err($0.hasSuffix("\n") ? $0 : $0 + "\n") },
                readFile: { path in Array(try Data(contentsOf: URL(fileURLWithPath: path))) })
        case .sweep(let arguments): return SweepCommand.sweep(arguments, console: console)
        case .saturate(let arguments): return SaturateCommand.main(arguments, console: console)
        case .merge(let arguments): return MergeCommand.run(arguments, console: console)
        case .shrink(let arguments): return ShrinkCommand.run(arguments, console: console)
        case .explain(let arguments): return ExplainCommand.run(arguments, console: console)
        case .importWebhooks(let arguments): return ImportCommand.run(arguments, console: console)
        case .trace(let arguments): return TraceCommand.run(arguments, console: console)
        case .fit(let arguments): return FitCommand.run(arguments, console: console)
        case .load(let arguments): return LoadCommand.run(arguments, console: console)
        case .serve(let arguments): return ServeCommand.run(arguments, console: console)
        }
    }

    /// Loads a scenario with the command line's `--set PATH=VALUE` values (already checked to have
    /// an `=`) replaced before it is checked, as every command that takes `--set` does.
    static func load(_ file: String, sets: [String], console: Console) -> Scenario? {
        let overrides = sets.map { text -> ScenarioOverride in
            let eq = text.firstIndex(of: "=") ?? text.endIndex
            let value = eq < text.endIndex ? String(text[text.index(after: eq)...]) : ""
            return ScenarioOverride(path: String(text[..<eq]), value: value, source: "--set " + text)
        }
        return load(file, overrides: overrides, console: console)
    }

    static func load(_ file: String, overrides: [ScenarioOverride] = [], console: Console) -> Scenario? {
        do {
            let scenario = try ScenarioLoader.load(path: file, overrides: overrides)
            for note in scenario.notes { console.err("note: \(file): \(note)\n") }
            return scenario
        } catch {
            console.err(error.description + "\n")
            return nil
        }
    }

    /// A progress reporter that prints to a terminal's standard error once a run has taken a second.
    static func progress(console: Console) -> Simulator.Progress {
        let start = DispatchTime.now().uptimeNanoseconds
        return { topology, now, end, changes in
            if interruptRequested.load(ordering: .relaxed) { return false }
            guard console.stderrIsTerminal, DispatchTime.now().uptimeNanoseconds - start > 1_000_000_000 else {
                return true
            }
            let elapsedMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let line = ProgressLine.text(
                topology: topology, nowMs: Double(now.microseconds) / 1000, endMs: Double(end.microseconds) / 1000,
                changes: changes, elapsedMs: elapsedMs)
            console.err("\r\u{1B}[K" + line)
            return true
        }
    }

    /// Runs a loaded scenario, saying on standard error why it could not finish; `sets` are the
    /// `--set` values it was loaded with, so a reproduce line repeats them.
    /// `jobs`: topologies at once, 0 for one per core.
    static func simulate(
        _ scenario: Scenario, only: [String]?, seed: UInt64?, maxEvents: Int?, file: String,
        sets: [String] = [], jobs: Int = 0, console: Console
    ) -> Result<ScenarioReport, ExitStatus> {
        do {
            let report = try Simulator.run(
                scenario, only: only, seed: seed, maxEvents: maxEvents, progress: progress(console: console),
                jobs: jobs > 0 ? jobs : Simulator.defaultJobs)
            if console.stderrIsTerminal { console.err("\r\u{1B}[K") }
            return .success(report)
        } catch {
            if console.stderrIsTerminal { console.err("\r\u{1B}[K") }
            switch error {
            case .interrupted:
                console.err("hooksim: interrupted; no report written\n")
                return .failure(ExitStatus(code: exitInterrupted))
            case .eventLimit:
                console.err("error: \(error)\n --> \(file)\n")
                return .failure(ExitStatus(code: exitBadInput))
            case .invariant(let topology, let seed, _):
                let command = ScenarioReport.command(file: file, sets: sets, seed: seed, topologies: [topology])
                console.err("\(error)\nreproduce: \(command)\n")
                return .failure(ExitStatus(code: exitInternal))
            }
        }
    }

    static func run(_ options: RunOptions, console: Console) -> Int32 {
        guard let scenario = load(options.file, sets: options.sets, console: console) else { return exitBadInput }
        for name in options.topologies where !scenario.topologies.contains(where: { $0.name == name }) {
            let known = scenario.topologies.map(\.name).joined(separator: ", ")
            console.err("error: no topology named '\(name)' in \(options.file) (topologies: \(known))\n")
            return exitBadInput
        }
        var report: ScenarioReport
        // NB: `--quiet` silences the progress line too: it is for scripts, which read standard error.
        var runConsole = console
        if options.quiet { runConsole.stderrIsTerminal = false }
        switch simulate(
            scenario, only: options.topologies.isEmpty ? nil : options.topologies, seed: options.seed,
            maxEvents: options.maxEvents, file: options.file, sets: options.sets, jobs: options.jobs,
            console: runConsole)
        {
        case .success(let r): report = r
        case .failure(let status): return status.code
        }
        report.command = ScenarioReport.command(
            file: options.file, sets: options.sets, seed: report.seed, topologies: options.topologies)
        report.overrides = options.sets
        if options.save {
            // NB: a run that differs from the scenario as written never overwrites its baseline report.
            let seed = options.seed.flatMap { $0 == scenario.seed ? nil : $0 }
            let variant =
                options.outGiven
                ? "" : OutputFiles.variant(sets: options.sets, seed: seed, topologies: options.topologies)
            guard save(report, scenario, to: options.out, variant: variant, console: console) else {
                return exitBadInput
            }
            if !variant.isEmpty {
                let baseline = options.out + "/" + OutputFiles.folderName(scenario.name)
                console.err(
                    "saved to \(baseline)+\(variant)/ (\(baseline)/ is left as it is; --out DIR saves to DIR/\(OutputFiles.folderName(scenario.name))/)\n"
                )
            }
        }
        if !options.quiet {
            console.out(
                Rendering.render(options.format, report, scenario, color: console.color && options.format == .text))
        }
        let outcomes = report.evaluate(scenario.expect)
        let failed = outcomes.filter { !$0.passed }
        for o in failed {
            for f in o.failures { console.err("expectation failed: [\(o.topology)] \(f)\n") }
            let command = ScenarioReport.command(
                file: options.file, sets: options.sets, seed: report.seed, topologies: [o.topology])
            console.err("reproduce: \(command)\n")
        }
        return failed.isEmpty ? exitOK : exitExpectationFailed
    }

    /// Writes `<out>/<scenario>/report.{json,md,html}`, or `<out>/<scenario>+<variant>/` for a run
    /// that differs from the scenario file; false (after saying why) when it cannot.
    static func save(
        _ report: ScenarioReport, _ scenario: Scenario, to out: String, variant: String = "", console: Console
    ) -> Bool {
        let folder = out + "/" + OutputFiles.folderName(scenario.name) + (variant.isEmpty ? "" : "+" + variant)
        do {
            for format in [OutputFormat.json, .md, .html] {
                try OutputFiles.write(
                    Rendering.render(format, report, scenario, color: false),
                    to: folder + "/report." + format.rawValue)
            }
            return true
        } catch {
            console.err(error.description + "\n")
            return false
        }
    }

    static func compare(_ files: [String], format: OutputFormat, seed: UInt64?, jobs: Int = 0, console: Console)
        -> Int32
    {
        var reports: [ScenarioReport] = []
        for file in files {
            guard let scenario = load(file, console: console) else { return exitBadInput }
            switch simulate(scenario, only: nil, seed: seed, maxEvents: nil, file: file, jobs: jobs, console: console) {
            case .success(let r): reports.append(r)
            case .failure(let status): return status.code
            }
        }
        console.out(Comparing.render(reports, format: format))
        return exitOK
    }

    /// The scenario files a path names: the file itself, or a folder's `*.json5` files sorted by name.
    static func scenarioFiles(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".json5") }.sorted().map {
                    (path.hasSuffix("/") ? path : path + "/") + $0
                }
            } else {
                files.append(path)
            }
        }
        return files
    }

    static func validate(_ files: [String], console: Console) -> Int32 {
        var bad = false
        // NB: folders are expanded as `check` does, so `validate Scenarios` checks every file in it.
        for file in scenarioFiles(files) {
            if load(file, console: console) != nil { console.out("ok  \(file)\n") } else { bad = true }
        }
        return bad ? exitBadInput : exitOK
    }
}
