import Testing

@testable import HookSim

/// Issue 12 item 5: `compare` ranks counts only between runs that intended the same updates.
@Suite struct MarkdownAndCompareTests {
    /// One webhook as the viewer Val (drops everything) and one as the integration user.
    static func scenario(_ name: String, comments: Int) -> Scenario {
        var s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(comments, .comment)],
            users: [
                UserSpec(name: "Integration user", roles: [("*", .contributor)]),
                UserSpec(name: "Val", roles: [("WEB", .viewer)]),
            ],
            topologies: [
                TopologySpec(name: "ok", webhooks: [SmallWorld.hook("a")]),
                TopologySpec(name: "viewer", webhooks: [SmallWorld.hook("v", runAs: "Val")]),
            ])
        s.name = name
        return s
    }

    @Test func countsOfDifferentIntentsAreNotRanked() throws {
        // small: 10 comments; big: 30. Columns small/ok, small/viewer, big/ok, big/viewer.
        let small = try Simulator.run(Self.scenario("small", comments: 10))
        let big = try Simulator.run(Self.scenario("big", comments: 30))
        let rows = ComparisonReport.rows((small.topologies + big.topologies))
        let applied = try #require(rows.first { $0.measure.path == "applied" })
        #expect(applied.values == [10, 0, 30, 0])
        // 30 applied of 30 is not "better" than 10 of 10: no best on a count.
        #expect(applied.best.isEmpty)
        let dropped = try #require(rows.first { $0.measure.path == "dropped.total" })
        #expect(dropped.best.isEmpty)
        // Same intents within one scenario: counts are ranked (ok drops 0, viewer 10).
        let within = ComparisonReport.rows(small.topologies)
        #expect(within.first { $0.measure.path == "dropped.total" }?.best == [0])
        // Times are ranked across scenarios: viewer applied nothing, so only the two ok columns have a p99.
        let p99 = try #require(rows.first { $0.measure.path == "latency.p99" })
        #expect(p99.values[1] == nil && p99.values[3] == nil)
        #expect(p99.ranked)
        let md = ComparisonReport.render([small, big], format: .md)
        #expect(md.contains("| applied `applied` | 10 | 0 ▼ −10 | 30 ▲ +20 | 0 ▼ −10 |"))
    }

    /// A failure stays in sight; four passing expectations fold away, three or fewer do not.
    @Test func passingExpectationsFoldInMarkdown() {
        let md = MarkdownReport.expectations(["✓ a", "✗ b", "✓ c", "✓ d", "✓ e"])
        #expect(
            md
                == "- ✗ b\n\n<details><summary>4 expectations hold</summary>\n\n- ✓ a\n- ✓ c\n- ✓ d\n- ✓ e\n\n</details>\n\n"
        )
        #expect(MarkdownReport.expectations(["✓ a", "✓ c"]) == "- ✓ a\n- ✓ c\n\n")
        #expect(MarkdownReport.expectations([]) == "")
    }
}
