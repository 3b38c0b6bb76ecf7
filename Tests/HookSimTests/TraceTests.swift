import Foundation
import HTTP1
import SimKit
import Testing

@testable import HookSim

/// `hooksim trace`: one line per attempt, Jira's headers and bodies, in send order, streaming.
@Suite struct TraceTests {
    /// Traces topology 0 into parsed lines (and the raw text).
    static func trace(_ s: Scenario) throws -> (lines: [[String: Any]], text: String, outcome: Tracer.Outcome) {
        var out = ByteJSON()
        let instances = s.jira.map(PayloadInstance.init)
        let outcome = try Tracer.run(s, topology: 0) { entry in
            TraceWriter.line(entry, seed: s.seed, instance: instances[entry.snapshot.instance], into: &out)
            return true
        }
        let text = String(decoding: out.bytes, as: UTF8.self)
        let lines = try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        return (lines, text, outcome)
    }

    static func cloud(retries: Int = 2) -> DeliverySpec {
        var d = DeliverySpec.defaults(for: .cloud)
        d.dispatchDelay = .constant(.seconds(1))
        d.retryMax = retries
        d.retryBackoff = .constant(.minutes(1))
        d.timeout = .seconds(20)
        return d
    }

    static func headers(_ line: [String: Any]) -> [String: String] { line["headers"] as? [String: String] ?? [:] }
    static func body(_ line: [String: Any]) -> [String: Any] { line["body"] as? [String: Any] ?? [:] }

