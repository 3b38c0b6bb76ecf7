import SimKit
import Testing

@testable import HookSim

/// The one key table: every report path once, with its unit and an accessor that reads the field
/// the JSON writes at that path.
@Suite struct ReportKeyTests {
    /// Figures with a different value in every field, so a key that reads the wrong field shows.
    static func distinctFigures() -> ReportFigures {
        var f = ReportFigures()
        var next = 0
        func n() -> Int {
            next += 1
            return next
        }
        f.outcome = ReportFigures.Outcome(
            changes: n(), echoes: n(), intended: n(), applied: n(), inFlight: n(), duplicateWrites: n(),
            redundantDeliveries: n(), staleOverwrites: n(), divergentRecords: n(), exposure: n())
        f.dropped = ReportFigures.Dropped(byReason: ReportPath.dropReasons.map { _ in n() })
        f.duplicates = ReportFigures.Duplicates(comments: n(), records: n())
        f.latency = ReportFigures.Latency(
            count: n(), mean: Double(n()) + 0.5, p50: Double(n()) + 0.5, p90: Double(n()) + 0.5, p95: Double(n()) + 0.5,
            p99: Double(n()) + 0.5, p999: Double(n()) + 0.5, max: Double(n()) + 0.5)
        f.deliveries = ReportFigures.Deliveries(
            attempted: n(), succeeded: n(), retried: n(), failed: n(), inFlight: n(), lost: n(), exhausted: n(),
            perChange: Double(n()) + 0.25, jiraUserDelayMean: Double(n()) + 0.25)
        f.aha = ReportFigures.AhaLoad(
            writes: n(), utilization: Double(n()) / 1000, peakQueue: n(), rateLimited: n(), outageAnswers: n())
        f.writesByAuthor = [ReportFigures.AuthorWrites(name: "Ann", writes: n()), .init(name: "Dr. Bob", writes: n())]
        f.byIntegration = ["web", "api"].map {
            ReportFigures.Integration(
                id: $0, intended: n(), applied: n(), dropped: n(), duplicateWrites: n(),
                droppedByReason: ReportPath.dropReasons.map { _ in n() })
        }
        f.byWebhook = ["a", "b.c"].map { ReportFigures.Webhook(name: $0, deliveries: n(), exposure: n()) }
        f.engineEvents = n()
        return f
    }

    /// The numeric leaves of JSON members with their dotted paths, walked without the key table.
    static func leaves(_ members: [(String, JSONValue)]) -> [(String, Double)] {
        var out: [(String, Double)] = []
        func walk(_ prefix: String, _ v: JSONValue) {
            switch v {
            case .int(let i): out.append((prefix, Double(i)))
            case .double(let d): out.append((prefix, d))
            case .object(let ms): for (k, c) in ms { walk(prefix + "." + k, c) }
            default: break
            }
        }
        for (k, v) in members { walk(k, v) }
        return out
    }

    @Test func everyKeyReadsTheValueTheJSONWritesAtItsPath() throws {
        let f = Self.distinctFigures()
        let keys = ReportKey.all(of: f)
        let json = Self.leaves(f.jsonMembers)
        #expect(keys.count == json.count)
        #expect(Set(keys.map(\.path)) == Set(json.map(\.0)))
        for (path, written) in json {
            let key = try #require(ReportKey.named(path, in: f), "\(path)")
            #expect(key.value(in: f) == written, "\(path)")
        }
        // Each path once.
        #expect(Set(keys.map(\.path)).count == keys.count)
    }

    /// Times are the latencies and the Jira user delay; ratios deliveries per change and
    /// utilisation; everything else counts things (README "Reading a report").
    @Test func everyKeyHasItsUnit() {
        let keys = ReportKey.all(of: Self.distinctFigures())
        let times =
            ["mean", "p50", "p90", "p95", "p99", "p999", "max"].map { "latency." + $0 } + [
                "deliveries.jiraUserDelayMean"
            ]
        #expect(keys.filter { $0.unit == .milliseconds }.map(\.path) == times)
        #expect(keys.filter { $0.unit == .ratio }.map(\.path) == ["deliveries.perChange", "aha.utilization"])
        #expect(keys.filter { $0.unit == .count }.count == keys.count - times.count - 2)
        #expect(ReportPath.fixed.map(\.unit) == ReportKey.fixed.map(\.unit))
    }

