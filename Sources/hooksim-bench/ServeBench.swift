import Dispatch
import Foundation
import HookSim

/// `hooksim-bench http serve`: the model Aha! (`hooksim serve`) in this process on a free port.
///
/// Measures the Jira body reader on a 2 KB comment (the bar: ≤ 10 µs in release) and, when `wrk`
/// is installed (a benchmark tool only, never a dependency), runs it with `--connections`
/// connections posting that comment for `--seconds` seconds, pinned to CPU 1 with `taskset`;
/// run this process pinned to CPU 0 (`taskset -c 0`) so server and client do not share a core.
/// Prints requests/s and the resident memory before and after, as JSON.
struct ServeBenchOptions: Equatable {
    var seconds: Int
    var connections: Int
    var parseIterations: Int
}

/// Reads `http serve`'s options through its table.
func parseServeBenchOptions(_ arguments: [String]) -> Result<ServeBenchOptions, UsageError> {
    let p: ParsedOptions
    do { p = try BenchOptions.httpServe.parse(arguments) } catch { return .failure(error) }
    return .success(
        ServeBenchOptions(
            seconds: BenchOptions.count(p, "--seconds"),
            connections: min(BenchOptions.count(p, "--connections"), 10_000),
            parseIterations: BenchOptions.count(p, "--parse-iterations")))
}

/// A Cloud `comment_created` body padded to about 2 KB, shaped like JIRA-WEBHOOKS.md §2.4.
func jiraCommentPayload() -> String {
    let text = String(repeating: "The relay sees this comment once per webhook. ", count: 26)
    return """
        {"timestamp":1767225600000,"webhookEvent":"comment_created","comment":{"self":"https://acme.atlassian.net/rest/api/2/issue/10000/comment/10000","id":"10000","author":{"self":"https://acme.atlassian.net/rest/api/2/user?accountId=5a1b0e47748e770ed11f338c","accountId":"5a1b0e47748e770ed11f338c","displayName":"Sam Example","active":true,"timeZone":"Europe/Warsaw","accountType":"atlassian"},"body":"\(text)","updateAuthor":{"accountId":"5a1b0e47748e770ed11f338c","displayName":"Sam Example","active":true},"created":"2026-01-01T00:00:00.000+0000","updated":"2026-01-01T00:00:00.000+0000","jsdPublic":true},"issue":{"id":"10000","self":"https://acme.atlassian.net/rest/api/2/issue/10000","key":"WEB-1","fields":{"summary":"A minor issue","issuetype":{"id":"10001","name":"Story"},"project":{"id":"10000","key":"WEB"},"assignee":null,"priority":{"id":"3","name":"Medium"},"status":{"id":"10001","name":"Backlog"}}}}
        """
}

let serveBenchScenario = """
    // The bench account: two integrations of one instance, no rate or queue limit, so every
    // request is answered 202 and applied; WEB-1's comment is a duplicate from the second on.
    {
      name: "serve-bench", seed: 1, duration: "1h",
      jira: [{id: "acme", kind: "cloud", projects: [{key: "WEB", issues: 100}, {key: "MOB", issues: 100}]}],
      activity: {rate: "10/h"},
      aha: {
        workspaces: ["WEB", "MOB"],
        users: [{name: "Integration user", roles: {"*": "contributor"}}],
        integrations: [
          {id: "web", workspace: "WEB", jira: "acme", project: "WEB", runAs: "Integration user"},
          {id: "mob", workspace: "MOB", jira: "acme", project: "MOB", runAs: "Integration user"},
        ],
        processing: {workers: 4, serviceTime: {constant: "150ms"}, queueLimit: null},
      },
      topologies: [{name: "one", webhooks: [{name: "w", integration: "web", runAs: "Integration user"}]}],
    }
    """

/// CPU seconds (user and system) this process has run.
func serveProcessCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU seconds this thread has run.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Resident memory of this process in KB (`VmRSS` of /proc/self/status), 0 where unavailable.
func residentKilobytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}