    /// 3 comments one minute apart, 2 webhooks, every request lost, 2 retries a minute after each
    /// 20 s timeout: 6 deliveries × 3 attempts = 18 lines. Change k (at 1 min + k min) sends at +1 s,
    /// +81 s and +162 s, so the first lines are both webhooks at 00:01:01, 00:02:01, 00:02:21, 00:03:01.
    @Test func retriesHeadersAndOrder() throws {
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .cloud, delivery: Self.cloud()),
            bursts: [SmallWorld.burst(3, .comment, over: .minutes(3))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b")])],
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 1, ackLossRate: 0))
        let (lines, _, outcome) = try Self.trace(s)
        let report = try Simulator.run(s)
        #expect(lines.count == 18)
        #expect(lines.count == report.topologies[0].json.lookup("deliveries.attempted")?.number.map { Int($0) })
        #expect(outcome.measures?.jira.attempted == 18)
        let ats = lines.map { $0["at"] as? String ?? "" }
        #expect(
            Array(ats.prefix(8)) == [
                "2026-01-01T00:01:01.000Z", "2026-01-01T00:01:01.000Z", "2026-01-01T00:02:01.000Z",
                "2026-01-01T00:02:01.000Z",
                "2026-01-01T00:02:21.000Z", "2026-01-01T00:02:21.000Z", "2026-01-01T00:03:01.000Z",
                "2026-01-01T00:03:01.000Z",
            ])
        #expect(ats == ats.sorted())
        var byIdentifier: [String: [Int]] = [:]
        for line in lines {
            let attempt = line["attempt"] as? Int ?? 0
            let h = Self.headers(line)
            // Retry header on retries only, holding the retry count.
            #expect(h["X-Atlassian-Webhook-Retry"] == (attempt >= 2 ? String(attempt - 1) : nil))
            #expect(h["X-Atlassian-Webhook-Flow"] == "Primary")
            #expect(h["Content-Type"] == "application/json; charset=utf-8")
            #expect(h["User-Agent"] == "Atlassian Webhook HTTP Client")
            #expect(line["answer"] is NSNull)
            let id = try #require(h["X-Atlassian-Webhook-Identifier"])
            #expect(id.count == 36 && id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
            byIdentifier[id, default: []].append(attempt)
            #expect(Self.body(line)["webhookEvent"] as? String == "comment_created")
        }
        // One identifier per delivery (6), each carried by attempts 1, 2 and 3 and nothing else.
        #expect(byIdentifier.count == 6)
        for attempts in byIdentifier.values { #expect(attempts.sorted() == [1, 2, 3]) }
    }

    /// Fault-free: Aha! answers 202 after 50 ms there and 50 ms back.
    @Test func answers() throws {
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .cloud, delivery: Self.cloud()),
            bursts: [SmallWorld.burst(1, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let (lines, text, _) = try Self.trace(s)
        #expect(lines.count == 1)
        #expect(
            text.hasPrefix(
                "{\"at\":\"2026-01-01T00:01:01.000Z\",\"webhook\":\"a\",\"url\":\"https://aha.example/api/v1/webhooks/jira/web\",\"attempt\":1,"
            ))
        #expect(text.hasSuffix(",\"answer\":{\"status\":202,\"at\":\"2026-01-01T00:01:01.100Z\"}}\n"))
        // Jira's timestamp: epoch ms of the change, 1 min after 2026-01-01T00:00:00Z (1767225600 s).
        #expect(Self.body(lines[0])["timestamp"] as? Int == 1_767_225_660_000)
    }

    /// Cloud names users by `accountId`; Data Center by `name` and `key`, and also sends the
    /// `jira:issue_updated` / `issue_commented` twin of a comment (its default `commentAlsoUpdates`).
    @Test func cloudAndDataCenterShapes() throws {
        for kind in [JiraKind.cloud, .datacenter] {
            let s = SmallWorld.scenario(
                jira: SmallWorld.jira(kind: kind), bursts: [SmallWorld.burst(1, .comment)],
                topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
            let (lines, _, _) = try Self.trace(s)
            #expect(lines.count == (kind == .cloud ? 1 : 2))
            let events = Set(lines.map { Self.body($0)["webhookEvent"] as? String ?? "" })
            #expect(events == (kind == .cloud ? ["comment_created"] : ["comment_created", "jira:issue_updated"]))
            for line in lines {
                let body = Self.body(line)
                let issue = try #require(body["issue"] as? [String: Any])
                let key = try #require(issue["key"] as? String)
                #expect(key.hasPrefix("WEB-"))
                let base = kind == .cloud ? "https://acme.atlassian.net" : "https://jira.acme.example"
                #expect((issue["self"] as? String)?.hasPrefix(base + "/rest/api/2/issue/") == true)
                let comment = try #require(body["comment"] as? [String: Any])
                let author = try #require(comment["author"] as? [String: Any])
                let user =
                    body["webhookEvent"] as? String == "comment_created"
                    ? author : try #require(body["user"] as? [String: Any])
                if kind == .cloud {
                    #expect(user["accountId"] is String && user["name"] == nil && user["key"] == nil)
                } else {
                    #expect(user["accountId"] == nil && user["name"] is String && user["key"] is String)
                    if body["webhookEvent"] as? String == "jira:issue_updated" {
                        #expect(body["issue_event_type_name"] as? String == "issue_commented")
                    }
                }
            }
            if kind == .datacenter {
                let ids = Set(lines.map { Self.headers($0)["X-Atlassian-Webhook-Identifier"] ?? "" })
                #expect(ids.count == 2)
            }
        }
    }

    /// An integration with a `secret`: every line carries `X-Hub-Signature`, the HMAC-SHA256 of its
    /// body as written (checked with the published algorithm in `HubSignature`); others carry none.
    @Test func signedWebhooks() throws {
        var signed = IntegrationSpec(id: "web", workspace: "WEB", jira: "acme", project: "WEB")
        signed.secret = "It's a Secret to Everybody"
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(3, .comment, over: .minutes(3))],
            integrations: [signed, IntegrationSpec(id: "plain", workspace: "WEB", jira: "acme", project: "WEB")],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b", "plain")])])
        let (lines, text, _) = try Self.trace(s)
        #expect(lines.count == 6)
        for (line, raw) in zip(lines, text.split(separator: "\n")) {
            let header = Self.headers(line)["X-Hub-Signature"]
            guard line["webhook"] as? String == "a" else {
                #expect(header == nil)
                continue
            }
            let start = try #require(raw.range(of: ",\"body\":")).upperBound
            let end = try #require(raw.range(of: ",\"answer\":", options: .backwards)).lowerBound
            let body = Array(raw[start..<end].utf8)
            #expect(HubSignature.verify(header: try #require(header), body: body, secret: "It's a Secret to Everybody"))
        }
    }

    /// A transition moves the status one step along To Do → In Progress → In Review → Done → To Do;
    /// its changelog item names both, with Jira's status ids (To Do 10000, In Progress 3,
    /// In Review 10001, Done 10002), and the issue's status is the new one.
    @Test func transitionChangelog() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(4, .transition, over: .minutes(4))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let (lines, _, _) = try Self.trace(s)
        #expect(lines.count == 4)
        let names = ["To Do", "In Progress", "In Review", "Done"]
        let ids = ["To Do": "10000", "In Progress": "3", "In Review": "10001", "Done": "10002"]
        for line in lines {
            let body = Self.body(line)
            #expect(body["webhookEvent"] as? String == "jira:issue_updated")
            #expect(body["issue_event_type_name"] as? String == "issue_generic")
            let changelog = try #require(body["changelog"] as? [String: Any])
            let items = try #require(changelog["items"] as? [[String: Any]])
            #expect(items.count == 1)
            let item = items[0]
            #expect(item["field"] as? String == "status")
            let from = try #require(item["fromString"] as? String)
            let to = try #require(item["toString"] as? String)
            let i = try #require(names.firstIndex(of: from))
            #expect(to == names[(i + 1) % 4])
            #expect(item["from"] as? String == ids[from] && item["to"] as? String == ids[to])
            let fields = try #require((body["issue"] as? [String: Any])?["fields"] as? [String: Any])
            #expect((fields["status"] as? [String: Any])?["name"] as? String == to)
        }
    }

    /// The shipped example, shortened: lines = attempts, in time order, the same bytes twice,
    /// `--limit` gives the first lines, and the probe never holds more than a sliver of them.
    @Test func commandLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = "Scenarios/single-vs-multi.json5"
        var outputs: [String] = []
        for (name, extra) in [("a", []), ("b", []), ("c", ["--limit", "7"])] {
            let path = dir.appendingPathComponent(name + ".jsonl").path
            let c = Captured()
            let code = CLI.main(
                ["trace", file, "--topology", "single", "--set", "duration=2h", "--out", path] + extra,
                console: c.console)
            #expect(code == 0, "\(c.stderr)")
            outputs.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        #expect(outputs[0] == outputs[1])
        let lines = outputs[0].split(separator: "\n")
        #expect(outputs[2].split(separator: "\n") == Array(lines.prefix(7)))
        var scenario = try ScenarioLoader.load(
            path: file, overrides: [ScenarioOverride(path: "duration", value: "2h", source: "test")])
        scenario.topologies = [scenario.topologies[0]]
        let report = try Simulator.run(scenario)
        #expect(lines.count == report.topologies[0].json.lookup("deliveries.attempted")?.number.map { Int($0) })
        let ats = lines.map { $0.dropFirst(7).prefix(24) }
        #expect(ats == ats.sorted())
        let outcome = try Tracer.run(scenario, topology: 0) { _ in true }
        #expect(outcome.maxBuffered * 10 < lines.count)
    }

    @Test(arguments: [
        (["trace"], "error: Missing expected argument '<file>'"),
        (
            ["trace", "s.json5", "--limit", "0"],
            "error: The value '0' is invalid for '--limit <n>': expected a positive integer"
        ),
        (["trace", "s.json5", "--frob"], "error: Unknown option '--frob'"),
        (["trace", "s.json5", "--out"], "error: Missing value for '--out <file>'"),
    ])
    func usageErrors(arguments: [String], firstLine: String) {
        let c = Captured()
        #expect(CLI.main(arguments, console: c.console) == 2)
        #expect(c.stderr.hasPrefix(firstLine))
    }

    @Test func unknownTopologyIsBadInput() {
        let c = Captured()
        #expect(CLI.main(["trace", "Scenarios/single-vs-multi.json5", "--topology", "nope"], console: c.console) == 2)
        #expect(c.stderr.hasPrefix("error: no topology named 'nope' in Scenarios/single-vs-multi.json5"))
    }
}
