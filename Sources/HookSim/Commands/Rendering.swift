/// Renders a scenario's report in one of the output formats.
enum Rendering {
    static func render(_ format: OutputFormat, _ report: ScenarioReport, _ scenario: Scenario, color: Bool) -> String {
        switch format {
        case .json: return report.json.rendered() + "\n"
        case .text, .md, .html: return report.json.rendered() + "\n"
        }
    }
}
