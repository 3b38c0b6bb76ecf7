/// The output formats of `run` and `compare`.
public typealias OutputFormat = ReportFormat

/// A parsed command line. Parsing is a pure function so it is unit-tested (STYLE.md).
public enum Command: Equatable, Sendable {
    case help(topic: String?)
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
    public var save = false
    public var out = "Results"
    public var quiet = false
    /// `--format junit` prints JUnit XML instead of the text lines.
    public var junitOnly = false
    /// `--junit FILE` also writes JUnit XML to FILE.
    public var junitFile: String?
    /// `--jobs N`: topologies run at once (0: one per core).
    public var jobs = 0
    public init(paths: [String]) { self.paths = paths }
}

public struct RunOptions: Equatable, Sendable {
    public var file: String
    public var topologies: [String] = []
    public var seed: UInt64?
    public var format: OutputFormat = .text
    /// The folder that holds one folder per scenario (`Results` by default).
    public var out: String = "Results"
    /// `--out` was given: the report goes to `<out>/<scenario>/` even for a run with `--set`,
    /// `--seed` or `--topology`, which otherwise saves next to the baseline (`OutputFiles.variant`).
    public var outGiven = false
    public var save = true
    public var quiet = false
    public var maxEvents: Int?
    /// `--set PATH=VALUE`: values replaced in the scenario before it is checked.
    public var sets: [String] = []
    /// `--jobs N`: topologies run at once (0: one per core); the report is the same for any value.
    public var jobs = 0
}

/// A command line that cannot be run: wording after swift-argument-parser.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var command: String?
    public var description: String {
        let usage = command.flatMap { Help.usage[$0] } ?? "hooksim <command> [options]"
        return "error: \(message)\nUsage: \(usage)\n  See 'hooksim help\(command.map { " " + $0 } ?? "")' for more."
    }
}

