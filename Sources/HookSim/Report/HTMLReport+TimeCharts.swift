import SimKit

/// The report's charts over simulated time (DESIGN.md §7.2 `series` and `marks`): one row of
/// small multiples per topology — deliveries by answer, writes and duplicate writes, Aha!'s
/// queue — on the same axes in every row, so topologies compare at a glance and an outage shows
/// as the moment it was.
extension HTMLReport {
    /// Colours of Jira's view of an attempt's answer: a palette of its own, apart from the
    /// topology colours, so a category is never mistaken for a topology.
    static let answerColors: [(label: String, color: String)] = [
        ("2xx", "#74c476"), ("429 rate limited", "#fdae6b"), ("503 outage", "#d7301f"),
        ("no answer / other", "#969696"),
    ]
    static let writeColors: [(label: String, color: String)] = [("writes", "#9ecae1"), ("duplicate writes", "#e7298a")]

    /// One column of the small multiples: its heading, legend, and how to draw one topology's chart.
    private struct Column {
        var id: String
        var heading: String
        var legend: [(label: String, color: String)]
        var peak: Double
        var draw: (inout SVGChart, TopologyReport, Int, (Double) -> Double, Axes) -> Void
    }

    /// What every chart of a column shares: the x mapping and the step.
    private struct Axes {
        var x0: Double
        var stepPx: Double
        var stepMs: Double
        var stepLabel: String
    }