    /// A named part this report lacks has no value (a `"*"` expectation on another topology's webhook).
    @Test func missingPartHasNoValue() {
        let f = Self.distinctFigures()
        #expect(ReportKey.named("byWebhook.zzz.deliveries", in: f) == nil)
        let all = ReportKey.all(users: [], integrations: [], webhooks: ["zzz"])
        let key = all.first { $0.path == "byWebhook.zzz.deliveries" }
        #expect(key != nil)
        #expect(key?.value(in: f) == nil)
    }

    static let scenarioText = minimal(adding: #"  expect: {"*": {"deliveries.jiraUserDelayMean": "< 250ms"}},"#)

    /// `deliveries.jiraUserDelayMean` is a time: its bound may be a duration, and a breach is
    /// shown as one (it was shown as a bare number before).
    @Test func jiraUserDelayExpectationTakesADuration() throws {
        let s = try ScenarioLoader.load(text: Self.scenarioText, file: "e.json5")
        #expect(
            s.expect == [
                Expectation(topology: "*", path: "deliveries.jiraUserDelayMean", op: .less, value: 250, text: "< 250ms")
            ])
        var f = ReportFigures()
        f.deliveries.jiraUserDelayMean = 300
        let r = ExpectationResult(s.expect[0], in: f)
        #expect(r.actual == 300 && !r.passed && r.unit == .milliseconds)
        #expect(Verdict.shown(300, unit: .milliseconds) == "300ms")
        f.deliveries.jiraUserDelayMean = 249.5
        #expect(ExpectationResult(s.expect[0], in: f).passed)
    }

    /// The breach message of `check`, end to end: a synchronous Data Center webhook with JQL costs
    /// the user 2 ms per change (SimulationTests.datacenterSyncAddsUserDelay), so `< 1ms` fails by 1 ms.
    @Test func jiraUserDelayBreachIsShownAsATime() throws {
        var d = DeliverySpec.defaults(for: .datacenter)
        d.mode = .sync
        d.commentAlsoUpdates = false
        var s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .datacenter, delivery: d), bursts: [SmallWorld.burst(4, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", jql: "project = WEB")])])
        s.expect = [
            Expectation(topology: "*", path: "deliveries.jiraUserDelayMean", op: .less, value: 1, text: "< 1ms")
        ]
        let outcomes = try Simulator.run(s).evaluate(s.expect)
        #expect(outcomes.map(\.failures) == [["deliveries.jiraUserDelayMean < 1ms: got 2ms (off by 1ms)"]])
    }

    /// Every path an `expect` block may name (the loader's list) is a number in a real report,
    /// so an expectation can never point at a measure the report lacks.
    @Test func everyExpectablePathExists() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(3, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let t = try Simulator.run(s).topologies[0]
        let paths = ReportPath.measures(users: ["Integration user"], integrations: ["web"], webhooks: ["a"]).map(\.path)
        #expect(paths.count > 40)
        for path in paths { #expect(t.value(path) != nil, "\(path) missing from the report") }
    }

    /// The documented keys of DESIGN.md §6 come in a fixed order.
    @Test func documentedKeyOrder() throws {
        let s = SmallWorld.scenario(bursts: [], topologies: [TopologySpec(name: "t", webhooks: [])])
        guard case .object(let pairs) = try Simulator.run(s).topologies[0].json else {
            Issue.record("report is not an object")
            return
        }
        let keys = pairs.map(\.0)
        let documented = [
            "topology", "intended", "applied", "inFlight", "dropped", "duplicateWrites", "duplicates",
            "redundantDeliveries", "staleOverwrites", "divergentRecords", "exposure", "latency",
            "deliveries", "aha", "writesByAuthor", "byIntegration", "byWebhook",
        ]
        let positions = documented.compactMap { keys.firstIndex(of: $0) }
        #expect(positions.count == documented.count)
        #expect(positions == positions.sorted())
    }
}
