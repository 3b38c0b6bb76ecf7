import Dispatch
import Foundation
import HTTP1
import SimKit
import Synchronization
import Testing

@testable import HookSim

/// `hooksim load` against a real HTTP server on 127.0.0.1 (port 0) that answers 200 for `web`,
/// 503 then 200 for `flaky` and 429 for `limited`: Jira's retry rules, the open schedule, shards.
@Suite(.timeLimit(.minutes(1))) struct LoadTests {
    /// What the target saw: path, identifier and retry header of each webhook request.
    final class Seen: Sendable {
        let requests = Mutex<[(path: String, id: String, retry: String?)]>([])
        let flaky = Mutex<Set<String>>([])
    }

    final class Target: Sendable {
        let state = Seen()
        let server: HTTPServer

        init(slowMilliseconds: Int = 0) throws {
            let state = self.state
            server = try HTTPServer(asyncHandler: { request, reply in
                if request.path == "/report" {
                    reply(HTTPResponse(status: 200, body: Array("{\"received\": 7}".utf8)))
                    return
                }
                let id = request.headers["X-Atlassian-Webhook-Identifier"] ?? ""
                state.requests.withLock { $0.append((request.path, id, request.headers["X-Atlassian-Webhook-Retry"])) }
                let status: Int
                switch request.path {
                case "/webhooks/web": status = 200
                case "/webhooks/flaky": status = state.flaky.withLock { $0.insert(id).inserted } ? 503 : 200
                case "/webhooks/limited": status = 429
                default: status = 404
                }
                guard slowMilliseconds > 0 else { return reply(HTTPResponse(status: status)) }
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(slowMilliseconds)) {
                    reply(HTTPResponse(status: status))
                }
            })
            server.start()
        }

        var url: String { "http://127.0.0.1:\(server.port)" }
        deinit { server.stop() }
    }

    /// Four updates a minute apart (sent 1 s after each), three webhooks, one per integration.
    static func scenario(_ kind: JiraKind, hooks: [String] = ["web", "flaky", "limited"], count: Int = 4) -> Scenario {
        var d = DeliverySpec.defaults(for: kind)
        d.dispatchDelay = .constant(.seconds(1))
        d.retryBackoff = .constant(.minutes(1))
        if kind == .cloud { d.retryMax = 2 }
        return SmallWorld.scenario(
            jira: SmallWorld.jira(kind: kind, delivery: d),
            bursts: [SmallWorld.burst(count, .update, over: .minutes(count))],
            integrations: hooks.map { IntegrationSpec(id: $0, workspace: "WEB", jira: "acme", project: "WEB") },
            topologies: [TopologySpec(name: "t", webhooks: hooks.map { SmallWorld.hook($0, $0) })])
    }

    static func options(_ target: String, _ extra: (inout LoadOptions) -> Void = { _ in }) -> LoadOptions {
        var o = LoadOptions(
            file: "test", target: target, topology: nil, speed: 600, connections: 16, maxRequests: nil, shard: nil,
            expectations: [], format: .json, out: nil, seed: nil, sets: [])
        extra(&o)
        return o
    }

    /// Runs load and reads its JSON report back.
    static func load(_ s: Scenario, _ o: LoadOptions) throws -> (code: Int32, report: LoadReport, text: String) {
        let c = Captured()
        let code = LoadCommand.run(s, o, console: c.console)
        return (code, try LoadReport.parse(Array(c.stdout.utf8), file: "stdout"), c.stdout)
    }

    static func byStatus(_ r: LoadReport) -> [Int] { r.byStatus.flatMap { [$0.code, $0.count] } }

    /// Cloud, 12 deliveries: web 4 × 200; flaky 4 × (503, 200) = 8 sent, 4 retried; limited
    /// 4 × (429, 429, 429) with 2 retries = 12 sent, 8 retried, 4 failed. 24 sent, 12 retried.
    @Test func cloudRetriesAsJiraDoes() throws {
        let target = try Target()
        let (code, r, _) = try Self.load(Self.scenario(.cloud), Self.options(target.url))
        #expect(code == 0)
        #expect(r.scheduled == 12)
        #expect(r.counts.sent == 24 && r.counts.answered == 24 && r.counts.retried == 12)
        #expect(r.counts.failed == 4 && r.counts.timedOut == 0)
        #expect(Self.byStatus(r) == [200, 8, 429, 12, 503, 4])
        #expect(r.counts.latency.count == 24)
        #expect(r.server?.lookup("received")?.number == 7)
        // One identifier per delivery; retries carry it with Retry 1, 2; first attempts carry none.
        let seen = target.state.requests.withLock { $0 }
        let limited = Dictionary(grouping: seen.filter { $0.path == "/webhooks/limited" }, by: \.id)
        #expect(limited.count == 4)
        for (_, tries) in limited { #expect(tries.map(\.retry).sorted { ($0 ?? "") < ($1 ?? "") } == [nil, "1", "2"]) }
        let flaky = Dictionary(grouping: seen.filter { $0.path == "/webhooks/flaky" }, by: \.id)
        #expect(flaky.count == 4 && flaky.values.allSatisfy { $0.map(\.retry) == [nil, "1"] })
    }

    /// Data Center never retries: 12 sent, 4 of each status, 503 and 429 both final (8 failed).
    @Test func dataCenterNeverRetries() throws {
        let target = try Target()
        let (code, r, _) = try Self.load(Self.scenario(.datacenter), Self.options(target.url))
        #expect(code == 0)
        #expect(r.counts.sent == 12 && r.counts.retried == 0 && r.counts.failed == 8)
        #expect(Self.byStatus(r) == [200, 4, 429, 4, 503, 4])
    }

    /// Open schedule: three requests due 100 ms apart (a minute at speed 600), one connection, a
    /// target that takes 300 ms. The third cannot start before 600 ms nor end before 900 ms: 700 ms
    /// after it was due. Counting from the send instead would hide that wait (coordinated omission).
    @Test func latencyCountsFromTheDueTime() throws {
        let target = try Target(slowMilliseconds: 300)
        let s = Self.scenario(.cloud, hooks: ["web"], count: 3)
        let (_, r, _) = try Self.load(s, Self.options(target.url) { $0.connections = 1 })
        #expect(r.counts.sent == 3)
        #expect(r.counts.latency.max >= 690_000)
        #expect(r.counts.latency.quantile(0.5) >= 490_000)
    }

    /// Shards K/N of one command line are disjoint and together the whole schedule, in order.
    @Test func shardsPartitionTheSchedule() throws {
        let s = Self.scenario(.cloud, count: 5)
        let whole = try LoadPlan.build(s, topology: 0, maxRequests: 10, shard: nil)
        #expect(whole.requests.map(\.index) == Array(0..<10) && whole.total == 10)
        var union: [(Int, String)] = []
        for k in 1...3 {
            let part = try LoadPlan.build(s, topology: 0, maxRequests: 10, shard: Shard("\(k)/3"))
            #expect(part.requests.allSatisfy { $0.index % 3 == k - 1 })
            union += part.requests.map { ($0.index, $0.identifier) }
        }
        union.sort { $0.0 < $1.0 }
        #expect(union.map(\.0) == Array(0..<10))
        #expect(union.map(\.1) == whole.requests.map(\.identifier))
    }

    /// load sends the bytes trace writes: each request's body and identifier are those of the
    /// trace's first-attempt lines, in the same order.
    @Test func loadSendsWhatTraceWrites() throws {
        let s = Self.scenario(.cloud)
        let plan = try LoadPlan.build(s, topology: 0, maxRequests: nil, shard: nil)
        let (lines, text, _) = try TraceTests.trace(s)
        let firsts = zip(lines, text.split(separator: "\n")).filter { $0.0["attempt"] as? Int == 1 }
        #expect(firsts.count == plan.requests.count)
        for ((line, raw), request) in zip(firsts, plan.requests) {
            let start = try #require(raw.range(of: ",\"body\":")).upperBound
            let end = try #require(raw.range(of: ",\"answer\":", options: .backwards)).lowerBound
            #expect(request.body(plan.instances) == Array(raw[start..<end].utf8))
            #expect(TraceTests.headers(line)["X-Atlassian-Webhook-Identifier"] == request.identifier)
        }
    }

    /// Two shard reports merged (`hooksim merge`) give the counts of the unsharded run. The shards
    /// share a target (their identifiers are disjoint, so `flaky` fails each delivery once either
    /// way); the unsharded run gets a fresh one.
    @Test func mergeOfShardsEqualsTheWhole() throws {
        let s = Self.scenario(.cloud)
        let wholeTarget = try Target()
        let (_, whole, wholeText) = try Self.load(s, Self.options(wholeTarget.url))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = try Target()
        var files: [String] = []
        for k in 1...2 {
            let (_, _, text) = try Self.load(s, Self.options(target.url) { $0.shard = Shard("\(k)/2") })
            let path = dir.appendingPathComponent("s\(k).json").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let c = Captured()
        #expect(CLI.main(["merge"] + files + ["--format", "json"], console: c.console) == 0, "\(c.stderr)")
        let merged = try LoadReport.parse(Array(c.stdout.utf8), file: "merged")
        #expect(merged.shards == ["1/2", "2/2"])
        #expect(merged.scheduled == whole.scheduled)
        #expect(merged.counts.sent == whole.counts.sent && merged.counts.answered == whole.counts.answered)
        #expect(merged.counts.retried == whole.counts.retried && merged.counts.failed == whole.counts.failed)
        #expect(Self.byStatus(merged) == Self.byStatus(whole))
        #expect(merged.counts.latency.count == whole.counts.latency.count)
        // A report of another run (another target) does not merge: bad input.
        let other = dir.appendingPathComponent("whole.json").path
        try wholeText.write(toFile: other, atomically: true, encoding: .utf8)
        let c2 = Captured()
        #expect(CLI.main(["merge", files[0], other], console: c2.console) == 2)
        #expect(c2.stderr.contains("is a load report of another run"))
    }

    /// Ctrl-C cancels: with one connection, a cancel during the first request leaves nothing else sent.
    @Test func cancelStopsSending() throws {
        let plan = try LoadPlan.build(Self.scenario(.cloud), topology: 0, maxRequests: nil, shard: nil)
        final class Box: @unchecked Sendable { var runner: LoadRunner? }
        let box = Box()
        let runner = LoadRunner(
            plan: plan, urls: plan.requests.map { _ in "http://unused" }, speed: nil, connections: 1,
            transport: { _, _, _ in
                box.runner?.cancel()
                return .status(200)
            })
        box.runner = runner
        let (counts, _) = runner.run()
        #expect(plan.requests.count == 12)
        #expect(counts.sent == 1 && runner.cancelled)
    }

    /// Every format states the same figures; HTML is self-contained with its latency chart, and
    /// JSON reads back to the same report.
    @Test func formats() throws {
        var counts = LoadCounts()
        counts.sent = 3
        counts.answered = 3
        counts.byStatus = [503: 1, 200: 2]
        for us in [1_000, 2_000, 40_000] as [Int64] { counts.latency.record(us) }
        let r = LoadReport(
            scenario: "s", target: "http://127.0.0.1:1", topology: "t", speed: 60, shards: [], scheduled: 3,
            counts: counts, rateScheduled: 1.5, rateAchieved: 1.25,
            expectations: [try LoadExpectation("latency.max < 50ms")], server: nil)
        #expect(r.render(.text).contains("by status            200: 2, 503: 1"))
        #expect(r.render(.md).contains("| by status | 200: 2, 503: 1 |"))
        let html = r.render(.html)
        #expect(html.contains("<svg id=\"latency\"") && !html.contains("<script"))
        let back = try LoadReport.parse(Array(r.render(.json).utf8), file: "r.json")
        #expect(back.render(.json) == r.render(.json))
        #expect(back.verdict == "pass" && back.counts.latency.max == 40_000)
    }

    /// Expectations decide the exit status, like k6 thresholds.
    @Test func expectationsDecideTheExitStatus() throws {
        let target = try Target()
        let s = Self.scenario(.cloud)
        let pass = try LoadExpectation("requests.byStatus.429 == 12")
        let absent = try LoadExpectation("requests.byStatus.418 == 0")
        let fail = try LoadExpectation("requests.failed == 0")
        #expect(try Self.load(s, Self.options(target.url) { $0.expectations = [pass, absent] }).code == 0)
        let (code, r, _) = try Self.load(s, Self.options(target.url) { $0.expectations = [pass, fail] })
        #expect(code == 1 && r.verdict == "fail")
        #expect(try LoadExpectation("latency.p99 < 250ms").bound == 250)
    }

    @Test(arguments: [
        ["load", "Scenarios/single-vs-multi.json5"],
        ["load", "Scenarios/single-vs-multi.json5", "--target", "ftp://x"],
        ["load", "Scenarios/single-vs-multi.json5", "--target", "http://127.0.0.1:9", "--speed", "0"],
        ["load", "Scenarios/single-vs-multi.json5", "--target", "http://127.0.0.1:9", "--expect", "nope < 1"],
        [
            "load", "Scenarios/single-vs-multi.json5", "--target", "http://127.0.0.1:9", "--expect",
            "latency.p99 < soon",
        ],
        ["load", "Scenarios/single-vs-multi.json5", "--target", "http://127.0.0.1:9", "--shard", "3/2"],
        ["load", "Scenarios/single-vs-multi.json5", "--target", "http://127.0.0.1:9", "--topology", "nope"],
        ["load", "no-such-file.json5", "--target", "http://127.0.0.1:9"],
        ["merge", "Scenarios/single-vs-multi.json5"],
    ])
    func badInput(arguments: [String]) {
        let c = Captured()
        #expect(CLI.main(arguments, console: c.console) == 2)
        #expect(c.stderr.hasPrefix("error: "), "\(c.stderr)")
    }
}
