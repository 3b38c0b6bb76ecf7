/// The self-contained HTML report: tables and inline SVG charts in one file that opens with no
/// network (no script, no external font, no URL), byte-identical for the same run so it can be
/// committed next to the JSON and Markdown reports.
public enum HTMLReport {
    /// Renders a scenario run as one HTML page.
    /// - Parameters:
    ///   - report: the run, topologies in file order (colours follow that order in every chart).
    ///   - scenario: the scenario that was run, for its description and durations.
    /// - Returns: a complete `<!DOCTYPE html>` document; all user text is escaped.
    public static func render(_ report: ScenarioReport, scenario: Scenario) -> String {
        let ts = report.topologies
        let e = SVGChart.escape
        var body = "<h1>HookSim report: \(e(report.scenario))</h1>\n"
        if !scenario.description.isEmpty { body += "<p class=\"desc\">\(e(scenario.description))</p>\n" }
        body += "<p class=\"verdict\"><strong>Verdict: \(e(Verdict.headline(report)))</strong></p>\n"
        let verdictLines = Verdict.lines(report)
        if !verdictLines.isEmpty {
            // NB: many expectations go in two columns, so the answers below stay on the first screen.
            let cls = verdictLines.count > 8 ? "expectations two" : "expectations"
            body += "<ul class=\"\(cls)\">" + verdictLines.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        }
        if !ts.isEmpty {
            body += "<ul class=\"answers\">\n"
            for t in ts {
                body +=
                    "<li><b>\(e(t.topology))</b>\(codeSpans(e(String(t.answer.dropFirst(t.topology.count))))).</li>\n"
            }
            body += "</ul>\n"
        }
        if !report.command.isEmpty { body += "<p>Reproduce: <code>\(e(report.command))</code></p>\n" }
        body +=
            "<p class=\"meta\">Seed \(report.seed) · \(e(scenario.duration.format())) of Jira activity, then "
            + "\(e(scenario.drain.format())) for deliveries to settle · every topology ran on the identical Jira activity.</p>\n"
        guard !ts.isEmpty else {
            return page(title: "HookSim report: " + report.scenario, body: body + "<p>No topology was run.</p>\n")
        }
        let header = ["measure"] + ts.map(\.topology)

        body += timeCharts(ts)
        // NB: a chart with nothing to draw is left out rather than drawn as a placeholder.
        let totals = [latencyChart(ts), dropsChart(ts), duplicatesChart(ts)].filter { !$0.isEmpty }
        if !totals.isEmpty {
            body += "<h2>Totals</h2>\n<div class=\"charts\">\n" + totals.map { $0 + "\n" }.joined() + "</div>\n"
        }

        body += "<h2>What this means</h2>\n<ul class=\"findings\">\n"
        for f in ReportFindings.of(report) { body += "<li><b>\(e(f.topology))</b> \(e(f.text)).</li>\n" }
        body += "</ul>\n"

        body += "<h2>Summary</h2>\n"
        var rows: [[Cell]] = [
            [Cell("applied / intended")]
                + ts.map {
                    Cell(
                        ReportRow.appliedCell($0),
                        $0.figures.outcome.applied < $0.figures.outcome.intended ? "warn" : "")
                }
        ]
        for m in ReportRow.summary where m.path != "intended" && m.path != "applied" {
            rows.append(
                [Cell(m.label)]
                    + ts.map { t in
                        let v = m.value(in: t)
                        return Cell(
                            m.cell(t), harmful.contains(m.path) && (v ?? 0) > 0 ? "bad" : (v == nil ? "dim" : ""))
                    })
        }
        body += table(header, rows)

        body += "<h2>Drops by reason</h2>\n"
        let reasons = ReportRow.droppedReasons(ts)
        if reasons.isEmpty {
            body += "<p>No topology dropped an intended update.</p>\n"
        } else {
            var dropRows = reasons.map { r in
                [Cell(r.name, "code")] + ts.map { t in count(t.figures.dropped.byReason[r.index], bad: true) }
            }
            dropRows.append([Cell("total", "strong")] + ts.map { count($0.figures.dropped.total, bad: true) })
            body += table(["reason"] + header.dropFirst(), dropRows)
        }

        body += "<h2>Per integration</h2>\n"
        var integrationRows: [[Cell]] = []
        for id in ReportRow.integrations(ts) {
            for field in ReportRow.integrationRows {
                integrationRows.append(
                    [Cell(id + " · " + field.label)]
                        + ts.map {
                            count($0.figures.integration(id).map(field.read), bad: field.harmful)
                        })
            }
        }
        body += table(["integration"] + header.dropFirst(), integrationRows)

        body += "<h2>Per webhook</h2>\n"
        var hookRows: [[Cell]] = []
        for hook in ReportRow.webhooks(ts) {
            for field in ReportKey.webhookFields {
                hookRows.append(
                    [Cell(hook + " · " + field.name)]
                        + ts.map { count($0.figures.webhook(hook).map(field.read), bad: field.name == "exposure") })
            }
        }
        body += hookRows.isEmpty ? "<p>No webhooks.</p>\n" : table(["webhook"] + header.dropFirst(), hookRows)

        body += "<h2>Writes by author</h2>\n"
        let authorRows = ReportRow.authors(ts).map { user in
            [Cell(user)] + ts.map { count($0.figures.writes(by: user), bad: false) }
        }
        body += table(["Aha! user"] + header.dropFirst(), authorRows)
        return page(title: "HookSim report: " + report.scenario, body: body)
    }

