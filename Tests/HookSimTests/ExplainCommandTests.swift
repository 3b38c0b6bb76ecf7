import Foundation
import SimKit
import Testing

@testable import HookSim

/// The command line of `explain`: options, errors naming the option, exit 2, and the report's hint.
@Suite struct ExplainCommandTests {
    @Test func parsesEveryOption() throws {
        let o = try ExplainCommand.parse([
            "s.json5", "--topology", "t", "--issue", "WEB-42", "--seed", "9", "--set", "activity.rate=60/h",
            "--change", "57", "--pair", "--reason", "permissionDenied", "--limit", "5", "--format", "json",
        ])
        let expected = ExplainCommand.Options(
            file: "s.json5", topology: "t", issue: "WEB-42", seed: 9, sets: ["activity.rate=60/h"], change: 57,
            pairsOnly: true, reason: .permissionDenied, limit: 5, json: true)
        #expect(o == expected)
        #expect(
            try Command.parse(["explain", "s.json5", "--issue", "WEB-1"])
                == .explain(arguments: ["s.json5", "--issue", "WEB-1"]))
        #expect(try Command.parse(["explain", "--help"]) == .help(topic: "explain"))
    }

    @Test(arguments: [
        (["s.json5"], "error: Missing expected option '--issue <key>' (or '--reason <reason>' to list cases)"),
        (
            ["s.json5", "--issue", "web42"],
            "error: The value 'web42' is invalid for '--issue <key>': expected an issue key such as WEB-42"
        ),
        (
            ["s.json5", "--reason", "permisionDenied"],
            "error: The value 'permisionDenied' is invalid for '--reason <reason>': did you mean 'permissionDenied'?"
        ),
        (
            ["s.json5", "--reason", "x", "--limit", "0"],
            "error: The value 'x' is invalid for '--reason <reason>': expected one of noWebhook, webhookDisabled, notSubscribed, jqlFiltered, versionMismatch, permissionDenied, deliveryFailed, rateLimited, recordMissing"
        ),
        (
            ["s.json5", "--issue", "WEB-1", "--limit", "0"],
            "error: The value '0' is invalid for '--limit <n>': expected a positive integer"
        ),
        (
            ["s.json5", "--issue", "WEB-1", "--format", "md"],
            "error: The value 'md' is invalid for '--format <format>': expected one of text, json"
        ),
        (["s.json5", "--issue", "WEB-1", "--isue"], "error: Unknown option '--isue'; did you mean '--issue'?"),
        (["--issue", "WEB-1"], "error: Missing expected argument '<file>'"),
    ])
    func usageErrors(arguments: [String], firstLine: String) {
        do {
            _ = try ExplainCommand.parse(arguments)
            Issue.record("expected an error for \(arguments)")
        } catch {
            #expect(error.description.split(separator: "\n").first.map(String.init) == firstLine)
        }
    }

    static var runAsChanged: String {
        ShippedScenarioTests.scenarios.appendingPathComponent("run-as-changed.json5").path
    }

    /// An unknown issue key is exit 2, names the option and lists close matches; an unknown project too.
    @Test func unknownIssueListsCloseMatches() {
        let c = Captured()
        let status = CLI.main(
            ["explain", Self.runAsChanged, "--topology", "unchanged", "--issue", "OPS-9999"], console: c.console)
        #expect(status == 2)
        #expect(c.stderr.hasPrefix("error: no issue 'OPS-9999' in topology 'unchanged'"))
        #expect(c.stderr.contains("for '--issue <key>'; close matches: OPS-99, OPS-199"))
        let p = Captured()
        #expect(
            CLI.main(["explain", Self.runAsChanged, "--topology", "unchanged", "--issue", "OSP-1"], console: p.console)
                == 2)
        #expect(p.stderr.contains("no project 'OSP'") && p.stderr.contains("did you mean 'OPS-1'?"))
        let t = Captured()
        #expect(CLI.main(["explain", Self.runAsChanged, "--issue", "OPS-1"], console: t.console) == 2)
        #expect(t.stderr.hasPrefix("error: Missing expected option '--topology <name>'"))
    }

    /// The same command twice prints the same bytes; JSON is one object per line, each with `event`.
    @Test func deterministicTextAndJSONLines() throws {
        let args = ["explain", Self.runAsChanged, "--topology", "changed-and-back", "--issue", "OPS-19"]
        let a = Captured()
        let b = Captured()
        let j = Captured()
        #expect(CLI.main(args, console: a.console) == 0)
        #expect(CLI.main(args, console: b.console) == 0)
        #expect(a.stdout == b.stdout && a.stdout.contains("Final state at"))
        #expect(CLI.main(args + ["--format", "json"], console: j.console) == 0)
        let lines = j.stdout.split(separator: "\n")
        #expect(lines.count > 5)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["event"] is String)
        }
        #expect(lines.last?.contains("\"event\":\"summary\"") == true)
    }

    /// The text report says, under its drop counts, how to list each reason's cases.
    @Test func reportSaysHowToListTheCases() throws {
        let s = try ShippedScenarioTests.load("run-as-changed.json5")
        var report = try Simulator.run(s, only: ["changed-for-good"])
        report.command = ScenarioReport.command(
            file: "Scenarios/run-as-changed.json5", sets: ["drain=3h"], seed: 3, topologies: ["changed-for-good"])
        let text = TextReport.render(report, scenario: s, color: false)
        #expect(
            text.contains(
                "list them: hooksim explain Scenarios/run-as-changed.json5 --set drain=3h --seed 3 --topology changed-for-good --reason permissionDenied --limit 20"
            ))
    }
}

/// The README's example of `explain` is real output: every line of it, but the elisions, is printed.
@Suite struct ExplainReadmeTests {
    @Test func readmeExampleIsRealOutput() throws {
        let text = try String(contentsOf: ReadmeExampleTests.readme, encoding: .utf8)
        let marker = "$ hooksim explain Scenarios/partitioned-run-as.json5 --topology lacking-access --issue OPS-125\n"
        let start = try #require(text.range(of: marker))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let c = Captured()
        let file = ShippedScenarioTests.scenarios.appendingPathComponent("partitioned-run-as.json5").path
        #expect(
            CLI.main(["explain", file, "--topology", "lacking-access", "--issue", "OPS-125"], console: c.console) == 0)
        let printed = Set(
            c.stdout.split(separator: "\n").map {
                $0.replacingOccurrences(of: file, with: "Scenarios/partitioned-run-as.json5")
            })
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line != "…" {
            #expect(printed.contains(String(line)), "README line not printed: \(line)")
        }
    }
}
