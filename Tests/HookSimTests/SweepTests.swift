import Foundation
import SimKit
import Testing

@testable import HookSim

/// A console that keeps what was printed, for end-to-end command tests.
final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    var out: String { lock.withLock { outText } }
    var err: String { lock.withLock { errText } }
    var console: Console {
        Console(
            out: { s in self.lock.withLock { self.outText += s } },
            err: { s in self.lock.withLock { self.errText += s } })
    }
}

/// A small scenario on disk: two topologies, light load, short, so a sweep takes well under a second in debug.
enum SweepFixture {
    static let text = """
        {
          name: "sweep-fixture", seed: 11, duration: "20m", drain: "20m",
          jira: [{id: "acme", kind: "cloud", users: 5, integrationAccount: "aha-bot",
                  projects: [{key: "WEB", issues: 30}, {key: "MOB", issues: 20}]}],
          activity: {rate: "300/h"},
          aha: {
            workspaces: ["WEB", "MOB"],
            users: [{name: "Integration user", roles: {"*": "contributor"}}],
            integrations: [
              {id: "web", version: "2.0", workspace: "WEB", jira: "acme", project: "WEB", linked: 0.8},
              {id: "mob", version: "2.0", workspace: "MOB", jira: "acme", project: "MOB", linked: 0.8},
            ],
            processing: {workers: 2, serviceTime: "200ms", rateLimit: "2/s"},
          },
          topologies: [
            {name: "single", webhooks: [{name: "aha", integration: "web", runAs: "Integration user"}]},
            {name: "per-integration", webhooks: [
              {name: "aha-web", integration: "web", runAs: "Integration user"},
              {name: "aha-mob", integration: "mob", runAs: "Integration user"}]},
          ],
          sweep: {vary: {"activity.rate": ["300/h", "1200/h"]}, replications: 2},
        }
        """

    static func file() throws -> String {
        // NB: a folder of its own per call: tests run in parallel in one process, and one reading
        // the fixture while another rewrote it once read an empty file.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hooksim-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("fixture.json5").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    static func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let c = CapturedConsole()
        let status = CLI.main(args, console: c.console)
        return (status, c.out, c.err)
    }
}

@Suite struct StudentTTests {
    /// Values from any printed t table (e.g. NIST/SEMATECH e-Handbook, table of t critical values).
    @Test(arguments: [
        (1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (19, 2.093), (29, 2.045), (60, 2.000), (120, 1.980),
        (1000, 1.962),
    ])
    func quantile975(df: Int, expected: Double) {
        #expect(abs(StudentT.quantile(0.975, df: df) - expected) < 0.0006)
    }

    @Test func otherLevelsAndSymmetry() {
        #expect(abs(StudentT.quantile(0.95, df: 10) - 1.812) < 0.0006)
        #expect(abs(StudentT.quantile(0.995, df: 5) - 4.032) < 0.0006)
        #expect(abs(StudentT.quantile(0.025, df: 4) + 2.776) < 0.0006)
        #expect(abs(StudentT.quantile(0.975, df: Int.max) - 1.960) < 0.0006)
        #expect(abs(StudentT.normalQuantile(0.975) - 1.959964) < 1e-5)
    }

    /// Worked by hand: values 1…5 have mean 3, s = √2.5, half-width 2.776·√2.5/√5 = 1.963.
    @Test func intervalOfKnownValues() {
        let ci = ConfidenceInterval([1, 2, 3, 4, 5])
        #expect(ci.mean == 3)
        #expect(abs(ci.halfWidth - 1.9632) < 0.001)
        #expect(ConfidenceInterval([7]).low == 7)
    }
}

@Suite struct SweepPlanTests {
    @Test func gridIsCartesianFirstPathSlowest() {
        let plan = SweepPlan(
            scenario: "x", seed: 1,
            dimensions: [
                SweepDimension(path: "a", values: ["1", "2"]), SweepDimension(path: "b", values: ["x", "y", "z"]),
            ],
            topologies: ["t"], measures: [], replications: 3)
        #expect(plan.points == [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]])
        #expect(plan.runCount == 18)
        #expect(plan.runs(shard: (2, 4)) == [1, 5, 9, 13, 17])
        #expect(plan.locate(7) == (2, 1))
        #expect(plan.replicationSeed(0) == SplitMix64.mix(1))
        #expect(plan.replicationSeed(3) == SplitMix64.mix(1 ^ 3))
    }

    @Test func optionsParse() throws {
        let o = try SweepOptions.parse(
            ["f.json5", "--vary", "activity.rate=1/h,2/h", "--jobs", "3", "--shard", "2/4"], command: "sweep")
        #expect(o.vary.map(\.path) == ["activity.rate"])
        #expect(o.jobs == 3)
        #expect(o.shard?.k == 2 && o.shard?.n == 4)
        #expect(throws: UsageError.self) { try SweepOptions.parse(["f", "--shard", "5/4"], command: "sweep") }
        #expect(throws: UsageError.self) { try SweepOptions.parse(["f", "--vary", "x"], command: "sweep") }
        #expect(throws: UsageError.self) { try SweepOptions.parse(["f", "--vary", "a=1..2"], command: "saturate") }
    }
}

@Suite struct ScenarioOverrideTests {
    func load(_ overrides: [(String, String)]) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(
            bytes: Array(SweepFixture.text.utf8), file: "fixture.json5",
            overrides: overrides.map { ScenarioOverride(path: $0.0, value: $0.1, source: "--vary \($0.0)=\($0.1)") })
    }

