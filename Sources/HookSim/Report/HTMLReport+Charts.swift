import Foundation

/// The charts of totals in the HTML report (those over time are in `HTMLReport+TimeCharts`).
/// Topology `i` has colour `SVGChart.color(i)` in every chart, so a reader learns the colours once.
extension HTMLReport {
    /// Round durations for a logarithmic time axis, in milliseconds, with their labels.
    static let logTimeTicks: [(ms: Double, label: String)] = [
        (1, "1ms"), (10, "10ms"), (100, "100ms"), (1_000, "1s"), (10_000, "10s"), (60_000, "1m"), (600_000, "10m"),
        (3_600_000, "1h"), (36_000_000, "10h"), (86_400_000, "1d"), (864_000_000, "10d"),
    ]

    /// The latency curve of one topology: (upper bound in ms, share of *intended* updates applied
    /// within it), a step per bucket. Scaled to intended, not to applied, so a topology that loses
    /// 27% of its updates ends at 73% instead of looking as complete as one that loses nothing.
    static func latencySteps(_ t: TopologyReport) -> [(ms: Double, share: Double)] {
        let intended = Double(max(t.figures.outcome.intended, t.latencyBuckets.reduce(0) { $0 + $1.count }))
        guard intended > 0, let first = t.latencyBuckets.first else { return [] }
        var seen = 0.0
        var points: [(ms: Double, share: Double)] = [(first.upperMs, 0)]
        for b in t.latencyBuckets {
            // NB: a step — the share holds until the next bucket's bound, then rises.
            points.append((b.upperMs, seen / intended))
            seen += Double(b.count)
            points.append((b.upperMs, seen / intended))
        }
        return points
    }

    /// Latency as cumulative distributions on a log time axis: how many intended updates arrived
    /// within a given time. Lines further left are faster; the gap at the top is the tail and the loss.
    /// - Returns: the chart, or "" when no topology applied an update (an empty chart is left out).
    static func latencyChart(_ ts: [TopologyReport]) -> String {
        let uppers = ts.flatMap { $0.latencyBuckets.map(\.upperMs) }
        guard let lowest = uppers.min(), let highest = uppers.max() else { return "" }
        let labels = ts.map { $0.topology + ($0.latencyBuckets.isEmpty ? " (no applied updates)" : "") }
        var c = SVGChart(
            title: "Latency: share of intended updates applied within a time",
            legendRows: SVGChart.legendRows(labels.map { $0 + "  " }))
        c.lineLegend(labels.enumerated().map { ($0.element, SVGChart.color($0.offset), SVGChart.dash($0.offset)) })
        let y = { (f: Double) in c.bottom - f * (c.bottom - c.top) }
        c.yAxis(
            [0, 0.25, 0.5, 0.75, 1].map { (y($0), HumanFormat.decimal($0 * 100, places: 0) + "%") },
            title: "of updates intended")
        let ticks = logTimeTicks
        let lo = ticks.last(where: { $0.ms <= lowest })?.ms ?? ticks[0].ms
        var hi = ticks.first(where: { $0.ms >= highest })?.ms ?? ticks[ticks.count - 1].ms
        if hi <= lo { hi = lo * 10 }
        let x = { (ms: Double) in
            c.left + (log10(max(ms, lo)) - log10(lo)) / (log10(hi) - log10(lo)) * (c.right - c.left)
        }
        c.xAxis(
            ticks.filter { $0.ms >= lo && $0.ms <= hi }.map { (x($0.ms), $0.label) },
            title: "time from Jira change to Aha! write (log scale)")
        // NB: no p50/p90/p99 guide lines: on a curve scaled to intended updates, 50% of intended is
        // not the median of applied ones, and a line labelled p50 there would mislead.
        for (i, t) in ts.enumerated() {
            let steps = latencySteps(t)
            guard let last = steps.last else { continue }
            let applied = t.figures.outcome.applied
            let intended = t.figures.outcome.intended
            let p99 = HumanFormat.duration(milliseconds: t.figures.latency.p99)
            let tip =
                "\(t.topology): \(HumanFormat.count(applied)) of \(HumanFormat.count(intended)) intended updates applied"
                + " (\(HumanFormat.percent(last.share))); p99 \(p99)"
            let points = steps.map { (x($0.ms), y($0.share)) } + [(c.right, y(last.share))]
            c.polyline(points, stroke: SVGChart.color(i), dash: SVGChart.dash(i), tooltip: tip)
            // NB: a marker where the curve levels off: the share reached, readable even under another line.
            c.dot(x(last.ms), y(last.share), fill: SVGChart.color(i), tooltip: tip)
        }
        return c.rendered(id: "latency")
    }

    /// Colours of the drop reasons, in the stage order of DESIGN.md §3 (`ReportPath.dropReasons`):
    /// the category palette, never a topology's colour.
    static let reasonColors = SVGChart.categories