    /// Escaped text with each `name` in backticks set as code, as Markdown shows it.
    static func codeSpans(_ escaped: String) -> String {
        let pieces = escaped.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count % 2 == 1 else { return escaped }  // NB: an unpaired backtick stays as typed.
        return pieces.enumerated().map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }
            .joined()
    }

    /// Summary rows where any non-zero value is harm to the Aha! data, shown in red.
    static let harmful: Set<String> = [
        "inFlight", "dropped.total", "duplicates.visible", "duplicates.comments", "duplicates.records",
        "duplicateWrites",
        "staleOverwrites", "divergentRecords", "exposure.total", "deliveries.lost", "aha.rateLimited",
    ]

    /// One table cell: plain text (escaped when rendered) and an optional CSS class.
    struct Cell {
        var text: String
        var cls: String
        init(_ text: String, _ cls: String = "") {
            self.text = text
            self.cls = cls
        }
    }

    private static func count(_ v: Int?, bad: Bool) -> Cell {
        guard let v else { return Cell("—", "dim") }
        return Cell(HumanFormat.count(v), bad && v > 0 ? "bad" : "")
    }

    /// A table whose first column holds labels and the others figures (right-aligned by CSS).
    static func table(_ header: [String], _ rows: [[Cell]]) -> String {
        let e = SVGChart.escape
        var out = "<table>\n<thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, c) in row.enumerated() {
                let tag = i == 0 ? "th" : "td"
                out += "<\(tag)\(c.cls.isEmpty ? "" : " class=\"\(c.cls)\"")>\(e(c.text))</\(tag)>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// The page shell shared with the comparison report: inline CSS only, system fonts only.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(SVGChart.escape(title))</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 24px auto; max-width: 1160px; padding: 0 16px; line-height: 1.4; }
        h1 { font-size: 24px; margin: 0 0 6px; }
        h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .desc { font-size: 15px; margin: 4px 0; }
        .meta { color: #666; font-size: 13px; margin: 4px 0 12px; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { padding: 3px 12px; border-bottom: 1px solid #eee; }
        thead th { text-align: right; border-bottom: 2px solid #ccc; background: #f6f6f6; }
        thead th:first-child, tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
        td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.bad { color: #b00020; font-weight: 600; }
        td.warn { color: #9a6700; font-weight: 600; }
        td.dim { color: #aaa; }
        th.code { font-family: ui-monospace, monospace; }
        th.strong { font-weight: 600; }
        td.best { background: #e6f4ea; font-weight: 600; }
        td.worse { color: #b00020; }
        td.better { color: #1a7f37; }
        .delta { font-size: 11px; margin-left: 6px; }
        .findings li { margin: 3px 0; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
        .answers li { margin: 3px 0; }
        .expectations { font-size: 14px; margin: 6px 0; }
        .expectations.two { columns: 2; column-gap: 32px; }
        .timegrid { display: grid; gap: 6px 12px; align-items: end; }
        .colhead { font-size: 13px; }
        .sw { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 6px; vertical-align: baseline; }
        svg.chart { width: 100%; height: auto; border: 1px solid #e4e4e4; border-radius: 4px; background: #fff; font-family: system-ui, sans-serif; }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}
