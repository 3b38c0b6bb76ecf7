import Foundation

/// The command line of `sweep`, `saturate` and `merge`, parsed by a pure function so it is unit-tested.
public struct SweepOptions: Equatable, Sendable {
    public var positional: [String] = []
    /// `--vary PATH=…` as given: the path and the text after `=`.
    public var vary: [(path: String, text: String)] = []
    public var topologies: [String] = []
    public var replications: Int?
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    public var format: SweepFormat = .text
    /// Set when `--out` was given; sweep writes to `Results` by default, shards and merge only when asked.
    public var out: String?
    public var save = true
    public var measures: [String] = []
    public var shard: (k: Int, n: Int)?
    public var slos: [String] = []
    public var steps: Int = 8

    public static func == (a: SweepOptions, b: SweepOptions) -> Bool {
        a.positional == b.positional && a.vary.map(\.path) == b.vary.map(\.path) && a.vary.map(\.text) == b.vary.map(\.text)
            && a.topologies == b.topologies && a.replications == b.replications && a.jobs == b.jobs && a.format == b.format
            && a.out == b.out && a.save == b.save && a.measures == b.measures && a.shard?.k == b.shard?.k
            && a.shard?.n == b.shard?.n && a.slos == b.slos && a.steps == b.steps
    }

    /// The `--vary` arguments as written, for messages.
    func source(_ i: Int) -> String { "--vary \(vary[i].path)=\(vary[i].text)" }

    static let allowed: [String: [String]] = [
        "sweep": ["--vary", "--topology", "--replications", "--jobs", "--format", "--out", "--no-save", "--measure", "--shard"],
        "saturate": ["--vary", "--topology", "--replications", "--jobs", "--slo", "--steps"],
        "merge": ["--format", "--out"],
    ]

    public static func parse(_ args: [String], command: String) throws(UsageError) -> SweepOptions {
        var o = SweepOptions()
        var i = 0
        func value(_ option: String, _ placeholder: String) throws(UsageError) -> String {
            guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else {
                throw UsageError(message: "Missing value for '\(option) <\(placeholder)>'", command: command)
            }
            i += 1
            return args[i]
        }
        func positive(_ option: String, _ text: String) throws(UsageError) -> Int {
            guard let n = Int(text), n > 0 else {
                throw UsageError(message: "The value '\(text)' is invalid for '\(option) <n>': expected a positive integer", command: command)
            }
            return n
        }
        while i < args.count {
            let a = args[i]
            guard a.hasPrefix("--") else {
                o.positional.append(a)
                i += 1
                continue
            }
            guard allowed[command]?.contains(a) ?? false else { throw UsageError(message: "Unknown option '\(a)'", command: command) }
            switch a {
            case "--vary":
                let text = try value(a, "path>=<values")
                guard let eq = text.firstIndex(of: "="), eq != text.startIndex, text.index(after: eq) != text.endIndex else {
                    throw UsageError(message: "The value '\(text)' is invalid for '--vary <path>=<values>': expected a path, '=' and values, such as activity.rate=600/h,6000/h", command: command)
                }
                o.vary.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
            case "--topology": o.topologies.append(try value(a, "name"))
            case "--replications": o.replications = try positive(a, try value(a, "n"))
            case "--jobs": o.jobs = try positive(a, try value(a, "j"))
            case "--steps": o.steps = try positive(a, try value(a, "n"))
            case "--format":
                let text = try value(a, "format")
                guard let f = SweepFormat(rawValue: text) else {
                    throw UsageError(message: "The value '\(text)' is invalid for '--format <format>': expected one of text, json, csv, md, html", command: command)
                }
                o.format = f
            case "--out": o.out = try value(a, "dir")
            case "--no-save": o.save = false
            case "--measure": o.measures.append(try value(a, "path"))
            case "--slo": o.slos.append(try value(a, "slo"))
            case "--shard":
                let text = try value(a, "k>/<n")
                let parts = text.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
                    throw UsageError(message: "The value '\(text)' is invalid for '--shard <k>/<n>': expected k of n with 1 ≤ k ≤ n, such as 2/4", command: command)
                }
                o.shard = (k, n)
            default: break
            }
            i += 1
        }
        if command == "merge" {
            guard !o.positional.isEmpty else { throw UsageError(message: "Missing expected argument '<part> ...'", command: command) }
        } else {
            guard let _ = o.positional.first else { throw UsageError(message: "Missing expected argument '<file>'", command: command) }
            if o.positional.count > 1 { throw UsageError(message: "Unexpected argument '\(o.positional[1])'", command: command) }
        }
        if command == "saturate" {
            guard o.vary.count == 1 else {
                throw UsageError(message: o.vary.isEmpty ? "Missing '--vary <path>=<low>..<high>'" : "saturate varies one path: give one '--vary'", command: command)
            }
            guard !o.slos.isEmpty else { throw UsageError(message: "Missing '--slo \"<measure> <op> <bound>\"'", command: command) }
        }
        return o
    }
}
