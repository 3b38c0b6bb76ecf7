import Foundation
import Testing

@testable import HookSim

/// Where reports are saved (issue 12): a run that differs from its scenario file never
/// overwrites the baseline `Results/<scenario>/`.
@Suite struct OutputFilesTests {
    /// Worked by hand: the seed first (only when it differs), every `--set` in order, then the
    /// topologies; `[`, `]`, `/`, `'` and spaces become `-`.
    @Test func variantNames() {
        #expect(OutputFiles.variant(sets: [], seed: nil, topologies: []) == "")
        #expect(
            OutputFiles.variant(sets: ["aha.processing.workers=2"], seed: 7, topologies: [])
                == "seed=7,aha.processing.workers=2")
        #expect(
            OutputFiles.variant(
                sets: ["activity.rate=600/h", "topologies[0].webhooks[0].jql=project = 'WEB'"], seed: nil,
                topologies: ["a", "b"])
                == "activity.rate=600-h,topologies-0-.webhooks-0-.jql=project-=--WEB-,topology=a+b")
        // A long suffix is cut to 80 characters and ends with a hash of the whole: two long runs
        // that differ only at the end still get two folders.
        let long = String(repeating: "x", count: 120)
        let a = OutputFiles.variant(sets: ["p=" + long + "1"], seed: nil, topologies: [])
        let b = OutputFiles.variant(sets: ["p=" + long + "2"], seed: nil, topologies: [])
        #expect(a.count == 97 && b.count == 97 && a != b && a.hasPrefix("p=xxx"))
    }

    static func options(_ file: String, out: String) -> RunOptions {
        RunOptions(
            file: file, topologies: [], seed: nil, format: .text, out: out, outGiven: false, save: true, quiet: true,
            maxEvents: nil, sets: [], jobs: 0)
    }

    @Test func aSetRunSavesNextToTheBaselineAndLeavesItAlone() throws {
        let file = try CLIExitStatusTests.temporaryFile(CLIExitStatusTests.scenario(expect: #""applied": "> 0""#))
        let results = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Results").path
        let baseline = results + "/cli-test/report.json"

        #expect(CLI.run(Self.options(file, out: results), console: Captured().console) == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: baseline))

        var set = Self.options(file, out: results)
        set.sets = ["activity.bursts[0].count=4"]
        set.seed = 5
        let io = Captured()
        #expect(CLI.run(set, console: io.console) == 0)
        let variant = results + "/cli-test+seed=5,activity.bursts-0-.count=4"
        #expect(io.stderr.contains("saved to \(variant)/"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: baseline)) == before)
        let saved = try String(contentsOfFile: variant + "/report.json", encoding: .utf8)
        #expect(saved.contains(#""overrides": ["activity.bursts[0].count=4"]"#))
        #expect(saved.contains("\"command\": \"hooksim run \(file) --set 'activity.bursts[0].count=4' --seed 5\""))
        #expect(saved.contains("\"applied\": 4,"))
        for ext in ["md", "html"] { #expect(FileManager.default.fileExists(atPath: variant + "/report." + ext)) }

        // The file's own seed is no override: the baseline is rewritten, byte for byte the same.
        var same = Self.options(file, out: results)
        same.seed = 3
        let io2 = Captured()
        #expect(CLI.run(same, console: io2.console) == 0)
        #expect(io2.stderr.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: baseline)) == before)

        // `--out` is an explicit choice: the run goes to <out>/<scenario>/ as asked.
        let elsewhere = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Elsewhere").path
        let io3 = Captured()
        #expect(
            CLI.main(
                ["run", file, "--quiet", "--set", "activity.bursts[0].count=4", "--out", elsewhere],
                console: io3.console) == 0)
        let explicit = try String(contentsOfFile: elsewhere + "/cli-test/report.json", encoding: .utf8)
        #expect(explicit.contains("\"applied\": 4,"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: baseline)) == before)
    }

    /// The `command` of a saved report, run, writes the same document byte for byte.
    @Test func theCommandReproducesTheReport() throws {
        let file = try CLIExitStatusTests.temporaryFile(CLIExitStatusTests.scenario(expect: #""applied": "> 0""#))
        let io = Captured()
        #expect(
            CLI.main(
                [
                    "run", file, "--no-save", "--format", "json", "--set", "activity.bursts[0].count=4", "--seed", "9",
                    "--topology", "one",
                ], console: io.console) == 0)
        let command = try #require(io.stdout.split(separator: "\n").first { $0.contains("\"command\"") })
        #expect(command.contains("--set 'activity.bursts[0].count=4' --seed 9 --topology one"))
        let io2 = Captured()
        #expect(
            CLI.main(
                [
                    "run", file, "--set", "activity.bursts[0].count=4", "--seed", "9", "--topology", "one", "--no-save",
                    "--format", "json",
                ], console: io2.console) == 0)
        #expect(io2.stdout == io.stdout)
    }
}
