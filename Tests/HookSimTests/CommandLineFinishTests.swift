import Foundation
import Testing

@testable import HookSim

/// Issue 12 item 6: the command line answers a mistake with the fix, and does what its options say.
@Suite struct CommandLineFinishTests {
    @Test func checkOutSavesWithoutSave() throws {
        let file = try CLIExitStatusTests.temporaryFile(CLIExitStatusTests.scenario(expect: #""applied": "== 10""#))
        let out = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Out").path
        #expect(
            try Command.parse(["check", file, "--out", out])
                == .check(
                    CheckOptions(
                        paths: [file], save: true, out: out, quiet: false, junitOnly: false, junitFile: nil, jobs: 0)))
        let io = Captured()
        #expect(CLI.main(["check", file, "--out", out, "--quiet"], console: io.console) == 0)
        for ext in ["json", "md", "html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/cli-test/report." + ext))
        }
    }

    @Test func validateTakesAFolder() throws {
        let first = try CLIExitStatusTests.temporaryFile(CLIExitStatusTests.scenario(expect: #""applied": "== 10""#))
        let folder = URL(fileURLWithPath: first).deletingLastPathComponent().path
        try CLIExitStatusTests.scenario(expect: #""applied": "== 10""#)
            .write(toFile: folder + "/a.json5", atomically: true, encoding: .utf8)
        try "not a scenario".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let io = Captured()
        #expect(CLI.main(["validate", folder], console: io.console) == 0)
        // Both .json5 files, sorted by name; the .txt file is not a scenario and is skipped.
        #expect(io.stdout == "ok  \(folder)/a.json5\nok  \(folder)/s.json5\n")
    }

    @Test func progressLineIsHuman() {
        // 46m 42s = 2,802 s of 10 h = 36,000 s: 7.78% done, so 7%; after 10 s of wall clock the rest
        // takes 10 × (36,000 − 2,802) / 2,802 = 118.5 s = 1m 58s.
        let line = ProgressLine.text(
            topology: "cloud", nowMs: 2_802_000, endMs: 36_000_000, changes: 1_204, elapsedMs: 10_000)
        #expect(line == "[cloud] simulated 46m 42s of 10h 00m (7%), 1,204 changes, about 1m 58s left")
        // Nothing to extrapolate from at the start, nothing left at the end.
        #expect(!ProgressLine.text(topology: "a", nowMs: 0, endMs: 1000, changes: 0, elapsedMs: 5).contains("left"))
    }

    @Test func sweepProgressEstimatesTimeLeft() {
        // 3 of 12 runs in 30 s: 9 more at 10 s each = 1m 30s.
        #expect(
            ProgressLine.runs(scenario: "s", done: 3, total: 12, elapsedMs: 30_000)
                == "[s] 3/12 runs, about 1m 30s left")
        #expect(ProgressLine.runs(scenario: "s", done: 12, total: 12, elapsedMs: 30_000) == "[s] 12/12 runs")
    }

    /// NB: a weak check — progress starts after a second and this run is shorter — but it pins that
    /// a quiet run on a terminal writes nothing at all to standard error.
    @Test func quietRunPrintsNoProgress() throws {
        let file = try CLIExitStatusTests.temporaryFile(CLIExitStatusTests.scenario(expect: #""applied": "== 10""#))
        let io = Captured()
        var console = io.console
        console.stderrIsTerminal = true
        #expect(CLI.main(["run", file, "--no-save", "--quiet"], console: console) == 0)
        #expect(io.stderr == "")
    }

    /// The scenario of `CLIExitStatusTests` with one value replaced, loaded for its first error.
    static func loadError(replacing old: String, with new: String) -> String {
        let text = CLIExitStatusTests.scenario(expect: #""applied": "== 10""#).replacingOccurrences(of: old, with: new)
        do {
            _ = try ScenarioLoader.load(text: text, file: "s.json5")
            return ""
        } catch {
            return error.message
        }
    }

    @Test func unquotedVersionSaysToQuoteIt() {
        let message = Self.loadError(replacing: #"id: "web","#, with: #"id: "web", version: 1.0,"#)
        #expect(
            message
                == #"expected integration version "1.0" or "2.0" as a string, found number 1.0: quote it, version: "1.0""#
        )
    }

    @Test(arguments: [
        ("8 hours", #"invalid duration "8 hours": write "8h" (units: us, ms, s, m, h, d, w)"#),
        ("30minutes", #"invalid duration "30minutes": write "30m" (units: us, ms, s, m, h, d, w)"#),
        ("2 days", #"invalid duration "2 days": write "2d" (units: us, ms, s, m, h, d, w)"#),
    ])
    func spelledOutDurationSuggestsTheShortForm(text: String, expected: String) {
        #expect(Self.loadError(replacing: #"duration: "1h""#, with: "duration: \"\(text)\"") == expected)
    }
}
