import Foundation
import FoundationXML
import Testing

@testable import HookSim

/// `hooksim check` in CI: JUnit XML, GitHub annotations, the job summary (issue 16).
@Suite struct CheckCIFormatsTests {
    /// Two webhooks reach one endpoint: every comment is written twice, so `dropped.total == 0`
    /// holds and `duplicates.visible == 0` fails; the second file does not parse.
    static let scenario = """
        {
          name: "mini",
          duration: "30m", drain: "30m",
          jira: [{id: "acme", projects: [{key: "WEB", issues: 10}]}],
          activity: {rate: "60/h", mix: {comment: 1}},
          aha: {
            workspaces: ["WEB"],
            users: [{name: "Ann & Co", roles: {WEB: "owner"}}],
            integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB", runAs: "Ann & Co"}],
          },
          topologies: [{name: "two<hooks>", webhooks: [{name: "a", integration: "web"}, {name: "b", integration: "web"}]}],
          expect: {
            "two<hooks>": {"dropped.total": "== 0",
                           "duplicates.visible": "== 0"},
          },
        }
        """

    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hooksim-ci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try scenario.write(to: dir.appendingPathComponent("a.json5"), atomically: true, encoding: .utf8)
        try "{name: \"broken\", <\n".write(to: dir.appendingPathComponent("b.json5"), atomically: true, encoding: .utf8)
        return dir.path
    }

    /// Reads the XML back with Foundation's parser: element names with their attributes, in order.
    final class Elements: NSObject, XMLParserDelegate {
        var list: [(String, [String: String])] = []
        func parser(
            _ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            list.append((e, attributes))
        }
    }

    @Test func junitCountsNamesAndMessages() throws {
        let dir = try Self.folder()
        let c = Captured()
        let status = CLI.main(["check", dir, "--format", "junit"], console: c.console)
        #expect(status == CLI.exitBadInput)  // a broken file outranks a failed expectation
        let parser = XMLParser(data: Data(c.stdout.utf8))
        let elements = Elements()
        parser.delegate = elements
        #expect(parser.parse())
        let root = try #require(elements.list.first)
        #expect(root.0 == "testsuites")
        #expect(root.1["tests"] == "3" && root.1["failures"] == "1" && root.1["errors"] == "1" && root.1["time"] == "0")
        let cases = elements.list.filter { $0.0 == "testcase" }.map { $0.1["name"] ?? "" }
        #expect(cases == ["two<hooks>: dropped.total == 0", "two<hooks>: duplicates.visible == 0", "load and run"])
        let failure = try #require(elements.list.first { $0.0 == "failure" })
        // 30 min at 60/h of comments, two webhooks: each comment written twice, so as many
        // duplicates as comments; the exact count is the engine's, the shape is the test's.
        #expect(failure.1["message"]?.hasPrefix("duplicates.visible == 0: got ") == true)
        #expect(elements.list.filter { $0.0 == "error" }.count == 1)
        #expect(!c.stdout.contains("PASS") && !c.stdout.contains("passed,"))
    }

    @Test func junitIsByteIdenticalBetweenRuns() throws {
        let dir = try Self.folder()
        let a = Captured()
        let b = Captured()
        _ = CLI.main(["check", dir, "--format", "junit"], console: a.console)
        _ = CLI.main(["check", dir, "--format", "junit"], console: b.console)
        #expect(a.stdout == b.stdout && !a.stdout.isEmpty)
    }

    @Test func annotationsAndSummaryOnlyOnGitHubActions() throws {
        let dir = try Self.folder()
        let plain = Captured()
        _ = CLI.main(["check", dir], console: plain.console)
        #expect(!plain.stdout.contains("::error"))

        let summary = dir + "/summary.md"
        let gh = Captured()
        var console = gh.console
        console.environment = ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary]
        _ = CLI.main(["check", dir], console: console)
        let annotations = gh.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        #expect(annotations.count == 2)
        // The failed expectation is written on line 14 of the scenario file.
        #expect(
            annotations[0].hasPrefix(
                "::error file=\(dir)/a.json5,line=14,title=mini / two<hooks>::duplicates.visible == 0: got "))
        let md = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(md.hasPrefix("## HookSim check: fail — 0 passed, 2 failed"))
        #expect(md.contains("| ✓ | mini | two<hooks> | `dropped.total == 0` | 0 |"))
    }

    @Test func xmlEscaping() {
        #expect(JUnitReport.escape("a<b>&\"c'\u{1}") == "a&lt;b&gt;&amp;&quot;c&apos; ")
        #expect(GitHubActions.property("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    }

    @Test func checkOptions() throws {
        // The rest are check's documented defaults: no save, out Results, not quiet, text, one job per core.
        let expected = CheckOptions(
            paths: ["Scenarios"], save: false, out: "Results", quiet: false, junitOnly: false, junitFile: "r.xml",
            jobs: 0)
        #expect(try Command.parse(["check", "Scenarios", "--junit", "r.xml"]) == .check(expected))
        #expect(throws: UsageError.self) { try Command.parse(["check", "Scenarios", "--format", "xml"]) }
    }
}
