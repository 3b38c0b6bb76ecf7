/// Renders a scenario's report in one of the output formats.
enum Rendering {
    static func render(_ format: OutputFormat, _ report: ScenarioReport, _ scenario: Scenario, color: Bool) -> String {
        switch format {
        case .json: return report.json.rendered() + "\n"
        case .text: return TextReport.render(report, scenario: scenario, color: color)
        case .md: return MarkdownReport.render(report, scenario: scenario)
        case .html: return HTMLReport.render(report, scenario: scenario)
        }
    }
}
