import SimKit
import Testing

@testable import HookSim

/// The one reader of the scenario's distribution forms (DESIGN.md §6), through the loader: each
/// form as the README spells it, and each mistake reported at its own path.
@Suite struct ScenarioReaderDistributionTests {
    /// A small valid scenario whose network latency is `latency` (JSON5 text).
    static func scenario(latency: String) -> String { minimal(adding: "  network: {latency: \(latency)},") }

    @Test(arguments: [
        ("\"2s\"", Distribution.constant(.seconds(2))),
        ("{constant: \"3s\"}", .constant(.seconds(3))),
        ("{exponential: \"2s\"}", .exponential(mean: .seconds(2))),
        ("{uniform: [\"5m\", \"15m\"]}", .uniform(.minutes(5), .minutes(15))),
        ("{lognormal: {median: \"150ms\", p99: \"2s\"}}", .lognormal(median: .milliseconds(150), p99: .seconds(2))),
        ("{normal: {mean: \"1s\", stddev: \"200ms\"}}", .normal(mean: .seconds(1), stddev: .milliseconds(200))),
        ("{empirical: [[\"50ms\", 0.5], [\"2s\", 1.0]]}", .empirical([(.milliseconds(50), 0.5), (.seconds(2), 1)])),
    ])
    func readsEachForm(text: String, expected: Distribution) throws {
        let s = try ScenarioLoader.load(text: Self.scenario(latency: text), file: "d.json5")
        #expect(s.network.latency == expected)
    }

    @Test(arguments: [
        ("\"300\"", "unit", "network.latency"),
        ("5", "expected a duration such as \"2s\"", "network.latency"),
        ("{}", "found none", "network.latency"),
        ("{exponential: \"2s\", uniform: [\"1s\", \"2s\"]}", "found exponential, uniform", "network.latency"),
        ("{gamma: \"2s\"}", "gamma", "network.latency.gamma"),
        ("{uniform: [\"5m\"]}", "uniform takes two durations", "network.latency.uniform"),
        ("{uniform: [\"15m\", \"5m\"]}", "is below the lower", "network.latency.uniform"),
        ("{lognormal: {median: \"2s\", p99: \"1x\"}}", "unknown unit \"x\"", "network.latency.lognormal.p99"),
        ("{lognormal: {median: \"2s\"}}", "p99", "network.latency.lognormal"),
        ("{empirical: [[\"1s\", 0.5]]}", "must be 1", "network.latency.empirical"),
        ("{exponential: 2}", "duration", "network.latency.exponential"),
    ])
    func rejectsWrongForms(text: String, messagePart: String, path: String) {
        do {
            _ = try ScenarioLoader.load(text: Self.scenario(latency: text), file: "d.json5")
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.message.contains(messagePart), "\(error.message)")
            #expect(error.path == path, "\(error.path)")
        }
    }
}