extension Command {
    /// Reads a command line (without the program name).
    public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        guard let first = arguments.first else { return .help(topic: nil) }
        var rest = Array(arguments.dropFirst())
        switch first {
        case "help", "-h", "--help":
            if rest.count > 1 { throw UsageError(message: "Unexpected argument '\(rest[1])'", command: "help") }
            if let topic = rest.first, Help.usage[topic] == nil {
                throw UsageError(message: "Unknown command '\(topic)'", command: nil)
            }
            return .help(topic: rest.first)
        case "version", "--version":
            return .version
        case "trace", "load":
            if rest.contains("--help") || rest.contains("-h") { return .help(topic: first) }
            return first == "trace" ? .trace(arguments: rest) : .load(arguments: rest)
        case "serve":
            if rest.contains("--help") || rest.contains("-h") { return .help(topic: first) }
            return .serve(arguments: rest)
        case "jql", "sweep", "saturate", "merge", "shrink", "explain", "import", "fit":
            if rest.contains("--help") || rest.contains("-h") { return .help(topic: first) }
            switch first {
            case "jql": return .jql(arguments: rest)
            case "sweep": return .sweep(arguments: rest)
            case "saturate": return .saturate(arguments: rest)
            case "shrink": return .shrink(arguments: rest)
            case "explain": return .explain(arguments: rest)
            case "import": return .importWebhooks(arguments: rest)
            case "fit": return .fit(arguments: rest)
            default: return .merge(arguments: rest)
            }
        case "run", "compare", "check", "validate":
            if rest.contains("--help") || rest.contains("-h") { return .help(topic: first) }
            return try parseCommand(first, &rest)
        default:
            let candidates = first.hasPrefix("-") ? ["--help", "--version"] : Help.usage.keys.sorted()
            let kind = first.hasPrefix("-") ? "option" : "command"
            throw UsageError(message: "Unknown \(kind) '\(first)'" + didYouMean(first, candidates), command: nil)
        }
    }

    /// `; did you mean 'run'?` for a near miss of a known name, else nothing: the same edit-distance
    /// rule as scenario keys and JQL fields (`Suggestion`), so a typo is answered the same way everywhere.
    static func didYouMean(_ name: String, _ candidates: [String]) -> String {
        Suggestion.closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    private static func parseCommand(_ name: String, _ args: inout [String]) throws(UsageError) -> Command {
        var positional: [String] = []
        var run = RunOptions(file: "")
        var save = false
        var junitOnly = false
        var junitFile: String?
        var i = 0
        func value(_ option: String, _ placeholder: String) throws(UsageError) -> String {
            guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else {
                throw UsageError(message: "Missing value for '\(option) <\(placeholder)>'", command: name)
            }
            i += 1
            return args[i]
        }
        let allowed: [String: Set<String>] = [
            "run": ["--topology", "--seed", "--format", "--out", "--quiet", "--no-save", "--max-events", "--set", "--jobs"],
            "compare": ["--format", "--seed", "--jobs"],
            "check": ["--save", "--out", "--quiet", "--format", "--junit", "--jobs"],
            "validate": [],
        ]
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("-") && a != "-" {
                guard allowed[name]?.contains(a) ?? false else {
                    let known = (allowed[name] ?? []).sorted()
                    throw UsageError(message: "Unknown option '\(a)'" + didYouMean(a, known), command: name)
                }
                switch a {
                case "--topology": run.topologies.append(try value(a, "name"))
                case "--set":
                    let text = try value(a, "path=value")
                    guard let eq = text.firstIndex(of: "="), eq != text.startIndex, text.index(after: eq) != text.endIndex else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--set <path=value>': expected PATH=VALUE, such as activity.rate=600/h", command: name)
                    }
                    run.sets.append(text)
                case "--seed":
                    let text = try value(a, "n")
                    guard let n = UInt64(text) else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--seed <n>': expected a non-negative integer", command: name)
                    }
                    run.seed = n
                case "--jobs":
                    let text = try value(a, "n")
                    guard let n = Int(text), n > 0 else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--jobs <n>': expected a positive integer", command: name)
                    }
                    run.jobs = n
                case "--max-events":
                    let text = try value(a, "n")
                    guard let n = Int(text), n > 0 else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--max-events <n>': expected a positive integer", command: name)
                    }
                    run.maxEvents = n
                case "--format" where name == "check":
                    let text = try value(a, "format")
                    guard text == "text" || text == "junit" else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--format <format>': expected one of text, junit", command: name)
                    }
                    junitOnly = text == "junit"
                case "--junit": junitFile = try value(a, "file")
                case "--format":
                    let text = try value(a, "format")
                    guard let f = OutputFormat(rawValue: text) else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--format <format>': expected one of text, json, md, html", command: name)
                    }
                    run.format = f
                case "--out":
                    run.out = try value(a, "dir")
                    run.outGiven = true
                case "--quiet": run.quiet = true
                case "--no-save": run.save = false
                case "--save": save = true
                default: break
                }
            } else {
                positional.append(a)
            }
            i += 1
        }
        switch name {
        case "run":
            guard let file = positional.first else { throw UsageError(message: "Missing expected argument '<file>'", command: name) }
            if positional.count > 1 { throw UsageError(message: "Unexpected argument '\(positional[1])'", command: name) }
            run.file = file
            return .run(run)
        case "compare":
            guard !positional.isEmpty else { throw UsageError(message: "Missing expected argument '<file> ...'", command: name) }
            return .compare(files: positional, format: run.format, seed: run.seed, jobs: run.jobs)
        case "check":
            guard !positional.isEmpty else { throw UsageError(message: "Missing expected argument '<path> ...'", command: name) }
            var options = CheckOptions(paths: positional)
            // NB: `--out DIR` alone saves: a folder given and nothing written was a silent no-op.
            options.save = save || run.outGiven
            options.out = run.out
            options.quiet = run.quiet
            options.junitOnly = junitOnly
            options.jobs = run.jobs
            options.junitFile = junitFile
            return .check(options)
        default:
            guard !positional.isEmpty else { throw UsageError(message: "Missing expected argument '<file> ...'", command: name) }
            return .validate(files: positional)
        }
    }
}
