import SimKit

/// The self-contained HTML page of a sweep: one chart per measure against the varied value, one
/// line per topology with its 95% interval as a band, then the tables.
enum SweepHTML {
    static func render(_ r: SweepResults) -> String {
        let p = r.plan
        var body = "<h1>Sweep: \(SVGChart.escape(p.scenario))</h1>\n<p class=\"meta\">\(SVGChart.escape(SweepReport.heading(r))).</p>\n"
        if p.dimensions.count > 1 {
            body += "<p class=\"meta\">Points are in grid order (the first varied path changes slowest), equally spaced.</p>\n"
        }
        body += "<div class=\"charts\">\n"
        for m in p.measures.indices { body += chart(r, measure: m) + "\n" }
        body += "</div>\n"
        for (m, measure) in p.measures.enumerated() {
            body += "<h2>\(SVGChart.escape(measure.path))</h2>\n<table>\n<thead><tr><th>point</th>"
            body += p.topologies.map { "<th>\(SVGChart.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for (i, point) in p.points.enumerated() {
                body += "<tr><th class=\"code\">\(SVGChart.escape(p.label(point)))</th>"
                for t in p.topologies.indices {
                    body += "<td>\(SVGChart.escape(SweepReport.cell(r.interval(point: i, topology: t, measure: m), measure.unit)))</td>"
                }
                body += "</tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        return HTMLReport.page(title: "Sweep: \(p.scenario)", body: body)
    }

    /// One measure against the points: categorical x (values may be rates, durations or a grid),
    /// linear y from zero.
    static func chart(_ r: SweepResults, measure m: Int) -> String {
        let p = r.plan
        let measure = p.measures[m]
        let points = p.points
        var c = SVGChart(title: "\(measure.path) (mean, 95% interval)", legendRows: SVGChart.legendRows(p.topologies))
        c.legend(p.topologies.enumerated().map { ($0.element, SVGChart.color($0.offset)) })
        var top = 0.0
        for i in points.indices { for t in p.topologies.indices { top = max(top, r.interval(point: i, topology: t, measure: m).high) } }
        let minStep = measure.unit == .count ? 1.0 : measure.unit == .ratio ? 0.05 : 1.0
        let ticks = SVGChart.niceTicks(max: top, minStep: minStep)
        let yMax = ticks.last ?? 1
        let y = { (v: Double) in c.bottom - max(0, min(v, yMax)) / yMax * (c.bottom - c.top) }
        c.yAxis(ticks.map { (y($0), SweepReport.human($0, measure.unit)) }, title: measure.path)
        let span = c.right - c.left
        let x = { (i: Int) in points.count == 1 ? c.left + span / 2 : c.left + 20 + Double(i) * (span - 40) / Double(points.count - 1) }
        c.xAxis(points.enumerated().map { (x($0.offset), HTMLReport.shorten($0.element.joined(separator: " / "), 18)) },
                title: p.dimensions.map(\.path).joined(separator: " / "))
        for t in p.topologies.indices {
            let cis = points.indices.map { r.interval(point: $0, topology: t, measure: m) }
            let color = SVGChart.color(t)
            let upper = cis.enumerated().map { (x($0.offset), y($0.element.high)) }
            let lower = cis.enumerated().reversed().map { (x($0.offset), y($0.element.low)) }
            c.polygon(upper + lower, fill: color)
            c.polyline(cis.enumerated().map { (x($0.offset), y($0.element.mean)) }, stroke: color, tooltip: p.topologies[t])
            for (i, ci) in cis.enumerated() {
                c.dot(x(i), y(ci.mean), fill: color,
                      tooltip: "\(p.topologies[t]) at \(p.label(points[i])): \(SweepReport.cell(ci, measure.unit))")
            }
        }
        return c.rendered(id: "sweep-\(m)")
    }
}
