import Foundation
import Testing

@testable import HookSim

/// The shipped scenarios (`Scenarios/*.json5`) and the reports committed for them (`Results/`):
/// every file loads, documents itself, asserts something, and its assertions hold; every committed
/// report is exactly what the tool writes for it today.
@Suite struct ShippedScenarioTests {
    /// The package root, found from this source file so the tests run from any directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Scenarios")
    static let results = root.appendingPathComponent("Results")

    /// Scenarios too large to simulate in a debug build in reasonable time (release: about a second).
    static let heavy: Set<String> = ["enterprise-day"]

    #if DEBUG
        static let isDebug = true
    #else
        static let isDebug = false
    #endif

    /// Every `*.json5` file name in `Scenarios/`, sorted.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return names.filter { $0.hasSuffix(".json5") }.sorted()
    }()

    /// The files this build simulates: all of them in release, all but the heavy ones in debug.
    static let simulated: [String] = files.filter { !(isDebug && heavy.contains(base($0))) }

    static func base(_ file: String) -> String { String(file.dropLast(".json5".count)) }

    static func load(_ file: String) throws -> Scenario {
        try ScenarioLoader.load(path: scenarios.appendingPathComponent(file).path)
    }

    @Test func theShippedSetIsThere() {
        #expect(Self.files.count >= 9, "Scenarios/ holds \(Self.files.count) files")
        for required in [
            "single-vs-multi", "partitioned-run-as", "mixed-versions", "jql-security", "run-as-changed",
            "outage-cloud-vs-datacenter", "bulk-edit-storm", "datacenter-sync-vs-async", "enterprise-day",
        ] {
            #expect(Self.files.contains(required + ".json5"), "Scenarios/\(required).json5 is missing")
        }
    }

    /// Loads, starts with a `//` comment block, is named after its file (so its reports land in
    /// `Results/<file name>/`), uses a kebab-case name, and asserts at least one expectation.
    @Test(arguments: files) func loadsAndDocumentsItself(_ file: String) throws {
        let text = try String(contentsOf: Self.scenarios.appendingPathComponent(file), encoding: .utf8)
        #expect(text.hasPrefix("//"), "\(file) must start with a // comment saying what it shows")
        let scenario = try Self.load(file)
        #expect(scenario.name == Self.base(file), "\(file): name '\(scenario.name)' differs from the file name")
        #expect(Self.base(file).allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" })
        #expect(!scenario.expect.isEmpty, "\(file) asserts nothing")
        for t in scenario.topologies {
            let own = scenario.expect.filter { $0.topology == "*" || $0.topology == t.name }
            #expect(!own.isEmpty, "\(file): topology '\(t.name)' has no expectation")
        }
    }

    /// Simulates the scenario and checks its `expect` block, as `hooksim check` does.
    @Test(arguments: simulated) func expectationsHold(_ file: String) throws {
        let scenario = try Self.load(file)
        let report = try Simulator.run(scenario)
        let outcomes = report.evaluate(scenario.expect)
        #expect(outcomes.count == scenario.topologies.count)
        for o in outcomes {
            #expect(o.checked > 0, "\(file) / \(o.topology): no expectation checked")
            #expect(o.passed, "\(file) / \(o.topology): \(o.failures.joined(separator: "; "))")
        }
    }

    /// `Results/<scenario>/report.{json,md,html}` are what `hooksim check Scenarios --save` writes
    /// today, byte for byte (regenerate them with that command; never edit them by hand).
    @Test(arguments: simulated) func committedResultsAreCurrent(_ file: String) throws {
        let scenario = try Self.load(file)
        var report = try Simulator.run(scenario)
        // NB: as 'hooksim check Scenarios --save' names the file.
        report.command = ScenarioReport.command(file: "Scenarios/" + file, sets: [], seed: report.seed, topologies: [])
        let folder = Self.results.appendingPathComponent(OutputFiles.folderName(scenario.name))
        for (format, name) in [(OutputFormat.json, "report.json"), (.md, "report.md"), (.html, "report.html")] {
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                Issue.record(
                    "Results/\(OutputFiles.folderName(scenario.name))/\(name) is missing: run 'hooksim check Scenarios --save'"
                )
                continue
            }
            let fresh = Rendering.render(format, report, scenario, color: false)
            #expect(
                String(decoding: data, as: UTF8.self) == fresh,
                "Results/\(OutputFiles.folderName(scenario.name))/\(name) is stale: run 'hooksim check Scenarios --save'"
            )
        }
        #expect(
            String(
                decoding: FileManager.default.contents(atPath: folder.appendingPathComponent("report.json").path)
                    ?? Data(), as: UTF8.self)
                == report.json.rendered() + "\n")
    }

    /// Every scenario has its reports in `Results/`, heavy ones included (their content is checked
    /// in release builds; in debug only their presence is).
    @Test(arguments: files) func resultsExist(_ file: String) {
        for name in ["report.json", "report.md", "report.html"] {
            let path = Self.results.appendingPathComponent(Self.base(file)).appendingPathComponent(name).path
            #expect(FileManager.default.fileExists(atPath: path), "\(path) is missing")
        }
    }
}
