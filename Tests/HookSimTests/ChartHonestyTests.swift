import SimKit
import Testing

@testable import HookSim

/// Issue 12 item 4: charts that do not mislead. Expected values are worked out by hand.
@Suite struct ChartHonestyTests {
    @Test func topologyColoursAreFixedByIndexAndApartFromCategories() {
        // Okabe–Ito in order: blue, vermilion, bluish green; the ninth topology wraps to the first colour.
        #expect(SVGChart.color(0) == "#0072B2")
        #expect(SVGChart.color(1) == "#D55E00")
        #expect(SVGChart.color(2) == "#009E73")
        #expect(SVGChart.color(8) == SVGChart.color(0))
        #expect(Set(SVGChart.series).isDisjoint(with: SVGChart.categories))
        #expect(Set(HTMLReport.reasonColors).isDisjoint(with: SVGChart.series))
    }

    @Test func reportUsesTheTopologyColourInEveryChart() throws {
        let r = try ReportRenderTests.run()
        let html = HTMLReport.render(r, scenario: ReportRenderTests.scenario())
        // triple is topology 1: its swatch over time and its latency line are both vermilion.
        #expect(html.contains("stroke=\"#D55E00\" stroke-width=\"2\" stroke-dasharray=\"7 4\""))
        let time = try #require(html.range(of: "<svg id=\"time-deliveries-1\"").map { html[$0.lowerBound...] })
        let timeChart = try #require(time.range(of: "</svg>").map { String(time[..<$0.upperBound]) })
        #expect(timeChart.contains("fill=\"#D55E00\""))
        // The duplicates chart stacks categories, never a topology colour.
        let dup = try #require(html.range(of: "<svg id=\"duplicates\"").map { html[$0.lowerBound...] })
        let chart = try #require(dup.range(of: "</svg>").map { String(dup[..<$0.upperBound]) })
        for colour in SVGChart.series { #expect(!chart.contains("fill=\"\(colour)\"")) }
    }

    @Test func latencyCurveEndsAtTheShareOfIntendedApplied() throws {
        var t = try #require(ReportRenderTests.run().topologies.first)
        // 4 intended, 3 applied: 1 within 100 ms, 2 more within 1 s. The curve ends at 3/4, not 100%.
        t.figures = ReportFigures()
        t.figures.outcome.intended = 4
        t.figures.outcome.applied = 3
        t.latencyBuckets = [(upperMs: 100, count: 1), (upperMs: 1000, count: 2)]
        let steps = HTMLReport.latencySteps(t)
        #expect(steps.map(\.share) == [0, 0, 0.25, 0.25, 0.75])
        #expect(steps.map(\.share).max() == 0.75)
        // Hover text gives the exact figures.
        let svg = HTMLReport.latencyChart([t])
        #expect(svg.contains("<title>single: 3 of 4 intended updates applied (75.0%); p99 0ms</title>"))
    }

    @Test func emptyChartsAreLeftOut() throws {
        var r = try ReportRenderTests.run()
        r.topologies = [r.topologies[0]]  // single: every comment applied once, nothing dropped or doubled
        let html = HTMLReport.render(r, scenario: ReportRenderTests.scenario())
        #expect(html.contains("<svg id=\"latency\""))
        #expect(!html.contains("<svg id=\"drops\""))
        #expect(!html.contains("<svg id=\"duplicates\""))
        #expect(!html.contains("No topology dropped an intended update</text>"))
        // viewer applies nothing: no latency chart at all.
        var viewer = try ReportRenderTests.run()
        viewer.topologies = [viewer.topologies[2]]
        #expect(HTMLReport.latencyChart(viewer.topologies) == "")
    }

    @Test(arguments: [
        (937.0, ReportUnit.count, [0.0, 200, 400, 600, 800, 1000]),
        (7, .count, [0, 2, 4, 6, 8]),
        (0.83, .ratio, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        // 66m 40s: steps of 15 minutes are the first round step giving at most five intervals.
        (4_000_000, .milliseconds, [0, 900_000, 1_800_000, 2_700_000, 3_600_000, 4_500_000]),
    ])
    func niceTicks(max: Double, unit: ReportUnit, expected: [Double]) {
        let ticks = SweepAxis.ticks(max: max, unit: unit)
        #expect(ticks.count == expected.count)
        for (a, b) in zip(ticks, expected) { #expect(abs(a - b) < 1e-9) }
    }

    @Test func tickLabels() {
        #expect(SweepAxis.label(1000, unit: .count) == "1,000")
        #expect(SweepAxis.label(0.25, unit: .ratio) == "0.25")
        #expect(SweepAxis.label(0.2, unit: .ratio) == "0.2")
        #expect(SweepAxis.label(900_000, unit: .milliseconds) == "15m")
        #expect(SweepAxis.label(4_500_000, unit: .milliseconds) == "1h15m")
        #expect(SweepAxis.title("applied.ratio") == "Updates applied (share)")
    }

    @Test func logAxisForGeometricValues() {
        #expect(SweepAxis.isGeometric([1, 2, 4, 8, 16]))
        #expect(SweepAxis.isGeometric([600, 3000, 6000, 12000]))
        #expect(!SweepAxis.isGeometric([1, 2, 3, 4, 5]))
        #expect(!SweepAxis.isGeometric([2, 4]))  // two points show no growth pattern
        #expect(!SweepAxis.isGeometric([1, 2, 4]))  // a span of 4×: a linear axis reads fine
        #expect(SweepAxis.number("600/h") == 600)
        #expect(SweepAxis.number("2s") == 2000)
        #expect(SweepAxis.number("4") == 4)
    }

    @Test func intervalsAreHonest() {
        // One replication: the mean alone, no "± 0".
        #expect(SweepReport.cell(ConfidenceInterval([12]), .count) == "12")
        #expect(SweepReport.cell(ConfidenceInterval([12.5]), .count) == "12.5")
        // 0, 0, 3: mean 1, sd √3, t(0.975, 2) = 4.303 → half-width 4.303·√3/√3 = 4.303: low −3.3 is cut at 0.
        let counts = SweepHTML.band(ConfidenceInterval([0, 0, 3]), ReportMeasure("dropped.total"))
        #expect(counts.low == 0 && counts.mean == 1)
        // A share of 1, 1, 0.97 cannot reach past 1.
        let share = SweepHTML.band(ConfidenceInterval([1, 1, 0.97]), ReportMeasure("applied.ratio", .ratio))
        #expect(share.high == 1)
    }
}
