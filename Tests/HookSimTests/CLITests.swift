import Foundation
import Synchronization
import Testing

@testable import HookSim

/// Captures what the command line prints.
final class Captured: Sendable {
    let out = Mutex("")
    let err = Mutex("")
    var console: Console {
        Console(out: { s in self.out.withLock { $0 += s } }, err: { s in self.err.withLock { $0 += s } })
    }
    var stdout: String { out.withLock { $0 } }
    var stderr: String { err.withLock { $0 } }
}

@Suite struct CommandParseTests {
    @Test func runWithOptions() throws {
        let c = try Command.parse([
            "run", "s.json5", "--topology", "a", "--topology", "b", "--seed", "9", "--format", "json", "--no-save",
        ])
        let expected = RunOptions(
            file: "s.json5", topologies: ["a", "b"], seed: 9, format: .json, out: "Results", outGiven: false,
            save: false, quiet: false, maxEvents: nil, sets: [], jobs: 0)
        #expect(c == .run(expected))
    }

    /// Wording after swift-argument-parser's error messages.
    @Test(arguments: [
        (["run", "s.json5", "--sed", "1"], "error: Unknown option '--sed'; did you mean '--seed'?"),
        (["run", "s.json5", "--nosave"], "error: Unknown option '--nosave'; did you mean '--no-save'?"),
        (["runn", "s.json5"], "error: Unknown command 'runn'; did you mean 'run'?"),
        (["--verison"], "error: Unknown option '--verison'; did you mean '--version'?"),
        (["check", "Scenarios", "--sav"], "error: Unknown option '--sav'; did you mean '--save'?"),
        (["run", "s.json5", "--seed"], "error: Missing value for '--seed <n>'"),
        (["run"], "error: Missing expected argument '<file>'"),
        (
            ["run", "s.json5", "--seed", "-3"],
            "error: The value '-3' is invalid for '--seed <n>': expected a non-negative integer"
        ),
        (
            ["run", "s.json5", "--seed", "x"],
            "error: The value 'x' is invalid for '--seed <n>': expected a non-negative integer"
        ),
        (
            ["run", "s.json5", "--format", "pdf"],
            "error: The value 'pdf' is invalid for '--format <format>': expected one of text, json, md, html"
        ),
        (["frobnicate"], "error: Unknown command 'frobnicate'"),
        (["check"], "error: Missing expected argument '<path> ...'"),
    ])
    func usageErrors(arguments: [String], firstLine: String) {
        #expect(throws: UsageError.self) { try Command.parse(arguments) }
        do { _ = try Command.parse(arguments) } catch {
            #expect(error.description.split(separator: "\n").first.map(String.init) == firstLine)
            #expect(error.description.contains("Usage: hooksim"))
        }
    }

    @Test func helpEverywhere() throws {
        #expect(try Command.parse([]) == .help(topic: nil))
        #expect(try Command.parse(["help", "run"]) == .help(topic: "run"))
        for command in ["run", "compare", "check", "validate", "jql", "sweep", "saturate", "merge"] {
            #expect(try Command.parse([command, "--help"]) == .help(topic: command))
            #expect(!Help.text(for: command).contains("USAGE: \n"))
        }
    }
}

@Suite struct CLIExitStatusTests {
    static func temporaryFile(_ text: String, name: String = "s.json5") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hooksim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func scenario(expect: String) -> String {
        """
        // ten comments, one webhook
        {
          name: "cli-test", seed: 3, duration: "1h", drain: "1h",
          jira: [{id: "acme", projects: [{key: "WEB", issues: 5, types: {Story: 1}}]}],
          activity: {rate: "0/h", bursts: [{at: "1m", count: 10, kind: "comment"}]},
          network: {latency: "50ms"},
          aha: {workspaces: ["WEB"], users: [{name: "bot", roles: {"*": "contributor"}}],
                integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB", records: {Story: "feature"}}]},
          topologies: [{name: "one", webhooks: [{name: "a", integration: "web", runAs: "bot"}]}],
          expect: {one: {\(expect)}},
        }
        """
    }

