import Foundation

/// The command line of `sweep`, `saturate` and `merge`, read through their option tables; a pure
/// function, so it is unit-tested.
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
        a.positional == b.positional && a.vary.map(\.path) == b.vary.map(\.path)
            && a.vary.map(\.text) == b.vary.map(\.text)
            && a.topologies == b.topologies && a.replications == b.replications && a.jobs == b.jobs
            && a.format == b.format
            && a.out == b.out && a.save == b.save && a.measures == b.measures && a.shard?.k == b.shard?.k
            && a.shard?.n == b.shard?.n && a.slos == b.slos && a.steps == b.steps
    }

    /// The `--vary` arguments as written, for messages.
    func source(_ i: Int) -> String { "--vary \(vary[i].path)=\(vary[i].text)" }

    /// Reads the arguments after `sweep`, `saturate` or `merge` through that command's table.
    public static func parse(_ args: [String], command: String) throws(UsageError) -> SweepOptions {
        let table: OptionTable = command == "saturate" ? .saturate : command == "merge" ? .merge : .sweep
        let p = try table.parse(args)
        var o = SweepOptions()
        o.positional = p.positionals
        let has = Set(table.options.map(\.name))
        if has.contains("--vary") {
            // NB: the rule checked the '='; its left side is the path, the rest the values.
            o.vary = p.values("--vary").map { text in
                let eq = text.firstIndex(of: "=") ?? text.endIndex
                return (String(text[..<eq]), eq < text.endIndex ? String(text[text.index(after: eq)...]) : "")
            }
        }
        if has.contains("--topology") { o.topologies = p.values("--topology") }
        if has.contains("--replications") { o.replications = p.int("--replications") }
        if has.contains("--jobs") { o.jobs = p.int("--jobs") ?? o.jobs }
        if has.contains("--format") { o.format = p.value("--format").flatMap(SweepFormat.init(rawValue:)) ?? o.format }
        if has.contains("--out") { o.out = p.value("--out") }
        if has.contains("--no-save") { o.save = !p.flag("--no-save") }
        if has.contains("--measure") { o.measures = p.values("--measure") }
        if has.contains("--shard") { o.shard = p.shard("--shard") }
        if has.contains("--slo") { o.slos = p.values("--slo") }
        if has.contains("--steps") { o.steps = p.int("--steps") ?? o.steps }
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
