/// What `hooksim check` found in one scenario file, for the CI formats.
struct CheckedFile {
    enum Outcome {
        /// Ran: every topology's report, with the scenario's expectations.
        case ran(Scenario, ScenarioReport)
        /// Did not load, or its run broke (an invariant, a limit): the message.
        case error(String)
    }
    var file: String
    var outcome: Outcome

    /// One row per topology × expectation that applies to it, in file order.
    struct Case {
        var scenario: String
        var topology: String
        var expectation: Expectation
        var actual: Double?
        var passed: Bool
        var reproduce: String
        var name: String { "\(topology): \(expectation.path) \(expectation.text)" }
        var failure: String {
            guard let actual else { return "\(expectation.path): no such measure in the report" }
            return "\(expectation.path) \(expectation.text): got \(JSONValue.format(actual))"
        }
    }

    var cases: [Case] {
        guard case .ran(let scenario, let report) = outcome else { return [] }
        var out: [Case] = []
        for t in report.topologies {
            // NB: the report evaluated the expectations that apply to it, in file order.
            let applicable = scenario.expect.filter { $0.topology == "*" || $0.topology == t.topology }
            for (e, result) in zip(applicable, t.expectations) {
                out.append(
                    Case(
                        scenario: scenario.name, topology: t.topology, expectation: e, actual: result.actual,
                        passed: result.passed,
                        reproduce: "hooksim run \(file) --topology \(t.topology) --seed \(report.seed)"))
            }
        }
        return out
    }
}

/// JUnit XML, the test-report format CI systems ingest (GitHub test reporters, GitLab
/// `artifacts:reports:junit`, Jenkins, Buildkite, CircleCI).
///
/// One `<testsuite>` per scenario file, one `<testcase>` per topology × expectation, `<failure>` for
/// a broken expectation, `<error>` for a file that does not load or a run that broke. `time` is
/// always `0`: wall time would make the output differ between runs, and it must be byte-identical.
enum JUnitReport {
    static func render(_ files: [CheckedFile]) -> String {
        var suites: [String] = []
        var tests = 0
        var failures = 0
        var errors = 0
        for f in files {
            let name: String
            var body: [String] = []
            var t = 0
            var fail = 0
            var err = 0
            switch f.outcome {
            case .error(let message):
                name = f.file
                t = 1
                err = 1
                body.append(
                    "    <testcase classname=\"\(escape(f.file))\" name=\"load and run\" time=\"0\">\n"
                        + "      <error message=\"\(escape(firstLine(message)))\">\(escape(message))</error>\n"
                        + "    </testcase>")
            case .ran(let scenario, _):
                name = scenario.name
                for c in f.cases {
                    t += 1
                    var line = "    <testcase classname=\"\(escape(c.scenario))\" name=\"\(escape(c.name))\" time=\"0\""
                    if c.passed {
                        line += "/>"
                    } else {
                        fail += 1
                        line +=
                            ">\n      <failure message=\"\(escape(c.failure))\">"
                            + escape(
                                "\(c.failure)\nexpected: \(c.expectation.path) \(c.expectation.text)\nreproduce: \(c.reproduce)"
                            )
                            + "</failure>\n    </testcase>"
                    }
                    body.append(line)
                }
            }
            tests += t
            failures += fail
            errors += err
            suites.append(
                "  <testsuite name=\"\(escape(name))\" tests=\"\(t)\" failures=\"\(fail)\" errors=\"\(err)\" time=\"0\">\n"
                    + body.map { $0 + "\n" }.joined() + "  </testsuite>")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"hooksim check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"0\">\n"
            + suites.map { $0 + "\n" }.joined() + "</testsuites>\n"
    }

    static func firstLine(_ s: String) -> String {
        String(s.split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
    }

    /// XML character data and attribute values: the five predefined entities; other control
    /// characters (not allowed in XML 1.0) become spaces.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t": out.unicodeScalars.append(u)
            default: if u.value < 0x20 { out += " " } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
