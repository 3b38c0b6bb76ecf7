import Foundation
import HTTP1

/// The command line of `hooksim load` (DESIGN.md §7.5), parsed by a pure function.
struct LoadOptions: Equatable, Sendable {
    var file: String
    /// A base URL (`http://host:port`), or `as-configured`: each integration's `webhookUrl`.
    var target: String
    var topology: String?
    /// nil for `--speed max`.
    var speed: Double?
    var connections: Int
    var maxRequests: Int?
    var shard: Shard?
    var expectations: [LoadExpectation]
    var format: ReportFormat
    var out: String?
    var seed: UInt64?
    var sets: [String]

    /// Reads the arguments after `load` through its table; a pure function, so it is unit-tested.
    static func parse(_ args: [String]) throws(UsageError) -> LoadOptions {
        let table = OptionTable.load
        let p = try table.parse(args)
        var expectations: [LoadExpectation] = []
        for text in p.values("--expect") {
            // NB: the expectation's own message names the option and the text: no second wrapper.
            do { expectations.append(try LoadExpectation(text)) } catch { throw table.error(error.message) }
        }
        let target = p.value("--target") ?? ""
        return LoadOptions(
            file: p.positional(0) ?? "", target: target.hasSuffix("/") ? String(target.dropLast()) : target,
            topology: p.value("--topology"),
            speed: p.defaulted(
                "--speed", as: { (text: String) -> Double?? in text == "max" ? .some(nil) : Double(text) }),
            connections: p.defaulted("--connections", as: { Int($0) }), maxRequests: p.int("--max-requests"),
            shard: p.value("--shard").flatMap { Shard($0) }, expectations: expectations,
            format: p.defaulted("--format", as: ReportFormat.init(rawValue:)), out: p.value("--out"),
            seed: p.uint64("--seed"), sets: p.values("--set"))
    }
}

enum LoadCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let o: LoadOptions
        switch OptionTable.load.read(arguments, console: console, LoadOptions.parse) {
        case .success(let v): o = v
        case .failure(let status): return status.code
        }
        guard let scenario = CLI.load(o.file, sets: o.sets, console: console) else {
            return CLI.exitBadInput
        }
        return run(scenario, o, console: console)
    }

    /// Runs `load` of a loaded scenario with `transport` (real HTTP when nil).
    static func run(_ loaded: Scenario, _ o: LoadOptions, console: Console, transport: LoadTransport? = nil) -> Int32 {
        var scenario = loaded
        if let seed = o.seed { scenario.seed = seed }
        let index: Int
        switch Tracer.topologyIndex(scenario, named: o.topology, file: o.file) {
        case .success(let i): index = i
        case .failure(let e):
            console.err(e.description + "\n")
            return CLI.exitBadInput
        }
        let plan: LoadPlan
        do {
            plan = try LoadPlan.build(
                scenario, topology: index, maxRequests: o.maxRequests, shard: o.shard,
                interrupted: { interruptRequested.load(ordering: .relaxed) })
        } catch {
            console.err("error: \(error)\n --> \(o.file)\n")
            return error == .interrupted ? CLI.exitInterrupted : CLI.exitBadInput
        }
        let asConfigured = o.target == "as-configured"
        let urls = plan.requests.map { asConfigured ? $0.configuredURL : o.target + "/webhooks/" + $0.integrationID }
        let timeout = Int(max(1, scenario.jira.map(\.delivery.timeout.microseconds).max() ?? 20_000_000) / 1000)
        let send = transport ?? LoadRunner.httpTransport(connections: o.connections, timeoutMilliseconds: timeout)
        let runner = LoadRunner(plan: plan, urls: urls, speed: o.speed, connections: o.connections, transport: send)
        if transport == nil { runner.multiplexTimeoutMilliseconds = timeout }
        let total = plan.requests.count
        let (counts, elapsed) = runner.run { sent, seconds in
            if interruptRequested.load(ordering: .relaxed) { runner.cancel() }
            guard console.stderrIsTerminal else { return }
            console.err("\r\u{1B}[K[load] \(sent) sent (\(total) scheduled), \(Int(seconds)) s")
        }
        if console.stderrIsTerminal { console.err("\r\u{1B}[K") }
        let spanSeconds = Double(plan.span.microseconds) / 1e6 / (o.speed ?? .infinity)
        let report = LoadReport(
            scenario: scenario.name, target: o.target, topology: plan.topology, speed: o.speed,
            shards: o.shard.map { [$0.description] } ?? [], scheduled: total, counts: counts,
            rateScheduled: spanSeconds > 0 ? Double(total) / spanSeconds : 0,
            rateAchieved: elapsed > 0 ? Double(counts.sent) / elapsed : 0, expectations: o.expectations,
            server: asConfigured ? nil : serverReport(o.target, timeoutMilliseconds: 5_000))
        let status = emit(report, format: o.format, out: o.out, console: console)
        guard !runner.cancelled else {
            console.err("hooksim: interrupted; the report covers the requests sent before\n")
            return CLI.exitInterrupted
        }
        return status
    }

    /// Prints the report (and writes `--out`); the exit status follows the expectations.
    static func emit(_ report: LoadReport, format: ReportFormat, out: String?, console: Console) -> Int32 {
        let text = report.render(format)
        console.out(text)
        if let out {
            do { try OutputFiles.write(text, to: out) } catch {
                console.err(error.description + "\n")
                return CLI.exitBadInput
            }
        }
        for o in report.outcomes where !o.passed {
            console.err("expectation failed: \(o.expectation.text): got \(LoadReport.shown(o.expectation, o.actual))\n")
        }
        return report.verdict == "fail" ? CLI.exitExpectationFailed : CLI.exitOK
    }

    /// The target's `GET /report` as JSON, when it is `hooksim serve` (or anything answering JSON there).
    static func serverReport(_ target: String, timeoutMilliseconds: Int) -> JSONValue? {
        let url = target + "/report"
        let body: [UInt8]
        do {
            let response: HTTPResponse
            if url.hasPrefix("https://") {
                response = try URLSessionTransport(timeoutMilliseconds: timeoutMilliseconds).send(
                    method: "GET", url: url)
            } else {
                var c = HTTPClient.Configuration()
                c.readTimeoutMilliseconds = timeoutMilliseconds
                c.connectTimeoutMilliseconds = timeoutMilliseconds
                response = try HTTPClient(configuration: c).send(method: "GET", url: url)
            }
            guard response.status == 200 else { return nil }
            body = response.body
        } catch {
            return nil
        }
        guard let doc = try? JSON5.parse(bytes: body), case .object = doc.kind else { return nil }
        return LoadReport.jsonValue(doc)
    }

    /// `hooksim merge A.json B.json … [--format F] [--out FILE]` for load reports.
    /// Merges the load reports `files` (`merge`'s positionals); `format` is `merge --format`.
    static func merge(_ files: [String], format text: String, out: String?, console: Console) -> Int32 {
        guard let format = ReportFormat(rawValue: text) else {
            let error = OptionTable.merge.error(
                "The value '\(text)' is invalid for '--format <format>': expected one of text, json, md, html (load reports)"
            )
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
        var parts: [(file: String, report: LoadReport)] = []
        do throws(TraceError) {
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw TraceError("cannot read \(JSON5Path.quoted(file)): no such file, or not readable")
                }
                parts.append((file, try LoadReport.parse([UInt8](data), file: file)))
            }
            return emit(try LoadReport.merge(parts), format: format, out: out, console: console)
        } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
    }
}