    @Test func checkPassesAndFails() throws {
        let good = try Self.temporaryFile(Self.scenario(expect: #""applied": "== 10""#))
        let io = Captured()
        #expect(CLI.main(["check", good], console: io.console) == 0)
        #expect(io.stdout.hasSuffix("1 passed, 0 failed\n"))

        let bad = try Self.temporaryFile(Self.scenario(expect: #""duplicates.visible": "> 0""#))
        let io2 = Captured()
        #expect(CLI.main(["check", bad], console: io2.console) == 1)
        #expect(io2.stdout.contains("duplicates.visible > 0: got 0"))
        #expect(io2.stdout.contains("reproduce: hooksim run \(bad) --seed 3 --topology one"))
        // The answer sentence sits under the topology's lines: one webhook, ten comments, all applied.
        #expect(io2.stdout.contains("        → one applies all 10 intended updates exactly once\n"))
        #expect(io2.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func badInputIsExitTwo() throws {
        let broken = try Self.temporaryFile("{ name: \"x\", seed: }")
        let io = Captured()
        #expect(CLI.main(["validate", broken], console: io.console) == 2)
        #expect(io.stderr.hasPrefix("error: "))
        #expect(io.stderr.contains(broken + ":1:"))
        let io2 = Captured()
        #expect(CLI.main(["run", "/nonexistent/x.json5"], console: io2.console) == 2)
    }

    @Test func runWritesReportsSafely() throws {
        let file = try Self.temporaryFile(Self.scenario(expect: #""applied": "== 10""#))
        let out = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Results").path
        let io = Captured()
        #expect(CLI.main(["run", file, "--out", out, "--quiet"], console: io.console) == 0)
        for ext in ["json", "md", "html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/cli-test/report." + ext))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out + "/cli-test").filter {
            $0.hasPrefix(".")
        }
        #expect(leftovers.isEmpty)
        // An output folder that cannot be created (a file is in the way) is a clear error, exit 2.
        let blocker = try Self.temporaryFile("x", name: "blocker")
        let io2 = Captured()
        #expect(CLI.main(["run", file, "--out", blocker, "--quiet"], console: io2.console) == 2)
        #expect(io2.stderr.hasPrefix("error: cannot write"))
    }

    @Test func eventLimitIsAClearError() throws {
        let file = try Self.temporaryFile(Self.scenario(expect: #""applied": "== 10""#))
        let io = Captured()
        #expect(CLI.main(["run", file, "--no-save", "--max-events", "5"], console: io.console) == 2)
        #expect(io.stderr.contains("stopped after 5 engine events"))
    }

    @Test func jsonDocumentShape() throws {
        let file = try Self.temporaryFile(Self.scenario(expect: #""applied": "== 10""#))
        let io = Captured()
        #expect(CLI.main(["run", file, "--no-save", "--format", "json"], console: io.console) == 0)
        let object = try JSONSerialization.jsonObject(with: Data(io.stdout.utf8)) as? [String: Any]
        #expect(object?["scenario"] as? String == "cli-test")
        #expect(object?["seed"] as? Int == 3)
        let topologies = object?["topologies"] as? [[String: Any]]
        #expect(topologies?.count == 1)
        #expect(topologies?.first?["applied"] as? Int == 10)
    }
}

@Suite struct RunSetTests {
    /// `--set` replaces a value before validation: 10 comments become 4, and a bad value is an
    /// error that names the --set argument.
    @Test func setOverridesAValue() throws {
        let file = try CLIExitStatusTests.temporaryFile(CLIExitStatusTests.scenario(expect: #""applied": "> 0""#))
        let io = Captured()
        #expect(
            CLI.main(
                ["run", file, "--no-save", "--format", "json", "--set", "activity.bursts[0].count=4"],
                console: io.console) == 0)
        #expect(io.stdout.contains("\"applied\": 4,"))
        let io2 = Captured()
        #expect(CLI.main(["run", file, "--no-save", "--set", "activity.rate=fast"], console: io2.console) == 2)
        #expect(io2.stderr.contains("--set activity.rate=fast"))
    }
}
