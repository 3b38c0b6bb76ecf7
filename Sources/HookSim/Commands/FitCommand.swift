import Foundation

/// `hooksim fit FILE [--scenario S]`: the `projects` and `activity` blocks that generate traffic
/// like a recording (DESIGN.md §7.4), read the same way `activity: {trace: FILE}` reads it.
enum FitCommand {
    struct Options: Equatable {
        var file: String
        var scenario: String?
    }

    /// Reads the command line of `fit` (without the command name) through its table.
    static func parse(_ args: [String]) throws(UsageError) -> Options {
        let p = try OptionTable.fit.parse(args)
        return Options(file: p.positional(0) ?? "", scenario: p.value("--scenario"))
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let o: Options
        switch OptionTable.fit.read(args, console: console, parse) {
        case .success(let v): o = v
        case .failure(let status): return status.code
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
