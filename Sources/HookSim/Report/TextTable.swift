/// A terminal table: a label column, one right-aligned column per topology, and section
/// headings ruled out to the full width.
///
/// Every line of a rendered table has the same visible width, so a reader's eye can run down
/// a column and CI logs stay tidy; colour codes are added after padding so they never shift
/// the alignment.
struct TextTable {
    /// How a cell is coloured when colour is on.
    enum Tone { case plain, good, warn, bad, dim }

    enum Line {
        case heading(String)
        case row(label: String, cells: [String], tones: [Tone])
    }

    var columns: [String]
    var lines: [Line] = []

    init(columns: [String]) { self.columns = columns }

    mutating func heading(_ title: String) { lines.append(.heading(title)) }

    /// Adds a row; missing tones are plain.
    mutating func row(_ label: String, _ cells: [String], tones: [Tone] = []) {
        lines.append(.row(label: label, cells: cells, tones: tones))
    }

    /// The table as lines of equal visible width, with ANSI colour when `color` is true.
    func render(color: Bool) -> String {
        let labelWidth = lines.reduce(0) { w, line in
            if case .row(let label, _, _) = line { return max(w, label.count + 2) }
            return w
        }
        var widths = columns.map(\.count)
        for case .row(_, let cells, _) in lines {
            for (i, c) in cells.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
        }
        let gap = 2
        var total = labelWidth + widths.reduce(0) { $0 + gap + $1 }
        for case .heading(let title) in lines { total = max(total, title.count + 4) }
        // NB: a long heading widens the table; the extra room goes to the label column.
        let labelPad = total - widths.reduce(0) { $0 + gap + $1 }
        var out: [String] = []
        var header = String(repeating: " ", count: labelPad)
        for (i, name) in columns.enumerated() {
            header += String(repeating: " ", count: gap) + paint(pad(name, widths[i]), "1", color)
        }
        out.append(header)
        for line in lines {
            switch line {
            case .heading(let title):
                let rule = String(repeating: "─", count: total - title.count - 1)
                out.append(paint(title, "1;36", color) + " " + paint(rule, "2", color))
            case .row(let label, let cells, let tones):
                var text = "  " + label + String(repeating: " ", count: labelPad - label.count - 2)
                for i in widths.indices {
                    let cell = i < cells.count ? cells[i] : ""
                    let tone = i < tones.count ? tones[i] : .plain
                    text += String(repeating: " ", count: gap) + paint(pad(cell, widths[i]), code(tone), color)
                }
                out.append(text)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }

    private func code(_ tone: Tone) -> String {
        switch tone {
        case .plain: return ""
        case .good: return "32"
        case .warn: return "33"
        case .bad: return "31"
        case .dim: return "2"
        }
    }

    private func paint(_ s: String, _ code: String, _ color: Bool) -> String {
        color && !code.isEmpty ? "\u{1B}[\(code)m" + s + "\u{1B}[0m" : s
    }
}
