import Foundation
import SimKit

/// The self-contained HTML page of a sweep: one chart per measure against the varied value, one
/// line per topology with its 95% interval as a band, then the tables.
enum SweepHTML {
    static func render(_ r: SweepResults) -> String {
        let p = r.plan
        var body =
            "<h1>Sweep: \(SVGChart.escape(p.scenario))</h1>\n<p class=\"meta\">\(SVGChart.escape(SweepReport.heading(r))).</p>\n"
        if p.dimensions.count > 1 {
            body +=
                "<p class=\"meta\">Points are in grid order (the first varied path changes slowest), equally spaced.</p>\n"
        }
        body += "<div class=\"charts\">\n"
        for m in p.measures.indices { body += chart(r, measure: m) + "\n" }
        body += "</div>\n"
        for (m, measure) in p.measures.enumerated() {
            body +=
                "<h2>\(SVGChart.escape(SweepAxis.title(measure.path))) <code>\(SVGChart.escape(measure.path))</code></h2>\n<table>\n<thead><tr><th>point</th>"
            body += p.topologies.map { "<th>\(SVGChart.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for (i, point) in p.points.enumerated() {
                body += "<tr><th class=\"code\">\(SVGChart.escape(p.label(point)))</th>"
                for t in p.topologies.indices {
                    body +=
                        "<td>\(SVGChart.escape(SweepReport.cell(r.interval(point: i, topology: t, measure: m), measure.unit)))</td>"
                }
                body += "</tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        return HTMLReport.page(title: "Sweep: \(p.scenario)", body: body)
    }

    /// The interval a chart draws: the mean alone with one replication (no spread is known, so
    /// no band of zero width), never below zero for a count or time, never above 1 for a share.
    static func band(_ ci: ConfidenceInterval, _ measure: ReportMeasure) -> (low: Double, mean: Double, high: Double) {
        guard ci.n > 1 else { return (ci.mean, ci.mean, ci.mean) }
        let low = measure.unit == .ratio && !SweepAxis.isShare(measure.path) ? ci.low : max(0, ci.low)
        let high = SweepAxis.isShare(measure.path) ? min(1, ci.high) : ci.high
        return (low, ci.mean, high)
    }

    /// One measure against the points: a log x axis when one varied value grows geometrically,
    /// else the points equally spaced (values may be rates, durations or a grid); linear y from zero.
    static func chart(_ r: SweepResults, measure m: Int) -> String {
        let p = r.plan
        let measure = p.measures[m]
        let points = p.points
        let bands = p.topologies.indices.map { t in
            points.indices.map { band(r.interval(point: $0, topology: t, measure: m), measure) }
        }
        let top = bands.joined().map(\.high).max() ?? 0
        var ticks = SweepAxis.ticks(max: top, unit: measure.unit)
        if SweepAxis.isShare(measure.path) { ticks = ticks.filter { $0 <= 1 + 1e-9 } }
        let yMax = ticks.last.map { $0 > 0 ? $0 : 1 } ?? 1
        let tickLabels = ticks.map { SweepAxis.label($0, unit: measure.unit) }
        // NB: the plot starts right of the widest tick label, so the rotated axis title never covers one.
        let left = max(64, 30 + (tickLabels.map { SVGChart.textWidth($0, size: 10) }.max() ?? 0))
        // NB: the page heading says what the band is; the title stays short so the path beside it never collides.
        let title = SweepAxis.title(measure.path)
        var c = SVGChart(
            title: title, legendRows: SVGChart.legendRows(p.topologies.map { $0 + "  " }), left: left)
        c.subtitle(measure.path)
        c.lineLegend(
            p.topologies.enumerated().map { ($0.element, SVGChart.color($0.offset), SVGChart.dash($0.offset)) })
        let y = { (v: Double) in c.bottom - max(0, min(v, yMax)) / yMax * (c.bottom - c.top) }
        c.yAxis(zip(ticks, tickLabels).map { (y($0.0), $0.1) }, title: SweepAxis.title(measure.path))
        let span = c.right - c.left
        let numbers = p.dimensions.count == 1 ? points.compactMap { SweepAxis.number($0[0]) } : []
        let logScale = numbers.count == points.count && SweepAxis.isGeometric(numbers)
        let x = { (i: Int) -> Double in
            if points.count == 1 { return c.left + span / 2 }
            if logScale, let lo = numbers.first, let hi = numbers.last {
                return c.left + 20 + (log10(numbers[i]) - log10(lo)) / (log10(hi) - log10(lo)) * (span - 40)
            }
            return c.left + 20 + Double(i) * (span - 40) / Double(points.count - 1)
        }
        let axisTitle = p.dimensions.map(\.path).joined(separator: " / ") + (logScale ? " (log scale)" : "")
        c.xAxis(
            points.enumerated().map { (x($0.offset), HTMLReport.shorten($0.element.joined(separator: " / "), 18)) },
            title: axisTitle)
        for t in p.topologies.indices {
            let color = SVGChart.color(t)
            if p.replications > 1 {
                let upper = bands[t].enumerated().map { (x($0.offset), y($0.element.high)) }
                let lower = bands[t].enumerated().reversed().map { (x($0.offset), y($0.element.low)) }
                c.polygon(upper + lower, fill: color)
            }
            c.polyline(
                bands[t].enumerated().map { (x($0.offset), y($0.element.mean)) }, stroke: color,
                dash: SVGChart.dash(t), tooltip: p.topologies[t])
            for i in points.indices {
                let ci = r.interval(point: i, topology: t, measure: m)
                c.dot(
                    x(i), y(bands[t][i].mean), fill: color,
                    tooltip: "\(p.topologies[t]) at \(p.label(points[i])): \(SweepReport.cell(ci, measure.unit))")
            }
        }
        return c.rendered(id: "sweep-\(m)")
    }
}
