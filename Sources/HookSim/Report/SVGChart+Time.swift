/// Marks for charts over simulated time: per-step values drawn as stairs, and the scenario's
/// timeline drawn as labelled vertical marks.
///
/// A step holds one value from its start to the next step's start, so the series are drawn as
/// stairs, never as lines between midpoints that would invent values between two steps. Runs
/// of equal values are merged, which keeps a 500-step chart small.
extension SVGChart {
    /// The stair outline of `values` (one per step of `stepPx` pixels starting at `x0`), mapped by `y`.
    static func stairs(_ values: [Double], x0: Double, stepPx: Double, right: Double, y: (Double) -> Double) -> [(
        Double, Double
    )] {
        var points: [(Double, Double)] = []
        for (i, v) in values.enumerated() where i == 0 || v != values[i - 1] {
            let x = min(right, x0 + Double(i) * stepPx)
            if i > 0 { points.append((x, y(values[i - 1]))) }
            points.append((x, y(v)))
        }
        if let last = values.last { points.append((min(right, x0 + Double(values.count) * stepPx), y(last))) }
        return points
    }

    /// A band between the stairs `upper` and `lower` (stacked areas), with a hover title.
    mutating func band(
        upper: [Double], lower: [Double], x0: Double, stepPx: Double, y: (Double) -> Double, fill: String,
        opacity: Double = 0.9, tooltip: String
    ) {
        let top = Self.stairs(upper, x0: x0, stepPx: stepPx, right: right, y: y)
        let bottom = Self.stairs(lower, x0: x0, stepPx: stepPx, right: right, y: y)
        guard top.count > 1 else { return }
        let pts = (top + bottom.reversed()).map { Self.num($0.0) + "," + Self.num($0.1) }.joined(separator: " ")
        marks +=
            "<polygon points=\"\(pts)\" fill=\"\(fill)\" fill-opacity=\"\(Self.num(opacity))\" stroke=\"none\">"
            + "<title>\(Self.escape(tooltip))</title></polygon>\n"
    }

    /// A timeline entry: a dashed vertical line at `x` with its label at the top of the plot, and for
    /// an entry that lasts (an outage) a shaded span up to `untilX`. `row` staggers labels that
    /// would otherwise sit on top of each other.
    mutating func timeMark(x: Double, untilX: Double?, label: String, row: Int) {
        if let untilX, untilX > x {
            marks +=
                "<rect x=\"\(Self.num(x))\" y=\"\(Self.num(top))\" width=\"\(Self.num(untilX - x))\""
                + " height=\"\(Self.num(bottom - top))\" fill=\"#d7301f\" fill-opacity=\"0.12\">"
                + "<title>\(Self.escape(label))</title></rect>\n"
        }
        line(x, top, x, bottom, stroke: "#555", dash: true)
        let y = top + 10 + Double(row) * 11
        // NB: a label near the right edge is drawn leftwards so it stays inside the chart.
        let leftwards = x + Self.textWidth(label, size: 9) + 4 > right
        text(
            leftwards ? x - 3 : x + 3, y, label, anchor: leftwards ? "end" : "start", size: 9, fill: "#333",
            weight: "600")
    }
}