func runServeBench(arguments: [String]) -> Int32 {
    var standardError = StandardError()
    if OptionTable.asksForHelp(arguments) {
        var standardOutput = StandardOutput()
        print(BenchOptions.httpServe.help, terminator: "", to: &standardOutput)
        return 0
    }
    let options: ServeBenchOptions
    switch parseServeBenchOptions(arguments) {
    case .success(let o): options = o
    case .failure(let e):
        print(e.description, to: &standardError)
        return 2
    }
    let payload = Array(jiraCommentPayload().utf8)
    // Body reader: a warm-up, then the timed loop.
    var parsed = 0
    for _ in 0..<1000 where AhaServer.bodyParses(payload) { parsed += 1 }
    // NB: CPU time of this thread as well as wall time: on a shared machine the wall figure
    // includes time the thread was not running.
    let t0 = monotonicSeconds()
    let c0 = threadCPUSeconds()
    for _ in 0..<options.parseIterations where AhaServer.bodyParses(payload) { parsed += 1 }
    let parseCPUMicroseconds = (threadCPUSeconds() - c0) / Double(options.parseIterations) * 1e6
    let parseMicroseconds = (monotonicSeconds() - t0) / Double(options.parseIterations) * 1e6
    guard parsed == options.parseIterations + 1000 else {
        print("Error: the bench payload does not parse", to: &standardError)
        return 1
    }
    let server: AhaServer
    do {
        let scenario = try ScenarioLoader.load(text: serveBenchScenario, file: "serve-bench.json5")
        var serverOptions = AhaServer.Options()
        serverOptions.timeScale = 1e9  // NB: applied at once: the figure is the server's, not a sleep's.
        server = try AhaServer(
            scenario: scenario, runAs: ["web": "Integration user", "mob": "Integration user"], options: serverOptions)
    } catch {
        print("Error: \(error)", to: &standardError)
        return 1
    }
    server.start()
    defer { server.stop() }
    var fields = [
        "\"payloadBytes\": \(payload.count)",
        "\"parseMicroseconds\": \(String(format: "%.2f", parseMicroseconds))",
        "\"parseCPUMicroseconds\": \(String(format: "%.2f", parseCPUMicroseconds))",
        "\"port\": \(server.port)",
    ]
    let rssBefore = residentKilobytes()
    if let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
    }) {
        let script = "/tmp/hooksim-bench-comment.lua"
        let lua =
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json; charset=utf-8\"\n"
            + "wrk.headers[\"User-Agent\"] = \"Atlassian Webhook HTTP Client\"\nwrk.body = [==[\(jiraCommentPayload())]==]\n"
        do { try lua.write(toFile: script, atomically: true, encoding: .utf8) } catch {
            print("Error: cannot write \(script): \(error)", to: &standardError)
            return 1
        }
        var command = [
            wrk, "-t", "1", "-c", "\(options.connections)", "-d", "\(options.seconds)s", "-s", script,
            "http://127.0.0.1:\(server.port)/webhooks/web",
        ]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") {
            command = ["/usr/bin/taskset", "-c", "1"] + command
        }
        let cpuBefore = serveProcessCPUSeconds()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            print("Error: cannot run wrk: \(error)", to: &standardError)
            return 1
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let cpuSeconds = serveProcessCPUSeconds() - cpuBefore
        let rate =
            output.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        let non2xx =
            output.split(separator: "\n").first { $0.contains("Non-2xx") }.map {
                String($0.split(separator: " ").last ?? "")
            } ?? "0"
        fields += [
            "\"wrk\": \"\(command.joined(separator: " "))\"", "\"connections\": \(options.connections)",
            "\"seconds\": \(options.seconds)", "\"requestsPerSecond\": \(Int(rate.rounded()))", "\"non2xx\": \(non2xx)",
            // NB: the server's CPU per request (user + system, this whole process): on a shared
            // machine it shows what a dedicated core would sustain (10^6 / this).
            "\"serverCPUMicrosecondsPerRequest\": \(String(format: "%.1f", rate > 0 ? cpuSeconds / (rate * Double(options.seconds)) * 1e6 : 0))",
        ]
        let rssAfterWrk = residentKilobytes()
        fields.append("\"rssKilobytesAfterWrk\": \(rssAfterWrk)")
        let wrkRequests = Int((rate * Double(options.seconds)).rounded())
        if let load = runLoadAgainst(server: server, requests: wrkRequests, options: options) {
            fields += load
            if let loadRate = load.first(where: { $0.hasPrefix("\"loadRequestsPerSecond\"") })
                .flatMap({ Double($0.split(separator: " ").last ?? "") }), rate > 0
            {
                fields.append("\"loadToWrkRatio\": \(String(format: "%.3f", loadRate / rate))")
            }
        } else {
            fields.append("\"load\": null")
        }
    } else {
        fields.append("\"wrk\": null")
    }
    fields += ["\"rssKilobytesBefore\": \(rssBefore)", "\"rssKilobytesAfter\": \(residentKilobytes())"]
    print("{" + fields.joined(separator: ", ") + "}")
    return 0
}

