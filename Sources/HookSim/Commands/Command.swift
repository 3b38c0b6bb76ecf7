/// The output formats of `run` and `compare`.
public typealias OutputFormat = ReportFormat

/// A parsed command line. Parsing is a pure function so it is unit-tested (STYLE.md).
public enum Command: Equatable, Sendable {
    case help(topic: String?)
    /// `hooksim help --markdown`: every command's reference, for the README.
    case helpMarkdown
    case version
    case run(RunOptions)
    case compare(files: [String], format: OutputFormat, seed: UInt64?, jobs: Int = 0)
    case check(CheckOptions)
    case validate(files: [String])
    case jql(arguments: [String])
    case sweep(arguments: [String])
    case saturate(arguments: [String])
    case merge(arguments: [String])
    case shrink(arguments: [String])
    case explain(arguments: [String])
    case importWebhooks(arguments: [String])
    case fit(arguments: [String])
    case trace(arguments: [String])
    case load(arguments: [String])
    case serve(arguments: [String])
}

public struct CheckOptions: Equatable, Sendable {
    public var paths: [String]
    public var save: Bool
    public var out: String
    public var quiet: Bool
    /// `--format junit` prints JUnit XML instead of the text lines.
    public var junitOnly: Bool
    /// `--junit FILE` also writes JUnit XML to FILE.
    public var junitFile: String?
    /// `--jobs N`: topologies run at once (0: one per core).
    public var jobs: Int
}

public struct RunOptions: Equatable, Sendable {
    public var file: String
    public var topologies: [String]
    public var seed: UInt64?
    public var format: OutputFormat
    /// The folder that holds one folder per scenario (`Results` by default).
    public var out: String
    /// `--out` was given: the report goes to `<out>/<scenario>/` even for a run with `--set`,
    /// `--seed` or `--topology`, which otherwise saves next to the baseline (`OutputFiles.variant`).
    public var outGiven: Bool
    public var save: Bool
    public var quiet: Bool
    public var maxEvents: Int?
    /// `--set PATH=VALUE`: values replaced in the scenario before it is checked.
    public var sets: [String]
    /// `--jobs N`: topologies run at once (0: one per core); the report is the same for any value.
    public var jobs: Int
}

extension Command {
    /// Reads a command line (without the program name).
    public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        guard let first = arguments.first else { return .help(topic: nil) }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "help", "-h", "--help":
            let p = try OptionTable.helpCommand.parse(rest)
            if p.helpRequested { return .help(topic: "help") }
            if p.flag("--markdown") {
                if let topic = p.positional(0) { throw OptionTable.helpCommand.error("Unexpected argument '\(topic)'") }
                return .helpMarkdown
            }
            if let topic = p.positional(0), Help.table(topic) == nil {
                let names = Help.tables.map(\.command)
                throw UsageError(message: "Unknown command '\(topic)'" + didYouMean(topic, names), command: nil)
            }
            return .help(topic: p.positional(0))
        case "version", "--version":
            return .version
        default:
            break
        }
        guard let table = Help.table(first) else {
            let candidates = first.hasPrefix("-") ? ["--help", "--version"] : Help.tables.map(\.command)
            let kind = first.hasPrefix("-") ? "option" : "command"
            throw UsageError(message: "Unknown \(kind) '\(first)'" + didYouMean(first, candidates), command: nil)
        }
        if OptionTable.asksForHelp(rest) { return .help(topic: first) }
        switch first {
        case "run", "compare", "check", "validate": return try parseSimulation(table, rest)
        case "jql": return .jql(arguments: rest)
        case "sweep": return .sweep(arguments: rest)
        case "saturate": return .saturate(arguments: rest)
        case "merge": return .merge(arguments: rest)
        case "shrink": return .shrink(arguments: rest)
        case "explain": return .explain(arguments: rest)
        case "import": return .importWebhooks(arguments: rest)
        case "fit": return .fit(arguments: rest)
        case "trace": return .trace(arguments: rest)
        case "load": return .load(arguments: rest)
        default: return .serve(arguments: rest)
        }
    }

    /// `; did you mean 'run'?` for a near miss of a known name, else nothing: the same edit-distance
    /// rule as scenario keys and JQL fields (`Suggestion`), so a typo is answered the same way everywhere.
    static func didYouMean(_ name: String, _ candidates: [String]) -> String {
        Suggestion.closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// `run`, `compare`, `check` and `validate`, read through their tables.
    private static func parseSimulation(_ table: OptionTable, _ args: [String]) throws(UsageError) -> Command {
        let p = try table.parse(args)
        switch table.command {
        case "run":
            // NB: `--jobs` absent is 0, "one per core": its table gives a note, not a value.
            return .run(
                RunOptions(
                    file: p.positionals[0], topologies: p.values("--topology"), seed: p.uint64("--seed"),
                    format: p.defaulted("--format", as: OutputFormat.init(rawValue:)), out: p.defaulted("--out"),
                    outGiven: p.has("--out"), save: !p.flag("--no-save"), quiet: p.flag("--quiet"),
                    maxEvents: p.int("--max-events"), sets: p.values("--set"), jobs: p.int("--jobs") ?? 0))
        case "compare":
            return .compare(
                files: p.positionals, format: p.defaulted("--format", as: OutputFormat.init(rawValue:)),
                seed: p.uint64("--seed"), jobs: p.int("--jobs") ?? 0)
        case "check":
            // NB: `--out DIR` alone saves: a folder given and nothing written was a silent no-op.
            return .check(
                CheckOptions(
                    paths: p.positionals, save: p.flag("--save") || p.has("--out"), out: p.defaulted("--out"),
                    quiet: p.flag("--quiet"), junitOnly: p.value("--format") == "junit",
                    junitFile: p.value("--junit"), jobs: p.int("--jobs") ?? 0))
        default:
            return .validate(files: p.positionals)
        }
    }
}
