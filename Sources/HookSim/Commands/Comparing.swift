/// Side-by-side comparison; replaced by the report renderers' comparison when they land.
enum Comparing {
    static func render(_ reports: [ScenarioReport], format: OutputFormat) -> String {
        JSONValue.array(reports.map(\.json)).rendered() + "\n"
    }
}
