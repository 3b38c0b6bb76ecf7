import Foundation
import HookSim

/// Every benchmark's command line, declared once in the option table `hooksim` uses, so the
/// benchmarks parse, explain and reject arguments the way the simulator does.
enum BenchOptions {
    /// A whole number from 1 to 100,000,000 (`1_000_000` may be written with underscores).
    static let count = ValueRule.accepting("a positive integer") { text in
        guard let n = Int(text.replacingOccurrences(of: "_", with: "")) else { return false }
        return n > 0 && n <= 100_000_000
    }

    static let mm1 = OptionTable(
        program: "hooksim-bench", command: "mm1",
        summary: "M/M/1 queue on SimKit's EventLoop: events per second (--compare-c: vs a C loop)",
        about: """
            M/M/1 queue (λ = 0.9/s, μ = 1/s, one FIFO server) on SimKit's EventLoop.
            Reports events per second and the mean time in system (theory: 1/(μ−λ) = 10 s).
            """,
        options: [
            .value(
                "--customers", "<n>", "Arrivals to simulate; events = 2 × customers.", rule: count,
                default: .value("1000000")),
            .value("--seed", "<n>", "Random seed.", rule: .seed, default: .value("1")),
            .value("--repeat", "<n>", "Run n times, report the fastest.", rule: count, default: .value("1")),
            .flag("--json", "Print one line of JSON."),
            .flag("--compare-c", "Also run the C reference loop in this process, and the ratio."),
        ])

    static let http = OptionTable(
        program: "hooksim-bench", command: "http",
        summary: "HTTP1 server and client on loopback: requests per second, latency percentiles",
        about: "See also 'hooksim-bench http serve --help': the model Aha! under wrk.",
        options: [
            .value("--requests", "<n>", "Requests to send in all.", rule: count, default: .value("100000")),
            .value(
                "--connections", "<n>", "Client connections, one thread each (at most 1024).", rule: count,
                default: .value("4")),
            .flag("--json", "Print one line of JSON."),
        ])

    static let httpServe = OptionTable(
        program: "hooksim-bench", command: "http serve",
        summary: "The model Aha! (hooksim serve) in this process: body reader time, and requests/s under wrk",
        options: [
            .value("--seconds", "<n>", "How long wrk runs.", rule: count, default: .value("10")),
            .value("--connections", "<n>", "wrk's connections (at most 10000).", rule: count, default: .value("64")),
            .value(
                "--parse-iterations", "<n>", "Bodies read to time the body reader.", rule: count,
                default: .value("200000")),
        ])

    static let pipeline = OptionTable(
        program: "hooksim-bench", command: "pipeline",
        summary: "The whole simulator on a large generated world: Jira changes per second, peak memory",
        options: [
            .value("--changes", "<n>", "Jira changes to drive.", rule: count, default: .value("1000000")),
            .value("--webhooks", "<k>", "Webhooks per topology.", rule: count, default: .value("3")),
            .flag("--json", "Print one line of JSON."),
        ])

    static let jql = OptionTable(
        program: "hooksim-bench", command: "jql",
        summary: "JQL filter evaluations per second against a typical issue",
        options: [.flag("--json", "Print {\"evaluationsPerSecond\": N, \"historyEvaluationsPerSecond\": M}.")])

    static let swarm = OptionTable(
        program: "hooksim-bench", command: "swarm",
        summary: "Random valid scenarios checked for self-consistency (issue 10)",
        options: [
            .value("--count", "<n>", "Scenarios to draw.", rule: count, default: .value("100")),
            .value("--seed", "<s>", "Seed of the first scenario (then s+1, …).", rule: .seed, default: .value("1")),
            .flag("--verbose", "Print every scenario's line."),
            .value("--dump", "<file>", "Write the scenario drawn (with --count 1) there."),
            .value(
                "--shrink", "<n>", "Shrink only the first n failures.",
                rule: .accepting("a whole number ≥ 0") { (Int($0) ?? -1) >= 0 }, default: .note("all")),
            .value("--out", "<dir>", "Where shrunk failures are written.", default: .value(".build/swarm-failures")),
        ])

    static let reference = OptionTable(
        program: "hooksim-bench", command: "reference",
        summary: "The engine against the reference model on random scenarios (issue 10)",
        options: [
            .value("--count", "<n>", "Scenarios to draw.", rule: count, default: .value("100")),
            .value("--seed", "<s>", "Seed of the first scenario (then s+1, …).", rule: .seed, default: .value("1")),
            .flag("--verbose", "List every disagreement in full."),
            .flag("--raw", "Keep the generator's constant time distributions (more topologies skipped for ties)."),
            .value("--out", "<dir>", "Where disagreeing scenarios are written.", default: .value("/tmp")),
            .value("--file", "<scenario>", "Compare this scenario as it is instead of drawing."),
        ])

    /// Reads a benchmark's arguments through its table, printing the help or the usage error.
    /// - Returns: the parsed options, or nil with `status` set to the exit status (0 help, 2 error).
    static func read(_ table: OptionTable, _ arguments: [String], status: inout Int32) -> ParsedOptions? {
        var out = StandardOutput()
        var err = StandardError()
        do {
            let p = try table.parse(arguments)
            if p.helpRequested {
                print(table.help, terminator: "", to: &out)
                status = 0
                return nil
            }
            return p
        } catch {
            print(error.description, to: &err)
            status = 2
            return nil
        }
    }

    /// The value of a `count` option (underscores allowed), as checked by the table.
    static func int(_ p: ParsedOptions, _ name: String) -> Int? {
        p.value(name).flatMap { Int($0.replacingOccurrences(of: "_", with: "")) }
    }

    /// The count given, else the table's default: for an option whose table declares one, so the
    /// default is written once, in the table.
    static func count(_ p: ParsedOptions, _ name: String) -> Int {
        p.defaulted(name, as: { Int($0.replacingOccurrences(of: "_", with: "")) })
    }
}
