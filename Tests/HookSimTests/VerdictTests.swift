import Testing

@testable import HookSim

/// DESIGN.md §7.2: every report states its verdict, its expectations and how to reproduce it first.
@Suite struct VerdictTests {
    /// Two webhooks reach one endpoint, 10 comments: every comment is written twice, so
    /// `duplicates.comments == 10` holds, `duplicates.visible == 0` fails, and nothing is dropped.
    static func scenario() -> Scenario {
        var s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment, over: .minutes(5))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b")])])
        s.expect = [
            Expectation(topology: "t", path: "duplicates.comments", op: .equal, value: 10, text: "== 10"),
            Expectation(topology: "*", path: "duplicates.visible", op: .equal, value: 0, text: "== 0"),
        ]
        return s
    }

    @Test func expectationsAndVerdictInTheDocument() throws {
        let r = try Simulator.run(Self.scenario())
        #expect(r.verdict == "fail")
        #expect(
            r.topologies[0].expectations == [
                ExpectationResult(path: "duplicates.comments", expect: "== 10", actual: 10, passed: true, unit: .count),
                ExpectationResult(path: "duplicates.visible", expect: "== 0", actual: 10, passed: false, unit: .count),
            ])
        let json = r.json.rendered()
        #expect(json.contains("\"verdict\": \"fail\""))
        #expect(json.contains("\"version\": \"\(HookSimVersion.string)\""))
        #expect(Verdict.headline(r) == "FAIL — 1 of 2 expectations failed")
        #expect(
            Verdict.lines(r) == [
                "✓ t: duplicates.comments == 10 (actual 10)", "✗ t: duplicates.visible == 0 (actual 10)",
            ])
    }

    @Test func noExpectationsIsVerdictNone() throws {
        var s = Self.scenario()
        s.expect = []
        #expect(try Simulator.run(s).verdict == "none")
    }

    @Test func commandKeepsEverySetSeedAndTopology() {
        #expect(
            ScenarioReport.command(
                file: "Scenarios/x.json5", sets: ["activity.rate=600/h", "aha.echo=apply"], seed: 7,
                topologies: ["single"])
                == "hooksim run Scenarios/x.json5 --set activity.rate=600/h --set aha.echo=apply --seed 7 --topology single"
        )
        #expect(
            ScenarioReport.command(file: "my file.json5", sets: [], seed: 1, topologies: [])
                == "hooksim run 'my file.json5' --seed 1")
    }

    @Test func runReportsItsOverridesAndCommand() throws {
        let c = Captured()
        let path = ScenarioShrinkerTests.shipped.path
        let status = CLI.main(
            ["run", path, "--set", "activity.rate=100/h", "--topology", "single", "--no-save", "--format", "json"],
            console: c.console)
        #expect(status == CLI.exitOK)
        #expect(c.stdout.contains("\"overrides\": [\"activity.rate=100/h\"]"))
        #expect(
            c.stdout.contains(
                "\"command\": \"hooksim run \(path) --set activity.rate=100/h --seed 42 --topology single\""))
    }
}
