/// The output formats of `hooksim` reports.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, md, html
}

/// Every topology of several scenario runs side by side, with differences from the first
/// column marked, so an architect sees at a glance what a change of topology (or of scenario:
/// load, seed, Jira kind) does to each measure.
public enum ComparisonReport {
    /// Renders the comparison.
    /// - Parameters:
    ///   - reports: scenario runs; their topologies become columns in order, headed `scenario/topology`.
    ///   - format: `text` and `md` mark differences `▲ +20` / `▼ −3` and the best value with `✓`;
    ///     `html` uses classes coloured by better or worse; `json` gives the raw values per row.
    /// - Returns: the document; deterministic for the same input.
    public static func render(_ reports: [ScenarioReport], format: ReportFormat) -> String {
        let columns = reports.flatMap { r in r.topologies.map { (name: r.scenario + "/" + $0.topology, report: $0) } }
        let rows = rows(columns.map(\.report))
        switch format {
        case .json: return json(reports, columns.map(\.name), rows)
        case .text: return text(columns.map(\.name), rows)
        case .md: return markdown(columns.map(\.name), rows)
        case .html: return html(columns.map(\.name), rows)
        }
    }

    /// The summary measures across `columns`.
    ///
    /// Counts are ranked only when every column intended the same updates: 500 drops of 10,000
    /// intended is better than 400 of 1,000, so across different scenarios (or loads) only
    /// shares, ratios and times say which is best.
    static func rows(_ columns: [TopologyReport]) -> [Row] {
        let intents = columns.map { $0.figures.outcome.intended }
        let sameIntent = intents.allSatisfy { $0 == intents.first }
        return ReportRow.summary.map { m in
            Row(measure: m, values: columns.map { m.value(in: $0) }, ranked: sameIntent || m.kind != .count)
        }
    }

    /// One measure across all columns, with what to mark.
    struct Row {
        var measure: ReportRow
        /// One value per column; nil where the measure has nothing to show (latency with no applied update).
        var values: [Double?]
        /// Whether a best value is marked: false for counts of columns that intended different updates.
        var ranked = true

        /// Columns holding the best value, or none when every column prints the same value or
        /// the measure has no better direction.
        var best: Set<Int> {
            let known = values.compactMap { $0 }
            guard ranked, let first = known.first, known.contains(where: { !measure.same($0, first) }) else {
                return []
            }
            let target: Double?
            switch measure.better {
            case .lower: target = known.min()
            case .higher: target = known.max()
            case .neither: target = nil
            }
            guard let target else { return [] }
            return Set(values.indices.filter { values[$0].map { measure.same($0, target) } ?? false })
        }

        /// The marked difference from the first column (`▲ +20`), or nil when it prints the same
        /// or either side has no value.
        func delta(_ i: Int) -> (text: String, up: Bool)? {
            guard i > 0, let base = values.first ?? nil, let v = values[i], !measure.same(v, base) else { return nil }
            let d = measure.printedPrecision(v) - measure.printedPrecision(base)
            return ((d > 0 ? "▲ " : "▼ ") + measure.formatDelta(d), d > 0)
        }

        /// Whether the change from the first column is an improvement (nil: no direction or no value).
        func improved(_ i: Int) -> Bool? {
            guard let base = values.first ?? nil, let v = values[i] else { return nil }
            switch measure.better {
            case .lower: return v < base
            case .higher: return v > base
            case .neither: return nil
            }
        }

        /// The value as printed, `—` when there is none.
        func formatted(_ i: Int) -> String { values[i].map(measure.format) ?? "—" }

        /// A cell for text and Markdown: the value, its mark, and `✓` on the best.
        func plainCell(_ i: Int) -> String {
            var cell = formatted(i)
            if let d = delta(i) { cell += " " + d.text }
            if best.contains(i) { cell += " ✓" }
            return cell
        }
    }

    private static func json(_ reports: [ScenarioReport], _ names: [String], _ rows: [Row]) -> String {
        let scenarios = JSONValue.array(
            reports.map { r in
                .object([
                    ("scenario", .string(r.scenario)), ("seed", .int(Int(truncatingIfNeeded: r.seed))),
                    ("topologies", .array(r.topologies.map { .string($0.topology) })),
                ])
            })
        let rowValues = JSONValue.array(
            rows.map { row in
                .object([
                    ("path", .string(row.measure.path)),
                    (
                        "values",
                        .array(
                            row.values.map { v -> JSONValue in
                                guard let v else { return .null }
                                return v.isFinite && abs(v) < 1e15 && v == v.rounded() ? .int(Int(v)) : .double(v)
                            })
                    ),
                    ("best", .array(row.best.sorted().map { .int($0) })),
                ])
            })
        return JSONValue.object([
            ("scenarios", scenarios), ("columns", .array(names.map { .string($0) })), ("rows", rowValues),
        ])
        .rendered() + "\n"
    }

    private static func text(_ names: [String], _ rows: [Row]) -> String {
        var table = TextTable(columns: names)
        table.heading("Compared with the first column (▲ higher, ▼ lower, ✓ best)")
        for row in rows {
            table.row(row.measure.label, row.values.indices.map(row.plainCell))
        }
        return table.render(color: false)
    }

    private static func markdown(_ names: [String], _ rows: [Row]) -> String {
        var out =
            "# HookSim comparison\n\nEach column is `scenario/topology`. Values that differ from the first column are "
            + "marked ▲ (higher) or ▼ (lower) with the difference; ✓ marks the best value of a row (counts only when "
            + "every column intended the same updates).\n\n"
        let mdRows = rows.map { row in
            [row.measure.label + " `" + row.measure.path + "`"]
                + row.values.indices.map { i in row.best.contains(i) ? "**" + row.plainCell(i) + "**" : row.plainCell(i)
                }
        }
        out += MarkdownReport.table(["measure"] + names.map(MarkdownReport.inline), mdRows, rightAligned: true)
        return out
    }

    private static func html(_ names: [String], _ rows: [Row]) -> String {
        let e = SVGChart.escape
        var body =
            "<h1>HookSim comparison</h1>\n<p class=\"meta\">Each column is scenario/topology. Differences from the "
            + "first column are marked ▲/▼, green when better and red when worse; the best value of a row is shaded.</p>\n"
        body +=
            "<table>\n<thead><tr><th>measure</th>" + names.map { "<th>\(e($0))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in rows {
            let best = row.best
            body += "<tr><th title=\"\(e(row.measure.path))\">\(e(row.measure.label))</th>"
            for i in row.values.indices {
                var classes: [String] = []
                if best.contains(i) { classes.append("best") }
                var cell = e(row.formatted(i))
                if let d = row.delta(i) {
                    if let better = row.improved(i) { classes.append(better ? "better" : "worse") }
                    cell += "<span class=\"delta\">\(e(d.text))</span>"
                }
                body +=
                    "<td" + (classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"") + ">\(cell)</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody>\n</table>\n"
        return HTMLReport.page(title: "HookSim comparison", body: body)
    }
}
