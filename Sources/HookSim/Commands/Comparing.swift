/// Side-by-side comparison of every topology of the given reports.
enum Comparing {
    static func render(_ reports: [ScenarioReport], format: OutputFormat) -> String {
        let text = ComparisonReport.render(reports, format: format)
        return text.hasSuffix("\n") ? text : text + "\n"
    }
}