    @Test func valuesAreTypedByTheKey() throws {
        let s = try load([
            ("activity.rate", "6000/h"), ("aha.processing.workers", "8"), ("network.failureRate", "0.01"),
            ("jira[0].delivery.retry.max", "0"),
        ])
        #expect(s.activity.rate.perSecond == 6000.0 / 3600)
        #expect(s.aha.processing.workers == 8)
        #expect(s.network.failureRate == 0.01)
    }

    @Test(arguments: [
        ("activity.rate", "fast", "in '--vary activity.rate=fast'"),
        ("activity.rat", "1/h", "in '--vary activity.rat=1/h'"),
        ("jira[3].users", "4", "in '--vary jira[3].users=4'"),
        ("aha.processing.workers", "0", "in '--vary aha.processing.workers=0'"),
        ("seed.x", "1", "in '--vary seed.x=1'"),
        ("a..b", "1", "in '--vary a..b=1'"),
    ])
    func badOverridesNameTheArgument(path: String, value: String, expected: String) {
        do {
            _ = try load([(path, value)])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix(expected), "\(error.message)")
        }
    }

    @Test func badVaryExitsTwo() throws {
        let file = try SweepFixture.file()
        let r = SweepFixture.run([
            "sweep", file, "--vary", "aha.processing.workers=1,two", "--no-save", "--replications", "1",
        ])
        #expect(r.status == 2)
        #expect(r.err.contains("--vary aha.processing.workers=1,two"))
    }

    /// A sweep measures the same topologies at every point: renaming one at a point would leave its
    /// column empty, so it is a usage error naming the point (it was read as 0 before).
    @Test func varyingATopologyNameIsAnError() throws {
        let file = try SweepFixture.file()
        let r = SweepFixture.run([
            "sweep", file, "--vary", "topologies[0].name=single,other", "--no-save", "--replications", "1",
        ])
        #expect(r.status == 2)
        #expect(r.err.contains("at the sweep point topologies[0].name=other there is no topology named 'single'"))
    }
}

@Suite struct SweepCommandTests {
    @Test func jobsDoNotChangeOutputAndShardsMergeExactly() throws {
        let file = try SweepFixture.file()
        let dir = (file as NSString).deletingLastPathComponent
        let one = SweepFixture.run(["sweep", file, "--jobs", "1", "--no-save", "--format", "json"])
        let two = SweepFixture.run(["sweep", file, "--jobs", "2", "--no-save", "--format", "json"])
        #expect(one.status == 0, "\(one.err)")
        #expect(one.out == two.out)
        #expect(one.out.contains("\"activity.rate\": \"1200/h\""))
        var parts: [String] = []
        for k in 1...3 {
            let r = SweepFixture.run(["sweep", file, "--jobs", "2", "--shard", "\(k)/3", "--out", dir + "/parts"])
            #expect(r.status == 0, "\(r.err)")
            parts.append(dir + "/parts/sweep-fixture.part-\(k)-of-3.json")
        }
        for format in ["json", "csv", "md", "html", "text"] {
            let whole = SweepFixture.run(["sweep", file, "--no-save", "--format", format])
            let merged = SweepFixture.run(["merge"] + parts.reversed() + ["--format", format])
            #expect(merged.status == 0, "\(merged.err)")
            #expect(merged.out == whole.out, "format \(format)")
        }
        let missing = SweepFixture.run(["merge", parts[0], parts[2]])
        #expect(missing.status == 2 && missing.err.contains("missing shard 2/3"))
        let twice = SweepFixture.run(["merge", parts[0], parts[0]])
        #expect(twice.status == 2 && twice.err.contains("given twice"))
        let other = SweepFixture.run(["sweep", file, "--shard", "2/3", "--replications", "3"])
        try Data(other.out.utf8).write(to: URL(fileURLWithPath: dir + "/parts/other.json"))
        let mixed = SweepFixture.run(["merge", parts[0], dir + "/parts/other.json", parts[2]])
        #expect(mixed.status == 2 && mixed.err.contains("different sweeps"))
    }

    @Test func saturateReportsTheRange() throws {
        let file = try SweepFixture.file()
        let r = SweepFixture.run([
            "saturate", file, "--vary", "aha.processing.workers=1..4", "--slo", "latency.p99 < 1h", "--replications",
            "2",
            "--topology", "single",
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("still meets every SLO"))
        let bad = SweepFixture.run(["saturate", file, "--vary", "activity.rate=1/h..2/s", "--slo", "latency.p99 < 1h"])
        #expect(bad.status == 2 && bad.err.contains("LOW..HIGH"))
        let slo = SweepFixture.run(["saturate", file, "--vary", "activity.rate=1/h..2/h", "--slo", "latency.p98 < 1h"])
        #expect(slo.status == 2 && slo.err.contains("--slo latency.p98"))
    }
}
