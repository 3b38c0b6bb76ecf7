import Foundation

/// The command line of `sweep`, `saturate` and `merge`, read through their option tables; a pure
/// function, so it is unit-tested.
public struct SweepOptions: Equatable, Sendable {
    public var positional: [String]
    /// `--vary PATH=…` as given: the path and the text after `=`.
    public var vary: [(path: String, text: String)]
    public var topologies: [String]
    public var replications: Int?
    public var jobs: Int
    public var format: SweepFormat
    /// Set when `--out` was given; sweep writes to `Results` by default, shards and merge only when asked.
    public var out: String?
    public var save: Bool
    public var measures: [String]
    public var shard: (k: Int, n: Int)?
    public var slos: [String]
    /// Bisection steps of `saturate`; 0 for the commands that do not bisect.
    public var steps: Int

    public static func == (a: SweepOptions, b: SweepOptions) -> Bool {
        a.positional == b.positional && a.vary.map(\.path) == b.vary.map(\.path)
            && a.vary.map(\.text) == b.vary.map(\.text)
            && a.topologies == b.topologies && a.replications == b.replications && a.jobs == b.jobs
            && a.format == b.format
            && a.out == b.out && a.save == b.save && a.measures == b.measures && a.shard?.k == b.shard?.k
            && a.shard?.n == b.shard?.n && a.slos == b.slos && a.steps == b.steps
    }

    /// The `--vary` arguments as written, for messages.
    func source(_ i: Int) -> String { "--vary \(vary[i].path)=\(vary[i].text)" }

    /// The options of `command` (`sweep`, `merge` or `saturate`) read through its table: the
    /// options, or the exit status to end with (help printed, or a usage error).
    static func read(_ arguments: [String], command: String, console: Console) -> Result<SweepOptions, ExitStatus> {
        let table: OptionTable
        switch command {
        case "sweep": table = .sweep
        case "merge": table = .merge
        case "saturate": table = .saturate
        default: preconditionFailure("'\(command)' is not a sweep command")
        }
        return table.read(arguments, console: console) { args throws(UsageError) in
            try SweepOptions.parse(args, command: command)
        }
    }

    /// Reads the arguments after `sweep`, `saturate` or `merge` through that command's table.
    public static func parse(_ args: [String], command: String) throws(UsageError) -> SweepOptions {
        let table: OptionTable = command == "saturate" ? .saturate : command == "merge" ? .merge : .sweep
        let p = try table.parse(args)
        let has = Set(table.options.map(\.name))
        // NB: the rule checked the '='; its left side is the path, the rest the values.
        let given = has.contains("--vary") ? p.values("--vary") : []
        let vary: [(path: String, text: String)] = given.map { text in
            let eq = text.firstIndex(of: "=") ?? text.endIndex
            return (String(text[..<eq]), eq < text.endIndex ? String(text[text.index(after: eq)...]) : "")
        }
        let o = SweepOptions(
            positional: p.positionals, vary: vary,
            topologies: has.contains("--topology") ? p.values("--topology") : [],
            replications: has.contains("--replications") ? p.int("--replications") : nil,
            // NB: `--jobs` absent is the number of cores: its table gives a note, not a value.
            jobs: (has.contains("--jobs") ? p.int("--jobs") : nil) ?? ProcessInfo.processInfo.activeProcessorCount,
            format: has.contains("--format") ? p.defaulted("--format", as: SweepFormat.init(rawValue:)) : .text,
            out: has.contains("--out") ? p.value("--out") : nil,
            save: has.contains("--no-save") ? !p.flag("--no-save") : true,
            measures: has.contains("--measure") ? p.values("--measure") : [],
            shard: has.contains("--shard") ? p.shard("--shard") : nil,
            slos: has.contains("--slo") ? p.values("--slo") : [],
            steps: has.contains("--steps") ? p.defaulted("--steps", as: { Int($0) }) : 0)
        if command == "saturate" {
            guard o.vary.count == 1 else {
                throw table.error(
                    o.vary.isEmpty
                        ? "Missing '--vary <path>=<low>..<high>'" : "saturate varies one path: give one '--vary'")
            }
            guard !o.slos.isEmpty else { throw table.error("Missing '--slo \"<measure> <op> <bound>\"'") }
        }
        return o
    }
}
