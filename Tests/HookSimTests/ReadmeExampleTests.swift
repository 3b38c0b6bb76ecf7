import Foundation
import Testing

@testable import HookSim

/// The annotated scenario in the README is real: it loads, and its expectations hold.
@Suite struct ReadmeExampleTests {
    static var readme: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
    }

    @Test func annotatedScenarioRunsAndMeetsItsExpectations() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: "```json5\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let scenario = try ScenarioLoader.load(text: String(text[start.upperBound..<end.lowerBound]), file: "README.md")
        #expect(scenario.topologies.map(\.name) == ["single", "per-integration"])
        let outcomes = try Simulator.run(scenario).evaluate(scenario.expect)
        #expect(outcomes.count == 2)
        for o in outcomes { #expect(o.passed, "\(o.topology): \(o.failures)") }
    }
}
