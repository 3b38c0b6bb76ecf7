import SimKit
import Testing

@testable import HookSim

/// Renders a run whose figures are known by hand and checks them in every output format.
///
/// The world: 10 comments on linked issues of one integration. `single` has one webhook (10
/// writes, no duplicates); `triple` has three webhooks reaching the same record (each comment
/// written 3 times: 20 visible duplicates); `viewer` runs its only webhook as a user with the
/// viewer role, so all 10 updates are dropped for `permissionDenied`.
@Suite struct ReportRenderTests {
    static func scenario(name: String = "small", description: String = "Ten comments, three wirings.") -> Scenario {
        var s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)],
            users: [
                UserSpec(name: "Integration user", roles: [("*", .contributor)]),
                UserSpec(name: "Val", roles: [("WEB", .viewer)]),
            ],
            topologies: [
                TopologySpec(name: "single", webhooks: [SmallWorld.hook("a")]),
                TopologySpec(
                    name: "triple", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b"), SmallWorld.hook("c")]),
                TopologySpec(name: "viewer", webhooks: [SmallWorld.hook("v", runAs: "Val")]),
            ])
        s.name = name
        s.description = description
        return s
    }

    static func run(_ s: Scenario = scenario()) throws -> ScenarioReport { try Simulator.run(s) }

    /// The words of the first line of `text` whose first word is `label`.
    static func row(_ text: String, _ label: String) -> [String]? {
        text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.first { $0.first == label }
    }

    // MARK: Human formatting

    /// Worked by hand: 552,000 ms = 9 × 60 s + 12 s; 3,720,000 ms = 62 min = 1 h 2 min; 59,960 ms rounds to
    /// 60 s, which is shown as a minute rather than `60.0s`; below 10 ms a tenth shows unless it is 0
    /// (0.04 ms rounds to 0.0; 9.96 ms to 10.0, shown whole).
    static let durationCases: [(Double, String)] = [
        (0.0, "0ms"), (0.04, "0ms"), (0.4, "0.4ms"), (5, "5ms"), (6.7, "6.7ms"), (9.96, "10ms"), (20.1, "20ms"),
        (517.1, "517ms"), (850, "850ms"), (999.4, "999ms"), (999.6, "1.0s"), (1_500, "1.5s"),
        (12_400, "12.4s"), (59_960, "1m 00s"), (552_000, "9m 12s"), (3_599_400, "59m 59s"), (3_720_000, "1h 02m"),
        (845_000, "14m 05s"), (2_270, "2.3s"),
        (86_400_000 * 2 + 3 * 3_600_000, "2d 03h"),
    ]

    @Test(arguments: durationCases)
    func durations(ms: Double, expected: String) {
        #expect(HumanFormat.duration(milliseconds: ms) == expected)
    }

    static let countCases: [(Int, String)] = [
        (0, "0"), (999, "999"), (1_000, "1,000"), (12_345, "12,345"), (1_234_567, "1,234,567"), (-1_000, "-1,000"),
    ]

    @Test(arguments: countCases)
    func counts(n: Int, expected: String) {
        #expect(HumanFormat.count(n) == expected)
    }

    @Test func decimalsAndPercents() {
        #expect(HumanFormat.percent(0.875) == "87.5%")
        #expect(HumanFormat.percent(1) == "100.0%")
        #expect(HumanFormat.decimal(2.25, places: 1) == "2.3")  // 2.25 is exact in binary: half rounds away from zero
        #expect(HumanFormat.decimal(1234.5, places: 1) == "1,234.5")
        #expect(HumanFormat.decimal(-0.04, places: 1) == "0.0")
        #expect(HumanFormat.times(3) == "3×")
        #expect(HumanFormat.times(2.44) == "2.4×")
    }

    /// Chart geometry helpers, worked by hand: 569 needs steps of 200 to stay within 5 intervals;
    /// a 4-hour run gets 30-minute ticks (8 intervals).
    @Test func chartScales() {
        #expect(SVGChart.niceTicks(max: 569) == [0, 200, 400, 600])
        #expect(SVGChart.niceTicks(max: 20) == [0, 5, 10, 15, 20])
        #expect(SVGChart.niceTicks(max: 0) == [0, 1])
        #expect(SVGChart.num(12.345) == "12.3")
        #expect(SVGChart.num(-1.25) == "-1.3")
        #expect(SVGChart.num(-0.04) == "0")
        let ticks = HTMLReport.timeTicks(4 * 3_600_000)
        #expect(ticks.count == 9)
        #expect(ticks.map(HTMLReport.clockLabel) == ["0", "30m", "1h", "1h30m", "2h", "2h30m", "3h", "3h30m", "4h"])
        #expect(HTMLReport.shorten("one-shared-webhook", 8) == "one-sha…")
    }

    // MARK: Text

    @Test func textPutsDuplicatesAndDropsInTheirColumns() throws {
        let r = try Self.run()
        let text = TextReport.render(r, scenario: Self.scenario(), color: false)
        #expect(Self.row(text, "single") == ["single", "triple", "viewer"])  // the header, columns in file order
        #expect(Self.row(text, "visible") == ["visible", "0", "20", "0"])
        #expect(Self.row(text, "comments") == ["comments", "0", "20", "0"])
        #expect(Self.row(text, "permissionDenied") == ["permissionDenied", "0", "0", "10"])
        // Reasons no topology hit are left out.
        #expect(Self.row(text, "jqlFiltered") == nil)
        #expect(text.contains("10 / 10 (100.0%)"))
        #expect(text.contains("0 / 10 (0.0%)"))
        #expect(!text.contains("\u{1B}["))
        // viewer applied nothing: its latency is unknown, not zero.
        #expect(Self.row(text, "p99")?.last == "—")
        #expect(Self.row(text, "p99")?.count == 4)
    }

    @Test func textRowsAllHaveTheSameWidth() throws {
        let r = try Self.run()
        let text = TextReport.render(r, scenario: Self.scenario(), color: false)
        // The table starts after the third blank line (title and description, the verdict, the answers).
        let parts = text.components(separatedBy: "\n\n")
        #expect(parts.count > 3 && parts[1].hasPrefix("Verdict: ") && parts[2].hasPrefix("• single "))
        let lines = try #require(parts.count > 3 ? parts[3] : nil).split(separator: "\n")
        #expect(lines.count > 30)
        let widths = Set(lines.map(\.count))
        #expect(widths.count == 1, "widths \(widths.sorted())")
    }

    @Test func colourOnlyWhenAsked() throws {
        let r = try Self.run()
        let coloured = TextReport.render(r, scenario: Self.scenario(), color: true)
        #expect(coloured.contains("\u{1B}[31m"))  // harm (20 duplicates) in red
        let stripped = coloured.replacing(/\x{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == TextReport.render(r, scenario: Self.scenario(), color: false))
    }

    // MARK: Markdown

    @Test func markdownTableAndFindings() throws {
        let r = try Self.run()
        let md = MarkdownReport.render(r, scenario: Self.scenario())
        // The verdict and the differences come first; no H1 anywhere before the findings.
        #expect(md.hasPrefix("**Verdict: "))
        #expect(!md.contains("\n# "))
        #expect(md.contains("Ten comments, three wirings.\n"))
        // triple writes 20 visible duplicates more than single; viewer applies none of the 10 comments.
        #expect(md.contains("Differences from **single**:\n\n- **triple**: "))
        #expect(md.contains("visible duplicates ▲ +20"))
        let at = try #require(md.range(of: "Differences from"))
        #expect(at.lowerBound < (md.range(of: "## Summary")?.lowerBound ?? md.startIndex))
        #expect(md.contains("| measure | single | triple | viewer |"))
        // Lower is better for duplicates: single and viewer share the best value, 0.
        #expect(md.contains("| visible duplicates | 0 ✓ | 20 ▲ +20 | 0 ✓ |"))
        #expect(md.contains("| `permissionDenied` | 0 | 0 | 10 |"))
        #expect(
            md.contains(
                "- **triple** writes each applied update 3× on average (20 visible duplicates: 20 comments, 0 records)."
            ))
        #expect(md.contains("- **viewer** loses 10 updates: permissionDenied 10."))
        #expect(md.contains("- **single** applies every intended update exactly once"))
        #expect(md.contains("| `web` duplicate writes | 0 | 20 | 0 |"))
        #expect(md.contains("| Integration user | 10 | 30 | 0 |"))
        #expect(md.contains("| latency max |") && md.contains(" | — |\n| deliveries attempted |"))
    }

    // MARK: HTML

    /// Three charts of totals, and over time one row per topology of deliveries, writes and queue
    /// (30 deliveries reach 4 workers at once, so the queue is not empty): 3 + 3 × 3 charts.
    @Test func htmlIsSelfContainedWithTotalsAndTimeCharts() throws {
        let r = try Self.run()
        let html = HTMLReport.render(r, scenario: Self.scenario())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("url("))
        #expect(html.components(separatedBy: "<svg").count - 1 == 12)
        #expect(html.components(separatedBy: "</svg>").count - 1 == 12)
        for id in ["latency", "drops", "duplicates"] { #expect(html.contains("<svg id=\"\(id)\"")) }
        for column in ["deliveries", "writes", "queue"] {
            for row in 0..<3 { #expect(html.contains("<svg id=\"time-\(column)-\(row)\"")) }
        }
        // The verdict and the answers come before any chart.
        let verdict = try #require(html.range(of: "Verdict: "))
        let answer = try #require(
            html.range(
                of:
                    "<li><b>viewer</b> loses all 10 updates of integration <code>web</code> (workspace WEB): permissionDenied.</li>"
            ))
        let chart = try #require(html.range(of: "<svg"))
        #expect(verdict.lowerBound < answer.lowerBound && answer.lowerBound < chart.lowerBound)
        // Each chart's opening tag comes before its closing tag: charts do not nest or interleave.
        var rest = Substring(html)
        while let open = rest.range(of: "<svg") {
            let close = try #require(rest.range(of: "</svg>"))
            #expect(open.lowerBound < close.lowerBound)
            rest = rest[close.upperBound...]
            if let next = rest.range(of: "<svg") { #expect(next.lowerBound > rest.startIndex) }
        }
        // The duplicates chart labels the triple bar with its total.
        let dup = try #require(html.range(of: "<svg id=\"duplicates\"").map { html[$0.lowerBound...] })
        let dupChart = try #require(dup.range(of: "</svg>").map { dup[..<$0.upperBound] })
        #expect(dupChart.contains(">20</text>"))
        #expect(dupChart.contains("triple: 20 duplicate comments"))
        #expect(html.contains("<td class=\"bad\">20</td>"))
    }

    @Test func htmlEscapesUserText() throws {
        let s = Self.scenario(name: "<script>alert(1)</script>", description: "a & b <i>")
        let html = HTMLReport.render(try Self.run(s), scenario: s)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("a &amp; b &lt;i&gt;"))
        let md = MarkdownReport.render(try Self.run(s), scenario: s)
        #expect(!md.contains("<script>"))
    }

    @Test func everyFormatIsByteIdenticalTwice() throws {
        let s = Self.scenario()
        let a = try Self.run(s)
        let b = try Self.run(s)
        #expect(HTMLReport.render(a, scenario: s) == HTMLReport.render(b, scenario: s))
        #expect(MarkdownReport.render(a, scenario: s) == MarkdownReport.render(b, scenario: s))
        #expect(TextReport.render(a, scenario: s, color: true) == TextReport.render(b, scenario: s, color: true))
        for f in ReportFormat.allCases {
            #expect(ComparisonReport.render([a], format: f) == ComparisonReport.render([b], format: f))
        }
    }

    // MARK: Comparison

    @Test func comparisonMarksDifferencesAndTheBest() throws {
        let r = try Self.run()
        let text = ComparisonReport.render([r], format: .text)
        #expect(text.contains("small/single") && text.contains("small/triple"))
        // single is the baseline; triple has 20 more visible duplicates; single (and viewer) are best.
        #expect(Self.row(text, "visible") == ["visible", "duplicates", "0", "✓", "20", "▲", "+20", "0", "✓"])
        #expect(Self.row(text, "applied") == ["applied", "10", "✓", "10", "✓", "0", "▼", "−10"])
        let widths = Set(text.split(separator: "\n").map(\.count))
        #expect(widths.count == 1)

        let md = ComparisonReport.render([r], format: .md)
        #expect(md.contains("| visible duplicates `duplicates.visible` | **0 ✓** | 20 ▲ +20 | **0 ✓** |"))

        let html = ComparisonReport.render([r], format: .html)
        #expect(html.contains("<td class=\"worse\">20<span class=\"delta\">▲ +20</span></td>"))
        #expect(html.contains("<td class=\"best\">0</td>"))
        #expect(!html.contains("http://") && !html.contains("https://"))

        let json = ComparisonReport.render([r], format: .json)
        #expect(json.contains("\"columns\": [\"small/single\", \"small/triple\", \"small/viewer\"]"))
        #expect(json.contains("\"path\": \"duplicates.visible\",\n      \"values\": [0, 20, 0]"))
        #expect(json.contains("\"path\": \"latency.max\",\n      \"values\": [") && json.contains(", null]"))
    }

    @Test func comparisonAcrossScenarios() throws {
        let a = try Self.run(Self.scenario(name: "before"))
        let b = try Self.run(Self.scenario(name: "after"))
        let text = ComparisonReport.render([a, b], format: .text)
        for name in ["before/single", "before/viewer", "after/single", "after/viewer"] { #expect(text.contains(name)) }
        // The same topology in two identical runs differs nowhere: after/single carries no mark.
        let json = ComparisonReport.render([a, b], format: .json)
        #expect(json.contains("\"values\": [0, 20, 0, 0, 20, 0]"))
    }
}
