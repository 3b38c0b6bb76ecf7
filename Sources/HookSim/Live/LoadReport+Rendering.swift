import Foundation

/// `load`'s report as text, Markdown and self-contained HTML; JSON is `LoadReport.json`.
extension LoadReport {
    func render(_ format: ReportFormat) -> String {
        switch format {
        case .json: return json.rendered() + "\n"
        case .text: return text()
        case .md: return markdown()
        case .html: return html()
        }
    }

    private var speedText: String { speed.map { JSONValue.format($0) + "×" } ?? "max (closed loop)" }

    private func ms(_ us: Double) -> String { HumanFormat.duration(milliseconds: us / 1000) }

    /// `(label, value)` rows shared by every format, in report order.
    var rows: [(String, String)] {
        let h = counts.latency
        var rows: [(String, String)] = [
            ("target", target), ("scenario / topology", "\(scenario) / \(topology)"), ("speed", speedText),
        ]
        if !shards.isEmpty { rows.append(("shards", shards.joined(separator: ", "))) }
        rows += [
            (
                "requests",
                "scheduled \(scheduled), sent \(counts.sent), answered \(counts.answered), retried \(counts.retried), timed out \(counts.timedOut), failed \(counts.failed)"
            ),
            (
                "by status",
                byStatus.isEmpty ? "none" : byStatus.map { "\($0.code): \($0.count)" }.joined(separator: ", ")
            ),
            ("rate", "scheduled \(JSONValue.format(rateScheduled))/s, achieved \(JSONValue.format(rateAchieved))/s"),
            (
                "latency",
                h.count == 0
                    ? "no answers"
                    : "count \(h.count), mean \(ms(h.mean)), p50 \(ms(h.quantile(0.5))), p90 \(ms(h.quantile(0.9))), p99 \(ms(h.quantile(0.99))), p99.9 \(ms(h.quantile(0.999))), max \(ms(Double(h.max)))"
            ),
        ]
        for o in outcomes {
            let got = Self.shown(o.expectation, o.actual)
            rows.append(("expect", "\(o.passed ? "pass" : "FAIL")  \(o.expectation.text)  (got \(got))"))
        }
        rows.append(("verdict", verdict))
        if let server {
            let keys = [
                "received", "applied", "duplicateWrites", "duplicates.visible", "aha.writes", "aha.rateLimited",
            ]
            let found = keys.compactMap { k in server.lookup(k)?.number.map { "\(k) \(JSONValue.format($0))" } }
            rows.append(
                ("server /report", found.isEmpty ? "answered (see --format json)" : found.joined(separator: ", ")))
        }
        return rows
    }

    /// A value an expectation found, as a person reads it: latency in ms/s, counts as numbers.
    static func shown(_ e: LoadExpectation, _ actual: Double?) -> String {
        guard let actual else { return "no such value" }
        let isTime = e.path.hasPrefix("latency.") && e.path != "latency.count"
        return isTime ? HumanFormat.duration(milliseconds: actual) : JSONValue.format(actual)
    }

    func text() -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
            + "\n"
    }

    func markdown() -> String {
        var out = "# hooksim load: \(scenario) / \(topology)\n\n| | |\n|---|---|\n"
        for (k, v) in rows { out += "| \(k) | \(v.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        return out
    }

    func html() -> String {
        var out = """
            <!doctype html><html><head><meta charset="utf-8"><title>hooksim load: \(SVGChart.escape(scenario))</title>
            <style>body{font-family:system-ui,sans-serif;margin:2em}td{padding:.2em .8em;border-bottom:1px solid #ddd}</style>
            </head><body><h1>hooksim load: \(SVGChart.escape(scenario)) / \(SVGChart.escape(topology))</h1><table>

            """
        for (k, v) in rows {
            out += "<tr><th align=left>\(SVGChart.escape(k))</th><td>\(SVGChart.escape(v))</td></tr>\n"
        }
        return out + "</table>\n" + latencyChart() + "\n</body></html>\n"
    }

    /// Latency as a cumulative distribution on a log time axis, from the histogram's buckets: the
    /// share of answered requests within a time; the gap at the top is the tail.
    func latencyChart() -> String {
        var c = SVGChart(title: "Latency: share of answered requests within a time")
        let y = { (f: Double) in c.bottom - f * (c.bottom - c.top) }
        c.yAxis([0, 0.25, 0.5, 0.75, 1].map { (y($0), JSONValue.format($0 * 100) + "%") }, title: "requests answered")
        let buckets = counts.latency.buckets().map { (ms: $0.upper / 1000, count: Double($0.count)) }
        guard let lowest = buckets.first?.ms, let highest = buckets.last?.ms else {
            c.xAxis([], title: "time from due to answer (log scale)")
            c.note("No request was answered")
            return c.rendered(id: "latency")
        }
        let ticks = HTMLReport.logTimeTicks
        let lo = ticks.last(where: { $0.ms <= lowest })?.ms ?? 0.1
        var hi = ticks.first(where: { $0.ms >= highest })?.ms ?? highest
        if hi <= lo { hi = lo * 10 }
        let x = { (ms: Double) in
            c.left + (log10(max(ms, lo)) - log10(lo)) / (log10(hi) - log10(lo)) * (c.right - c.left)
        }
        c.xAxis(
            ticks.filter { $0.ms >= lo && $0.ms <= hi }.map { (x($0.ms), $0.label) },
            title: speed == nil ? "time from send to answer (log scale)" : "time from due to answer (log scale)")
        let total = buckets.reduce(0) { $0 + $1.count }
        var seen = 0.0
        var points: [(Double, Double)] = [(x(buckets[0].ms), y(0))]
        for b in buckets {
            points.append((x(b.ms), y(seen / total)))
            seen += b.count
            points.append((x(b.ms), y(seen / total)))
        }
        points.append((c.right, y(1)))
        c.polyline(points, stroke: SVGChart.color(0), tooltip: "p99 " + ms(counts.latency.quantile(0.99)))
        return c.rendered(id: "latency")
    }
}