    /// The "Over time" section, or "" when nothing happened over time in any topology (an empty
    /// chart is left out rather than drawn as a placeholder).
    static func timeCharts(_ ts: [TopologyReport]) -> String {
        guard let first = ts.first else { return "" }
        let stepLabel = SimDuration.milliseconds(first.series.stepMs).format()
        let d = { (a: [Int]) in a.map(Double.init) }
        var columns: [Column] = []
        let answered = { (t: TopologyReport) in
            [t.series.succeeded, t.series.rateLimited, t.series.unavailable, t.series.failed].map(d)
        }
        let deliveriesPeak =
            ts.flatMap { t in
                let answers = answered(t)
                return t.series.deliveries.indices.map { i in
                    max(Double(t.series.deliveries[i]), answers.reduce(0) { $0 + $1[i] })
                }
            }.max() ?? 0
        if deliveriesPeak > 0 {
            columns.append(
                Column(id: "deliveries", heading: "Deliveries by answer", legend: answerColors, peak: deliveriesPeak) {
                    c, t, _, y, axes in
                    var base = Array(repeating: 0.0, count: t.series.count)
                    // NB: attempts still in flight at the end have no answer yet, so a stack can stop short of
                    // `deliveries` in the last steps; the hover text of each band gives its exact total.
                    for (k, values) in answered(t).enumerated() where values.contains(where: { $0 > 0 }) {
                        let upper = zip(base, values).map { $0 + $1 }
                        c.band(
                            upper: upper, lower: base, x0: axes.x0, stepPx: axes.stepPx, y: y,
                            fill: answerColors[k].color,
                            tooltip: summary(t.topology, answerColors[k].label, values, axes))
                        base = upper
                    }
                })
        }
        let writesPeak = Double(ts.flatMap(\.series.writes).max() ?? 0)
        if writesPeak > 0 {
            columns.append(
                Column(id: "writes", heading: "Writes to Aha!", legend: writeColors, peak: writesPeak) {
                    c, t, _, y, axes in
                    let zero = Array(repeating: 0.0, count: t.series.count)
                    // NB: duplicates are a part of the writes, drawn over them from zero, not stacked on top.
                    for (k, values) in [d(t.series.writes), d(t.series.duplicateWrites)].enumerated()
                    where values.contains(where: { $0 > 0 }) {
                        c.band(
                            upper: values, lower: zero, x0: axes.x0, stepPx: axes.stepPx, y: y,
                            fill: writeColors[k].color,
                            tooltip: summary(t.topology, writeColors[k].label, values, axes))
                    }
                })
        }
        let queuePeak = Double(ts.flatMap(\.series.queueDepth).max() ?? 0)
        if queuePeak > 0 {
            let legend = ts.enumerated().map { ($0.element.topology, SVGChart.color($0.offset)) }
            columns.append(
                Column(id: "queue", heading: "Aha! queue (deepest per step)", legend: legend, peak: queuePeak) {
                    c, t, i, y, axes in
                    let values = d(t.series.queueDepth)
                    let zero = Array(repeating: 0.0, count: values.count)
                    c.band(
                        upper: values, lower: zero, x0: axes.x0, stepPx: axes.stepPx, y: y, fill: SVGChart.color(i),
                        opacity: 0.55,
                        tooltip: "\(t.topology): deepest queue \(HumanFormat.count(values.max() ?? 0)) requests")
                })
        }
        guard !columns.isEmpty else { return "" }
        // NB: the drawing is as wide as its column of a 1,160-pixel page, so text keeps its size.
        let width = [760.0, 570, 380][min(columns.count, 3) - 1]

        let e = SVGChart.escape
        var out = "<h2>Over time</h2>\n"
        out += "<p class=\"meta\">Per \(e(stepLabel)) of simulated time · one row per topology, "
        out += "same scales in every row · dashed lines and shaded spans: the scenario's timeline"
        if queuePeak == 0 { out += " · Aha!'s queue never held a waiting request" }
        out += ".</p>\n"
        out += "<div class=\"timegrid\" style=\"grid-template-columns: repeat(\(columns.count), minmax(0, 1fr))\">\n"
        for col in columns {
            out += "<div class=\"colhead\"><b>\(e(col.heading))</b><br>"
            out += col.legend.map { "<span class=\"sw\" style=\"background:\($0.color)\"></span>\(e($0.label))" }
                .joined(separator: " ")
            out += "</div>\n"
        }
        let spanMs = max(1, ts.map(\.runLength.milliseconds).max() ?? 1)
        for (i, t) in ts.enumerated() {
            for col in columns {
                var c = SVGChart(title: t.topology, width: width, height: 200, legendRows: 0)
                c.rect(c.left - 14, 10, 10, 10, fill: SVGChart.color(i))
                let ticks = SVGChart.niceTicks(max: col.peak, target: 3)
                let top = ticks.last ?? 1
                // NB: the mappings capture the plot's edges, not the chart, which is mutated while they run.
                let (plotLeft, plotRight, plotTop, plotBottom) = (c.left, c.right, c.top, c.bottom)
                let y = { (v: Double) in plotBottom - v / top * (plotBottom - plotTop) }
                c.yAxis(
                    ticks.map { (y($0), HumanFormat.count($0)) },
                    title: col.id == "queue" ? "waiting" : "per " + stepLabel)
                let x = { (ms: Double) in plotLeft + ms / spanMs * (plotRight - plotLeft) }
                c.xAxis(timeTicks(spanMs, maxIntervals: 4).map { (x($0), clockLabel($0)) }, title: "simulated time")
                let axes = Axes(
                    x0: c.left, stepPx: Double(t.series.stepMs) / spanMs * (c.right - c.left),
                    stepMs: Double(t.series.stepMs), stepLabel: stepLabel)
                col.draw(&c, t, i, y, axes)
                for (k, m) in t.marks.enumerated() {
                    c.timeMark(x: x(Double(m.atMs)), untilX: m.untilMs.map { x(Double($0)) }, label: m.what, row: k % 3)
                }
                out += c.rendered(id: "time-\(col.id)-\(i)") + "\n"
            }
        }
        return out + "</div>\n"
    }

    /// Hover text: the total and the busiest step, exact.
    private static func summary(_ topology: String, _ label: String, _ values: [Double], _ axes: Axes) -> String {
        let total = values.reduce(0, +)
        let peak = values.max() ?? 0
        let at = values.firstIndex(of: peak) ?? 0
        let when = clockLabel(Double(at) * axes.stepMs)
        let busiest = "at most \(HumanFormat.count(peak)) per \(axes.stepLabel) (at \(when))"
        return "\(topology): \(label) \(HumanFormat.count(total)) in total, \(busiest)"
    }
}