/// The load generator's scenario: the bench account's two integrations, with activity dense enough
/// that the schedule outlasts the run (`--max-requests` cuts it), so `load` never runs dry.
let loadBenchScenario =
    serveBenchScenario
    .replacingOccurrences(of: "duration: \"1h\"", with: "duration: \"24h\"")
    .replacingOccurrences(of: "activity: {rate: \"10/h\"}", with: "activity: {rate: \"200/s\"}")
    .replacingOccurrences(
        of: "webhooks: [{name: \"w\", integration: \"web\", runAs: \"Integration user\"}]",
        with: "webhooks: [{name: \"w\", integration: \"web\", runAs: \"Integration user\"}, "
            + "{name: \"m\", integration: \"mob\", runAs: \"Integration user\"}]")

/// `hooksim load --speed max` (the release binary beside this one) against the same server, pinned
/// to CPU 1 like wrk, sending as many requests as wrk answered: at wrk's rate that takes as long as
/// wrk ran, so the two rates cover the same stretch of the server's life. A run slower than a third
/// of wrk's is stopped (SIGINT: `load` then reports what it sent) after three times the duration.
///
/// Issue 15's bar is load ≥ 0.5 × wrk: `load` does what wrk does not — writes each body from a
/// snapshot, handles answers as Jira does, records latency from the due time — so it cannot match wrk.
/// - Returns: JSON fields, or nil when the binary is missing.
func runLoadAgainst(server: AhaServer, requests: Int, options: ServeBenchOptions) -> [String]? {
    var standardError = StandardError()
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let binary = directory.appendingPathComponent("hooksim").path
    guard FileManager.default.isExecutableFile(atPath: binary), requests > 0 else {
        print("note: no \(binary); skipping load", to: &standardError)
        return nil
    }
    let file = "/tmp/hooksim-bench-load-\(getpid()).json5"
    do { try loadBenchScenario.write(toFile: file, atomically: true, encoding: .utf8) } catch { return nil }
    defer { try? FileManager.default.removeItem(atPath: file) }
    var command = [
        binary, "load", file, "--target", "http://127.0.0.1:\(server.port)", "--speed", "max",
        "--connections", "\(options.connections)", "--max-requests", "\(requests)", "--format", "json",
    ]
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") {
        command = ["/usr/bin/taskset", "-c", "1"] + command
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch {
        print("Error: cannot run \(binary): \(error)", to: &standardError)
        return nil
    }
    let pid = process.processIdentifier
    let watchdog = DispatchWorkItem { kill(pid, SIGINT) }
    DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(3 * options.seconds + 60), execute: watchdog)
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    guard let report = LoadSummary(json: [UInt8](output)) else {
        print("Error: load printed no JSON report (exit \(process.terminationStatus))", to: &standardError)
        return nil
    }
    // NB: sorted as text, as the status keys always were printed ("200" < "429" < "503").
    let statuses = report.byStatus.map { "\"\($0.code)\": \($0.count)" }.sorted().joined(separator: ", ")
    let achieved = report.achievedRate
    let sent = Double(report.sent)
    return [
        "\"load\": \"\(command.joined(separator: " "))\"",
        "\"loadRequestsPerSecond\": \(Int(achieved.rounded()))",
        "\"loadSent\": \(Int(sent))",
        "\"loadSeconds\": \(String(format: "%.1f", achieved > 0 ? sent / achieved : 0))",
        "\"loadByStatus\": {\(statuses)}",
        "\"loadExitStatus\": \(process.terminationStatus)",
    ]
}
