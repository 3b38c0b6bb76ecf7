import Foundation
import Synchronization

/// `hooksim check`: runs scenarios, evaluates their `expect` blocks, prints one line per scenario
/// and topology and `N passed, N failed`; in CI also JUnit XML, GitHub annotations and a job summary.
extension CLI {
    static func check(_ o: CheckOptions, console: Console) -> Int32 {
        var passed = 0
        var failed = 0
        var badInput = false
        var internalError = false
        var checked: [CheckedFile] = []
        // NB: in junit-only mode the text lines are not printed; errors still go to standard error.
        func text(_ line: String) { if !o.junitOnly { console.out(line) } }
        for file in scenarioFiles(o.paths) {
            let captured = Mutex("")
            var quietConsole = console
            if o.quiet { quietConsole.stderrIsTerminal = false }
            quietConsole.err = { message in
                captured.withLock { $0 += message }
                console.err(message)
            }
            guard let scenario = load(file, console: quietConsole) else {
                badInput = true
                failed += 1
                checked.append(CheckedFile(file: file, outcome: .error(captured.withLock { $0 })))
                continue
            }
            var report: ScenarioReport
            switch simulate(
                scenario, only: nil, seed: nil, maxEvents: nil, file: file, jobs: o.jobs, console: quietConsole)
            {
            case .success(let r):
                report = r
                report.command = ScenarioReport.command(file: file, sets: [], seed: r.seed, topologies: [])
            case .failure(let status):
                if status.code == exitInterrupted { return status.code }
                if status.code == exitInternal { internalError = true } else { badInput = true }
                failed += 1
                checked.append(CheckedFile(file: file, outcome: .error(captured.withLock { $0 })))
                continue
            }
            if o.save, !Self.save(report, scenario, to: o.out, console: console) { return exitBadInput }
            checked.append(CheckedFile(file: file, outcome: .ran(scenario, report)))
            for outcome in report.evaluate(scenario.expect) {
                // NB: the answer sentence under each topology's lines says what it did, pass or fail.
                let answer =
                    report.topologies.first { $0.topology == outcome.topology }.map { "        → \($0.answer)\n" } ?? ""
                if outcome.passed {
                    passed += 1
                    if !o.quiet {
                        text(
                            "PASS  \(scenario.name) / \(outcome.topology)  (\(outcome.checked) expectations)\n" + answer
                        )
                    }
                } else {
                    failed += 1
                    text("FAIL  \(scenario.name) / \(outcome.topology)\n")
                    for f in outcome.failures { text("        \(f)\n") }
                    text(answer)
                    let command = ScenarioReport.command(
                        file: file, sets: [], seed: report.seed, topologies: [outcome.topology])
                    text("        reproduce: \(command)\n")
                }
            }
        }
        text("\(passed) passed, \(failed) failed\n")
        let xml = JUnitReport.render(checked)
        if o.junitOnly { console.out(xml) }
        if let path = o.junitFile {
            do { try xml.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                console.err("error: cannot write '\(path)': \(error.localizedDescription)\n")
                return exitBadInput
            }
        }
        if console.environment["GITHUB_ACTIONS"] == "true" {
            for line in GitHubActions.annotations(checked) { console.out(line + "\n") }
            if let summary = console.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
                GitHubActions.appendSummary(GitHubActions.summary(checked, passed: passed, failed: failed), to: summary)
            }
        }
        if internalError { return exitInternal }
        if badInput { return exitBadInput }
        return failed > 0 ? exitExpectationFailed : exitOK
    }
}

/// GitHub Actions workflow commands and the job summary.
enum GitHubActions {
    /// `::error file=…,line=…,title=…::message` for each failed expectation and each broken file.
    static func annotations(_ files: [CheckedFile]) -> [String] {
        var out: [String] = []
        for f in files {
            switch f.outcome {
            case .error(let message):
                out.append("::error file=\(property(f.file)),title=\(property("hooksim check"))::\(data(message))")
            case .ran:
                for c in f.cases where !c.passed {
                    let line = c.expectation.line > 0 ? ",line=\(c.expectation.line)" : ""
                    out.append(
                        "::error file=\(property(f.file))\(line),title=\(property("\(c.scenario) / \(c.topology)"))::"
                            + data("\(c.failure) — reproduce: \(c.reproduce)"))
                }
            }
        }
        return out
    }

    /// The verdict as Markdown: the totals, then every expectation with ✓ or ✗ and its actual value.
    static func summary(_ files: [CheckedFile], passed: Int, failed: Int) -> String {
        var md = "## HookSim check: \(failed == 0 ? "pass" : "fail") — \(passed) passed, \(failed) failed\n\n"
        md += "| | scenario | topology | expectation | actual |\n|---|---|---|---|---|\n"
        for f in files {
            switch f.outcome {
            case .error(let message):
                md +=
                    "| ✗ | `\(f.file)` | | does not run: \(JUnitReport.firstLine(message).replacingOccurrences(of: "|", with: "\\|")) | |\n"
            case .ran:
                for c in f.cases {
                    let actual = c.actual.map { JSONValue.format($0) } ?? "—"
                    md +=
                        "| \(c.passed ? "✓" : "✗") | \(c.scenario) | \(c.topology) | `\(c.expectation.path) \(c.expectation.text)` | \(actual) |\n"
                }
            }
        }
        return md + "\n"
    }

    static func appendSummary(_ text: String, to path: String) {
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            handle.closeFile()
        } else if !FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
            // NB: the step summary is a courtesy; a check's verdict never depends on writing it.
            FileHandle.standardError.write(Data("warning: cannot write the step summary to \(path)\n".utf8))
        }
    }

    /// Escaping of a workflow command's message.
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escaping of a workflow command's property value.
    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
