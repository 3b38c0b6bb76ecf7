import Foundation

/// `hooksim fit FILE [--scenario S]`: the `projects` and `activity` blocks that generate traffic
/// like a recording (DESIGN.md §7.4), read the same way `activity: {trace: FILE}` reads it.
enum FitCommand {
    struct Options: Equatable {
        var file = ""
        var scenario: String?
    }

    /// Reads the command line of `fit` (without the command name).
    static func parse(_ args: [String]) throws(UsageError) -> Options {
        var o = Options()
        var positional: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--scenario" {
                guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else {
                    throw UsageError(message: "Missing value for '--scenario <file>'", command: "fit")
                }
                o.scenario = args[i + 1]
                i += 1
            } else if a.hasPrefix("-") && a != "-" {
                throw UsageError(message: "Unknown option '\(a)'", command: "fit")
            } else {
                positional.append(a)
            }
            i += 1
        }
        guard let file = positional.first else {
            throw UsageError(message: "Missing expected argument '<file>'", command: "fit")
        }
        if positional.count > 1 { throw UsageError(message: "Unexpected argument '\(positional[1])'", command: "fit") }
        o.file = file
        return o
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let o: Options
        do { o = try parse(args) } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
        var scenario: Scenario?
        if let s = o.scenario {
            guard let loaded = CLI.load(s, console: console) else { return CLI.exitBadInput }
            scenario = loaded
        }
        do {
            guard let scan = try RecordingScanner.scan(path: o.file, file: o.file) else {
                console.err("error: cannot read \(JSON5Path.quoted(o.file))\n")
                return CLI.exitBadInput
            }
            console.out(fit(scan, file: o.file, scenario: scenario))
            return CLI.exitOK
        } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
    }

    /// The fitted blocks of a capture held in memory.
    static func fit(_ data: Data, file: String, scenario: Scenario?) throws(ScenarioError) -> String {
        let result = data.withUnsafeBytes { (bytes) -> Result<RecordingScan, ScenarioError> in
            do throws(ScenarioError) { return .success(try Recording.scan(bytes: bytes, file: file)) } catch {
                return .failure(error)
            }
        }
        return fit(try result.get(), file: file, scenario: scenario)
    }

    /// The fitted blocks. With a scenario, issues are placed in its projects (others are skipped)
    /// and echoes are recognised by its integration accounts; without, every project key found
    /// becomes a project, in order of first appearance.
    static func fit(_ scan: RecordingScan, file: String, scenario: Scenario?) -> String {
        let recording: Recording
        var keys: [String] = []
        if let scenario {
            recording = ScenarioLoader.place(scan, jira: scenario.jira)
            keys = scenario.jira.flatMap { $0.projects.map(\.key) }
        } else {
            recording = Recording.build(
                scan,
                project: { key in
                    if let i = keys.firstIndex(of: key) { return i }
                    keys.append(key)
                    return keys.count - 1
                }, integrationAccount: { _ in nil })
        }
        let fit = RecordingFit(recording, projectKeys: keys, echoKnown: scenario != nil)
        return fit.blocks(source: file, recording: recording)
    }
}