    /// Dropped updates per topology, stacked by the reason each was lost.
    /// - Returns: the chart, or "" when nothing was dropped.
    static func dropsChart(_ ts: [TopologyReport]) -> String {
        guard ts.contains(where: { $0.figures.dropped.total > 0 }) else { return "" }
        let reasons = ReportRow.droppedReasons(ts)
        let legend = reasons.map { ($0.name, reasonColors[$0.index]) }
        var c = SVGChart(title: "Dropped updates by reason", legendRows: SVGChart.legendRows(legend.map(\.0)))
        c.legend(legend)
        let stacks = ts.map { t in
            reasons.map {
                (label: $0.name, value: Double(t.figures.dropped.byReason[$0.index]), color: reasonColors[$0.index])
            }
        }
        bars(&c, ts, stacks, axis: "updates dropped", empty: "No topology dropped an intended update")
        return c.rendered(id: "drops")
    }

    /// Duplicates a user sees in Aha!, per topology: comments and records, stacked.
    /// - Returns: the chart, or "" when no topology wrote a visible duplicate.
    static func duplicatesChart(_ ts: [TopologyReport]) -> String {
        guard ts.contains(where: { $0.figures.duplicates.visible > 0 }) else { return "" }
        let (comments, records) = (SVGChart.categories[5], SVGChart.categories[4])
        let legend = [("duplicate comments", comments), ("duplicate records", records)]
        var c = SVGChart(title: "Visible duplicates in Aha!", legendRows: SVGChart.legendRows(legend.map(\.0)))
        c.legend(legend)
        let stacks = ts.map { t in
            [
                (label: "duplicate comments", value: Double(t.figures.duplicates.comments), color: comments),
                (label: "duplicate records", value: Double(t.figures.duplicates.records), color: records),
            ]
        }
        bars(&c, ts, stacks, axis: "duplicates", empty: "No topology wrote a visible duplicate")
        return c.rendered(id: "duplicates")
    }

    /// Stacked vertical bars, one per topology, with the total above each bar.
    private static func bars(
        _ c: inout SVGChart, _ ts: [TopologyReport], _ stacks: [[(label: String, value: Double, color: String)]],
        axis: String, empty: String
    ) {
        let totals = stacks.map { $0.reduce(0) { $0 + $1.value } }
        let ticks = SVGChart.niceTicks(max: totals.max() ?? 0)
        let top = ticks.last ?? 1
        let (plotBottom, plotTop) = (c.bottom, c.top)
        let y = { (v: Double) in plotBottom - v / top * (plotBottom - plotTop) }
        c.yAxis(ticks.map { (y($0), HumanFormat.count($0)) }, title: axis)
        let slot = (c.right - c.left) / Double(max(1, ts.count))
        let barWidth = min(64, slot * 0.6)
        let maxChars = max(3, Int(slot / 6.4))
        c.xAxis(
            ts.enumerated().map { (c.left + slot * (Double($0.offset) + 0.5), shorten($0.element.topology, maxChars)) },
            title: "topology")
        for (i, stack) in stacks.enumerated() {
            let x = c.left + slot * (Double(i) + 0.5) - barWidth / 2
            var base = 0.0
            for part in stack where part.value > 0 {
                // NB: at least 2px, so a small non-zero part stays visible next to a tall bar.
                let h = max(2, y(base) - y(base + part.value))
                c.rect(
                    x, y(base) - h, barWidth, h, fill: part.color,
                    tooltip: "\(ts[i].topology): \(HumanFormat.count(part.value)) \(part.label)")
                base += part.value
            }
            c.text(
                x + barWidth / 2, y(totals[i]) - 5, HumanFormat.count(totals[i]), size: 11, fill: "#222", weight: "600")
        }
        if totals.allSatisfy({ $0 == 0 }) { c.note(empty) }
    }

    /// Ticks at a round step (1 minute … 1 week) giving at most `maxIntervals` intervals over the span.
    static func timeTicks(_ spanMs: Double, maxIntervals: Double = 8) -> [Double] {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map { $0 * 60_000 }
        let step = steps.first(where: { spanMs / $0 <= maxIntervals }) ?? spanMs / maxIntervals
        return stride(from: 0, through: spanMs + 1e-6, by: step).map { $0 }
    }

    /// A tick label for a simulated instant: `0`, `45m`, `2h`, `1h30m`.
    static func clockLabel(_ ms: Double) -> String {
        let minutes = Int((ms / 60_000).rounded())
        if minutes == 0 { return "0" }
        if minutes < 60 { return "\(minutes)m" }
        return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h\(minutes % 60)m"
    }

    /// A label cut to `max` characters with an ellipsis, so bar labels never overlap.
    static func shorten(_ s: String, _ max: Int) -> String { s.count <= max ? s : String(s.prefix(max - 1)) + "…" }
}
