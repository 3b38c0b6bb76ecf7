/// The Markdown report written to `Results/<scenario>/`: committed and diffed, so it holds no
/// timestamps or host names and is byte-identical for the same run.
public enum MarkdownReport {
    /// Renders a scenario run: the verdict, the answers and the differences between topologies
    /// first, then the summary table, what the notable figures mean, and the detail tables.
    ///
    /// NB: no H1 before the findings: pasted into a pull request, the first screen must say what
    /// happened (as `compare` does), not repeat the scenario's name in large type.
    public static func render(_ report: ScenarioReport, scenario: Scenario) -> String {
        let ts = report.topologies
        var out = "**Verdict: \(inline(Verdict.headline(report)))** · HookSim `\(inline(report.scenario))`\n\n"
        out += expectations(Verdict.lines(report))
        for t in ts { out += "- **\(inline(t.topology))**\(inline(String(t.answer.dropFirst(t.topology.count))))\n" }
        if !ts.isEmpty { out += "\n" }
        out += differences(ts)
        if !report.command.isEmpty { out += "Reproduce: `\(inline(report.command))`\n\n" }
        if !scenario.description.isEmpty { out += inline(scenario.description) + "\n\n" }
        out +=
            "Seed \(report.seed); \(scenario.duration.format()) of Jira activity, then \(scenario.drain.format())"
            + " for deliveries to settle. Every topology ran on the identical Jira activity.\n\n"
        guard !ts.isEmpty else { return out + "No topology was run.\n" }
        let header = ["measure"] + ts.map { inline($0.topology) }

        out += "## Summary\n\n"
        let compared = ComparisonReport.rows(ts)
        var rows = [["applied / intended"] + ts.map(ReportRow.appliedCell)]
        for row in compared where row.measure.path != "intended" {
            rows.append([row.measure.label] + row.values.indices.map(row.plainCell))
        }
        if ts.count > 1 {
            out += "Compared with **\(inline(ts[0].topology))** (▲ higher, ▼ lower, ✓ best).\n\n"
        }
        out += table(header, rows, rightAligned: true) + "\n"

        out += "## What this means\n\n"
        for f in ReportFindings.of(report) { out += "- **\(inline(f.topology))** \(inline(f.text)).\n" }
        out += "\n"

        out += "## Drops by reason\n\n"
        let reasons = ReportRow.droppedReasons(ts)
        if reasons.isEmpty {
            out += "No topology dropped an intended update.\n\n"
        } else {
            var dropRows = reasons.map { r in
                ["`\(r.name)`"] + ts.map { HumanFormat.count($0.figures.dropped.byReason[r.index]) }
            }
            dropRows.append(["**total**"] + ts.map { "**" + HumanFormat.count($0.figures.dropped.total) + "**" })
            out += table(["reason"] + header.dropFirst(), dropRows, rightAligned: true) + "\n"
        }

        out += "## Per integration\n\n"
        var integrationRows: [[String]] = []
        for id in ReportRow.integrations(ts) {
            for field in ReportRow.integrationRows {
                integrationRows.append(
                    ["`\(inline(id))` " + field.label]
                        + ts.map { t in t.figures.integration(id).map { HumanFormat.count(field.read($0)) } ?? "—" })
            }
        }
        out += table(["integration"] + header.dropFirst(), integrationRows, rightAligned: true) + "\n"

        out += "## Per webhook\n\n"
        var hookRows: [[String]] = []
        for hook in ReportRow.webhooks(ts) {
            for field in ReportKey.webhookFields {
                hookRows.append(
                    ["`\(inline(hook))` " + field.name]
                        + ts.map { t in t.figures.webhook(hook).map { HumanFormat.count(field.read($0)) } ?? "—" })
            }
        }
        out +=
            hookRows.isEmpty
            ? "No webhooks.\n\n" : table(["webhook"] + header.dropFirst(), hookRows, rightAligned: true) + "\n"

        out += "## Writes by author\n\n"
        let authorRows = ReportRow.authors(ts).map { user in
            [inline(user)] + ts.map { t in t.figures.writes(by: user).map(HumanFormat.count) ?? "—" }
        }
        out += table(["Aha! user"] + header.dropFirst(), authorRows, rightAligned: true)
        return out
    }

    /// Failed expectations in full; passing ones folded into a `<details>` block when there are
    /// more than three, so in a pull request the answers and differences stay on the first screen.
    static func expectations(_ lines: [String]) -> String {
        guard !lines.isEmpty else { return "" }
        let failed = lines.filter { $0.hasPrefix("✗") }
        let passed = lines.filter { !$0.hasPrefix("✗") }
        var out = failed.map { "- \(inline($0))\n" }.joined()
        if passed.count > 3 {
            out +=
                (failed.isEmpty ? "" : "\n") + "<details><summary>\(passed.count) expectations hold</summary>\n\n"
                + passed.map { "- \(inline($0))\n" }.joined() + "\n</details>\n"
        } else {
            out += passed.map { "- \(inline($0))\n" }.joined()
        }
        return out + "\n"
    }

    /// Measures of outcome and harm whose change between topologies a reviewer reads first.
    static let headlinePaths: Set<String> = [
        "applied", "dropped.total", "duplicates.visible", "duplicateWrites", "staleOverwrites", "divergentRecords",
        "exposure.total", "latency.p99", "deliveries.attempted", "aha.peakQueue",
    ]

    /// One line per topology after the first: how its outcome and harm differ from the first's,
    /// e.g. `- **dc-only** vs cloud-only: dropped ▲ +452 · latency p99 ▼ −25m 10s`.
    static func differences(_ ts: [TopologyReport]) -> String {
        guard ts.count > 1 else { return "" }
        let rows = ComparisonReport.rows(ts).filter { headlinePaths.contains($0.measure.path) }
        var out = "Differences from **\(inline(ts[0].topology))**:\n\n"
        for i in ts.indices.dropFirst() {
            let changes = rows.compactMap { row in row.delta(i).map { row.measure.label + " " + $0.text } }
            out +=
                "- **\(inline(ts[i].topology))**: "
                + (changes.isEmpty ? "the same outcome" : changes.joined(separator: " · ")) + "\n"
        }
        return out + "\n"
    }

    /// A GitHub-flavoured table; the first column is left-aligned, the others right-aligned when asked.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Bool) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n|"
        for i in header.indices { out += i == 0 || !rightAligned ? " --- |" : " ---: |" }
        out += "\n"
        for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out
    }

    /// User text made safe inside a table cell or a line: no table breaks, no raw HTML tags, one line.
    ///
    /// NB: `&` stays as typed so the raw file reads naturally; without `<` no entity can form a tag.
    static func inline(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
