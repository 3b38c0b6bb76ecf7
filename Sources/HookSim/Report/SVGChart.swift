/// A small builder for inline SVG charts: a plot area with axes, ticks, grid, a legend, and
/// marks in pixel coordinates.
///
/// HTML reports must open with no network and be byte-identical for the same run, so charts
/// are drawn here rather than by a script or a library: every coordinate is printed with a
/// fixed one-decimal format, and every colour and order comes from the caller's arrays.
struct SVGChart {
    let width: Double
    let height: Double
    /// Plot area in pixels.
    let left: Double, top: Double, right: Double, bottom: Double
    var marks = ""
    private var title: String

    /// A chart whose plot area leaves room for a title and legend above and axis labels below and left.
    init(title: String, width: Double = 560, height: Double = 330, legendRows: Int = 1, left: Double = 64) {
        self.title = title
        self.width = width
        self.height = height
        self.left = left
        right = width - 16
        top = 34 + Double(legendRows) * 18
        bottom = height - 44
    }

    /// Colours for topologies: the Okabe–Ito palette, distinguishable with common colour blindness.
    static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]

    static func color(_ i: Int) -> String { series[i % series.count] }

    /// Dash patterns by topology index: where two topologies' lines coincide, the dashes of the one
    /// drawn on top let the other show through, so no topology silently disappears from a chart.
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "4 4", "1 2"]

    static func dash(_ i: Int) -> String { dashes[i % dashes.count] }

    /// Colours for categories (drop reasons, duplicate kinds), disjoint from `series` so a
    /// category is never read as a topology.
    static let categories = [
        "#7f7f7f", "#bcbd22", "#aec7e8", "#17becf", "#9467bd", "#8c564b", "#d62728", "#ff7f0e", "#e377c2",
    ]

    /// A coordinate with one decimal, from integer arithmetic so output never depends on float printing.
    static func num(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        let tenths = Int64((d * 10).rounded())
        let whole = String(abs(tenths) / 10)
        let frac = abs(tenths) % 10
        return (tenths < 0 ? "-" : "") + (frac == 0 ? whole : whole + "." + String(frac))
    }

    /// Text made safe for SVG and HTML content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Rough width of a label in pixels at `size`, for layout (no font metrics are available offline).
    static func textWidth(_ s: String, size: Double = 12) -> Double { Double(s.count) * size * 0.58 }

    /// Up to about `target` round steps (1, 2 or 5 × 10^k, at least `minStep`) covering 0…max.
    static func niceTicks(max: Double, target: Int = 5, minStep: Double = 1) -> [Double] {
        let top = Swift.max(max, minStep)
        var step = minStep
        var magnitude = minStep
        search: while true {
            for m in [1.0, 2.0, 5.0] where magnitude * m >= minStep {
                step = magnitude * m
                if top / step <= Double(target) { break search }
            }
            magnitude *= 10
        }
        let n = Int((top / step).rounded(.up))
        return (0...n).map { Double($0) * step }
    }

    mutating func text(
        _ x: Double, _ y: Double, _ s: String, anchor: String = "middle", size: Double = 11, fill: String = "#333",
        weight: String? = nil, rotate: Double? = nil
    ) {
        var attrs =
            "x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" text-anchor=\"\(anchor)\" font-size=\"\(Self.num(size))\" fill=\"\(fill)\""
        if let weight { attrs += " font-weight=\"\(weight)\"" }
        if let rotate { attrs += " transform=\"rotate(\(Self.num(rotate)) \(Self.num(x)) \(Self.num(y)))\"" }
        marks += "<text \(attrs)>\(Self.escape(s))</text>\n"
    }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#ccc", dash: Bool = false
    ) {
        marks +=
            "<line x1=\"\(Self.num(x1))\" y1=\"\(Self.num(y1))\" x2=\"\(Self.num(x2))\" y2=\"\(Self.num(y2))\""
            + " stroke=\"\(stroke)\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>\n"
    }

    /// A filled rectangle with a hover title (the exact figure) for readers who want it.
    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, tooltip: String? = nil) {
        let shape =
            "<rect x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" width=\"\(Self.num(max(0, w)))\""
            + " height=\"\(Self.num(max(0, h)))\" fill=\"\(fill)\""
        if let tooltip {
            marks += shape + "><title>\(Self.escape(tooltip))</title></rect>\n"
        } else {
            marks += shape + "/>\n"
        }
    }

    mutating func polyline(
        _ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String = "", tooltip: String? = nil
    ) {
        guard !points.isEmpty else { return }
        let pts = points.map { Self.num($0.0) + "," + Self.num($0.1) }.joined(separator: " ")
        marks +=
            "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.num(width))\""
            + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")
            + " stroke-linejoin=\"round\" stroke-opacity=\"0.85\">"
            + (tooltip.map { "<title>\(Self.escape($0))</title>" } ?? "") + "</polyline>\n"
    }

    /// A filled polygon, translucent, for confidence bands drawn behind a line.
    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double = 0.18) {
        guard points.count > 2 else { return }
        let pts = points.map { Self.num($0.0) + "," + Self.num($0.1) }.joined(separator: " ")
        marks += "<polygon points=\"\(pts)\" fill=\"\(fill)\" fill-opacity=\"\(Self.num(opacity))\" stroke=\"none\"/>\n"
    }

    /// A small filled circle with a hover title: one point of a line chart.
    mutating func dot(_ x: Double, _ y: Double, fill: String, tooltip: String) {
        marks +=
            "<circle cx=\"\(Self.num(x))\" cy=\"\(Self.num(y))\" r=\"3\" fill=\"\(fill)\"><title>\(Self.escape(tooltip))</title></circle>\n"
    }

    /// The y axis: grid lines and labels at `ticks` (pixel y, label), and a rotated axis title.
    mutating func yAxis(_ ticks: [(Double, String)], title: String) {
        for (y, label) in ticks {
            line(left, y, right, y, stroke: "#e4e4e4")
            text(left - 6, y + 4, label, anchor: "end", size: 10, fill: "#555")
        }
        line(left, top, left, bottom, stroke: "#888")
        text(14, (top + bottom) / 2, title, size: 11, fill: "#333", rotate: -90)
    }

    /// Small grey text at the top right, such as the metric path under a human title.
    mutating func subtitle(_ s: String) { text(right, 20, s, anchor: "end", size: 9, fill: "#888") }

    /// The x axis: tick marks and labels at `ticks` (pixel x, label), and an axis title below.
    mutating func xAxis(_ ticks: [(Double, String)], title: String) {
        line(left, bottom, right, bottom, stroke: "#888")
        for (x, label) in ticks {
            line(x, bottom, x, bottom + 4, stroke: "#888")
            text(x, bottom + 16, label, size: 10, fill: "#555")
        }
        text((left + right) / 2, height - 8, title, size: 11, fill: "#333")
    }

    /// A legend of coloured swatches in rows under the title, wrapping at the chart's width.
    mutating func legend(_ items: [(label: String, color: String)]) {
        var x = left
        var y = 40.0
        for item in items {
            let w = 16 + Self.textWidth(item.label, size: 11) + 14
            if x + w > right, x > left {
                x = left
                y += 18
            }
            rect(x, y - 9, 10, 10, fill: item.color)
            text(x + 14, y, item.label, anchor: "start", size: 11, fill: "#333")
            x += w
        }
    }

    /// A legend of short line samples, dashed as the lines are, for charts of lines.
    mutating func lineLegend(_ items: [(label: String, color: String, dash: String)]) {
        var x = left
        var y = 40.0
        for item in items {
            let w = 22 + Self.textWidth(item.label, size: 11) + 14
            if x + w > right, x > left {
                x = left
                y += 18
            }
            marks +=
                "<line x1=\"\(Self.num(x))\" y1=\"\(Self.num(y - 4))\" x2=\"\(Self.num(x + 18))\" y2=\"\(Self.num(y - 4))\""
                + " stroke=\"\(item.color)\" stroke-width=\"2.5\""
                + (item.dash.isEmpty ? "" : " stroke-dasharray=\"\(item.dash)\"")
                + "/>\n"
            text(x + 22, y, item.label, anchor: "start", size: 11, fill: "#333")
            x += w
        }
    }

    /// How many legend rows `items` need, so the plot area can be placed below them.
    static func legendRows(_ labels: [String], width: Double = 560) -> Int {
        var x = 64.0
        var rows = 1
        for label in labels {
            let w = 16 + textWidth(label, size: 11) + 14
            if x + w > width - 16, x > 64 {
                x = 64
                rows += 1
            }
            x += w
        }
        return rows
    }

    /// A centred note in the plot area, so a chart with nothing to draw says why instead of looking broken.
    mutating func note(_ s: String) {
        text((left + right) / 2, (top + bottom) / 2, s, size: 13, fill: "#777")
    }

    /// The finished `<svg>` element, sized by its viewBox so it scales with the page.
    ///
    /// NB: no `xmlns`: inline SVG in HTML5 needs none, and the page must hold no URL at all.
    func rendered(id: String) -> String {
        "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(Self.num(width)) \(Self.num(height))\""
            + " role=\"img\" aria-label=\"\(Self.escape(title))\">\n"
            + "<text x=\"\(Self.num(left))\" y=\"20\" font-size=\"14\" font-weight=\"600\" fill=\"#222\">\(Self.escape(title))</text>\n"
            + marks + "</svg>"
    }
}
