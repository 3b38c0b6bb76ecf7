import Foundation
import Testing

@testable import HookSim

/// The option table: each kind of option, `--`, the errors, and the texts generated from it.
@Suite struct OptionTableTests {
    /// A small table written for the tests, so every expected value below can be read off it.
    static let table = OptionTable(
        command: "demo", summary: "A demo command",
        about: "Does nothing.",
        positionals: [Positional("<file>", "The file."), Positional("<more>", "More files.", count: .optional)],
        options: [
            .flag("--quiet", "Say less."),
            .value("--jobs", "<n>", "Runs at once.", rule: .positiveInteger, default: .value("4")),
            .value("--seed", "<n>", "The seed.", rule: .seed),
            .repeated("--set", "<path=value>", "Replace a value.", rule: .setting),
            .value("--format", "<format>", "How to print.", rule: .oneOf(["text", "json"]), default: .value("text")),
            .value("--target", "<url>", "Where to send.", required: true),
        ])

    static func message(_ arguments: [String]) -> String? {
        do {
            _ = try table.parse(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func eachKind() throws {
        let p = try Self.table.parse([
            "a.json5", "--quiet", "--jobs", "3", "--set", "x=1", "--target=http://h", "--set", "y=2", "b",
        ])
        #expect(p.positionals == ["a.json5", "b"])
        #expect(p.flag("--quiet"))
        #expect(p.int("--jobs") == 3)
        #expect(p.values("--set") == ["x=1", "y=2"])
        #expect(p.value("--target") == "http://h")
        // Absent: a flag is false, a value falls back to its declared default or nil, a repeated one is empty.
        let d = try Self.table.parse(["a", "--target", "t"])
        #expect(!d.flag("--quiet"))
        #expect(d.int("--jobs") == 4)
        #expect(d.value("--format") == "text")
        #expect(d.uint64("--seed") == nil)
        #expect(!d.has("--jobs"))
        #expect(d.values("--set") == [])
    }

    /// `defaulted` reads the table's default (4, "text" above) when absent and the given value otherwise.
    @Test func defaultedReadsTheTable() throws {
        let absent = try Self.table.parse(["a", "--target", "t"])
        #expect(absent.defaulted("--jobs", as: { Int($0) }) == 4)
        #expect(absent.defaulted("--format") == "text")
        let given = try Self.table.parse(["a", "--target", "t", "--jobs", "7", "--format", "json"])
        #expect(given.defaulted("--jobs", as: { Int($0) }) == 7)
        #expect(given.defaulted("--format") == "json")
    }

    @Test func doubleDashEndsOptions() throws {
        let p = try Self.table.parse(["--target", "t", "--", "-x.json5", "--quiet"])
        #expect(p.positionals == ["-x.json5", "--quiet"])
        #expect(!p.flag("--quiet"))
        #expect(!OptionTable.asksForHelp(["--", "--help"]))
        #expect(OptionTable.asksForHelp(["a", "-h", "--"]))
        // Every command: a file whose name starts with '-' is reachable after '--'.
        #expect(try Command.parse(["validate", "--", "-odd.json5"]) == .validate(files: ["-odd.json5"]))
        #expect(try ShrinkCommand.parse(["--seed", "2", "--", "-x.json5"]).file == "-x.json5")
        #expect(try TraceOptions.parse(["--", "--help"]).file == "--help")
        #expect(try SweepOptions.parse(["--", "-s.json5"], command: "sweep").positional == ["-s.json5"])
    }

    @Test func unknownOptionsGetTheNearestName() {
        #expect(
            Self.message(["a", "--target", "t", "--jbos", "2"]) == "Unknown option '--jbos'; did you mean '--jobs'?")
        #expect(Self.message(["a", "--target", "t", "--frobnicate"]) == "Unknown option '--frobnicate'")
        #expect(Self.message(["a", "--target", "t", "--hlep"]) == "Unknown option '--hlep'; did you mean '--help'?")
    }

    @Test func missingAndInvalidValues() {
        #expect(Self.message(["a", "--target", "t", "--jobs"]) == "Missing value for '--jobs <n>'")
        #expect(Self.message(["a", "--target", "t", "--jobs", "--quiet"]) == "Missing value for '--jobs <n>'")
        #expect(
            Self.message(["a", "--target", "t", "--jobs", "x"])
                == "The value 'x' is invalid for '--jobs <n>': expected a positive integer")
        #expect(
            Self.message(["a", "--target", "t", "--jobs", "0"])
                == "The value '0' is invalid for '--jobs <n>': expected a positive integer")
        #expect(
            Self.message(["a", "--target", "t", "--seed", "-1"])
                == "The value '-1' is invalid for '--seed <n>': expected a non-negative integer")
        #expect(
            Self.message(["a", "--target", "t", "--format", "jsno"])
                == "The value 'jsno' is invalid for '--format <format>': did you mean 'json'?")
        #expect(
            Self.message(["a", "--target", "t", "--format", "pdf"])
                == "The value 'pdf' is invalid for '--format <format>': expected one of text, json")
        #expect(
            Self.message(["a", "--target", "t", "--set", "=1"])
                == "The value '=1' is invalid for '--set <path=value>': expected PATH=VALUE, such as activity.rate=600/h"
        )
        #expect(
            Self.message(["a", "--target", "t", "--quiet=yes"]) == "The option '--quiet' takes no value; got 'yes'")
    }

    @Test func positionalsAndRequiredOptions() {
        #expect(Self.message(["--target", "t"]) == "Missing expected argument '<file>'")
        #expect(Self.message(["a", "b", "c", "--target", "t"]) == "Unexpected argument 'c'")
        #expect(Self.message(["a"]) == "Missing expected option '--target <url>'")
    }

    @Test func anOptionGivenTwice() {
        #expect(
            Self.message(["a", "--target", "t", "--seed", "1", "--seed", "2"])
                == "The option '--seed' was given twice ('1' first); give it once")
        #expect(
            Self.message(["a", "--target", "t", "--quiet", "--quiet"])
                == "The option '--quiet' was given twice; give it once")
        #expect(throws: UsageError.self) { try Command.parse(["run", "s.json5", "--jobs", "1", "--jobs", "2"]) }
    }

    @Test func errorsPrintTheCommandsUsage() {
        let error = Self.table.error("Something")
        #expect(
            error.description == """
                error: Something
                Usage: hooksim demo <file> [<more>] [--quiet] [--jobs <n>] [--seed <n>] [--set <path=value>]... \
                [--format <format>] --target <url>
                  See 'hooksim help demo' for more.
                """)
    }

    @Test func helpText() {
        #expect(
            Self.table.help == """
                A demo command

                USAGE: hooksim demo <file> [<more>] [--quiet] [--jobs <n>] [--seed <n>] [--set <path=value>]... \
                [--format <format>] --target <url>

                Does nothing.

                ARGUMENTS:
                  <file>              The file.
                  <more>              More files.

                OPTIONS:
                  --quiet             Say less.
                  --jobs <n>          Runs at once. (default: 4)
                  --seed <n>          The seed.
                  --set <path=value>  Replace a value. (repeatable)
                  --format <format>   How to print. (one of text, json; default: text)
                  --target <url>      Where to send. (required)
                  -h, --help          Show this help.

                """)
    }

    @Test func markdown() {
        #expect(
            Self.table.markdown == """
                #### `hooksim demo`

                A demo command.

                ```
                hooksim demo <file> [<more>] [--quiet] [--jobs <n>] [--seed <n>] [--set <path=value>]... \
                [--format <format>] --target <url>
                ```

                Does nothing.

                | argument or option | meaning |
                |---|---|
                | `<file>` | The file. |
                | `<more>` | More files. |
                | `--quiet` | Say less. |
                | `--jobs <n>` | Runs at once. (default: 4) |
                | `--seed <n>` | The seed. |
                | `--set <path=value>` | Replace a value. (repeatable) |
                | `--format <format>` | How to print. (one of text, json; default: text) |
                | `--target <url>` | Where to send. (required) |

                """)
    }

    /// With no options, each command gets the defaults its help states (values read off the help
    /// texts in the README: --budget 500, --limit 20, --speed 60, --connections 16, …).
    @Test func absentOptionsTakeTheDocumentedDefaults() throws {
        #expect(try ShrinkCommand.parse(["s.json5"]).budget == 500)
        #expect(try ExplainCommand.parse(["s.json5", "--issue", "WEB-1"]).limit == 20)
        let load = try LoadOptions.parse(["s.json5", "--target", "http://h:1/"])
        #expect(load.speed == 60 && load.connections == 16 && load.format == .text && load.target == "http://h:1")
        #expect(try LoadOptions.parse(["s.json5", "--target", "as-configured", "--speed", "max"]).speed == nil)
        let serve = try ServeOptions.parse(["s.json5"])
        #expect(serve.host == "127.0.0.1" && serve.port == 8080 && serve.timeScale == 1)
        let saturate = try SweepOptions.parse(["s.json5", "--vary", "a=1..2", "--slo", "x < 1"], command: "saturate")
        #expect(saturate.steps == 8 && saturate.replications == nil)
        guard case .run(let run) = try Command.parse(["run", "s.json5"]) else {
            Issue.record("run did not parse as run")
            return
        }
        #expect(run.out == "Results" && run.format == .text && run.save && !run.outGiven && run.jobs == 0)
    }

    /// The commands `hooksim help` lists, written out by hand: each has a table, with help.
    static let commands = [
        "run", "compare", "check", "validate", "jql", "sweep", "saturate", "trace", "load", "merge", "shrink",
        "explain", "import", "fit", "serve", "help",
    ]

    @Test func everyListedCommandHasATable() throws {
        let overview = Help.overview()
        let listed = overview.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), let word = line.split(separator: " ").first else { return nil }
            return String(word)
        }
        #expect(listed == Self.commands)
        for name in Self.commands {
            let table = Help.table(name)
            #expect(table != nil, "\(name)")
            #expect(Help.text(for: name).contains("USAGE: hooksim \(name)"), "\(name)")
            #expect(Help.text(for: name).contains("  -h, --help"), "\(name)")
            #expect(try Command.parse([name, "--help"]) == .help(topic: name))
        }
        #expect(try Command.parse(["help", "--markdown"]) == .helpMarkdown)
    }

    /// The README's command reference is `hooksim help --markdown`, so the two cannot drift apart.
    @Test func readmeHoldsTheGeneratedReference() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- BEGIN: hooksim help --markdown -->\n"
        let end = "<!-- END: hooksim help --markdown -->"
        let start = try #require(readme.range(of: begin))
        let stop = try #require(readme.range(of: end, range: start.upperBound..<readme.endIndex))
        #expect(String(readme[start.upperBound..<stop.lowerBound]) == Help.markdown())
    }
}
