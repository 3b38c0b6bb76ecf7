import Foundation
import Testing

@testable import HookSim

/// `hooksim jql`, run in memory: files come from a dictionary, output is collected.
@Suite struct JQLCommandTests {
    struct Run {
        var status: Int32
        var out: [String]
        var err: [String]
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "no such file" }
    }

    static let issues = """
        [
          {"key": "WEB-1", "fields": {"project": "WEB", "issuetype": "Story", "status": "In Progress",
            "labels": ["ui"], "assignee": null, "summary": "Login page", "created": "2026-01-10T09:00:00Z",
            "cf[10010]": "Gold"}},
          {"key": "WEB-2", "fields": {"project": "WEB", "type": "Bug", "status": "Done", "labels": [],
            "assignee": "alice", "summary": "Checkout rounding", "created": "2026-01-05T00:00:00Z", "votes": 4},
           "history": {"status": [{"from": "To Do", "to": "Done", "at": "2026-01-15T10:00:00Z", "by": "alice"}]}},
          {"key": "MOB-3", "fields": {"project": "MOB", "issuetype": "Story", "status": "To Do",
            "labels": ["ui", "crash"], "assignee": "bob", "summary": "Login screen crash",
            "created": "2026-01-18T08:30:00Z", "updated": "2026-01-19T12:00:00Z", "cf[10010]": "Silver"}}
        ]
        """

    func run(_ arguments: [String], files: [String: String] = ["issues.json": issues]) -> Run {
        var out: [String] = []
        var err: [String] = []
        let status = JQLCommand.run(
            arguments: arguments, stdout: { out.append($0) }, stderr: { err.append($0) },
            readFile: { path in
                guard let text = files[path] else { throw Missing() }
                return Array(text.utf8)
            })
        return Run(status: status, out: out, err: err)
    }

    @Test func printsMatchingKeysInFileOrder() {
        let r = run(["--issues", "issues.json", "labels = ui AND issuetype = story"])
        #expect(r.status == 0)
        #expect(r.out == ["WEB-1", "MOB-3"])
        #expect(r.err == [])
    }

    @Test(
        arguments: [
            ("project = WEB", ["WEB-1", "WEB-2"]),
            ("assignee is empty", ["WEB-1"]),
            ("labels != ui", []),  // WEB-2 has no labels, so != does not match it
            ("cf[10010] in (gold, silver)", ["WEB-1", "MOB-3"]),
            ("votes >= 4", ["WEB-2"]),
            ("status changed to Done by alice", ["WEB-2"]),
            ("summary ~ login", ["WEB-1", "MOB-3"]),
            ("", ["WEB-1", "WEB-2", "MOB-3"]),
        ] as [(String, [String])])
    func matches(_ query: String, _ expected: [String]) {
        let r = run(["--issues", "issues.json", query])
        #expect(r.status == 0)
        #expect(r.out == expected)
    }

    @Test func relativeDatesDefaultToTheLatestTimeInTheFile() {
        // Latest is MOB-3's updated, 2026-01-19T12:00; -2d is 2026-01-17T12:00: only MOB-3 was created since.
        #expect(run(["--issues", "issues.json", "created > -2d"]).out == ["MOB-3"])
        // From 2026-01-12T00:00, -2d is 2026-01-10T00:00: WEB-1 (01-10 09:00) and MOB-3 (later) match.
        let r = run(["--now", "2026-01-12T00:00:00Z", "--issues", "issues.json", "created > -2d"])
        #expect(r.out == ["WEB-1", "MOB-3"])
    }

    @Test func checkPrintsOk() {
        let r = run(["--check", "project in (WEB, MOB) AND status != Done"])
        #expect(r.status == 0)
        #expect(r.out == ["ok"])
    }

    @Test func invalidQueryRendersTheErrorAndExits2() {
        let r = run(["--check", "project = "])
        #expect(r.status == 2)
        #expect(r.out == [])
        #expect(r.err == ["error: expected a value after '='\n --> <query>:1:11\n  | project =\n  |           ^"])
    }

    @Test func dynamicAppliesWebhookRestrictions() {
        #expect(run(["--check", "--dynamic", "project = WEB AND status != Done"]).out == ["ok"])
        let r = run(["--check", "--dynamic", "labels = ui"])
        #expect(r.status == 2)
        #expect(r.err.first?.hasPrefix("error: the clause 'labels' is unsupported in dynamic webhook filters") == true)
        #expect(run(["--check", "labels = ui"]).status == 0)
    }

    @Test func helpPrintsUsage() {
        let r = run(["--help"])
        #expect(r.status == 0)
        // The help is generated from the jql table: its summary, then the usage line (positional first).
        #expect(
            r.out.first?.hasPrefix(
                "Match issues against a JQL query, or check a query\n\nUSAGE: hooksim jql <query> [--issues <file>] [--check]"
            )
                == true)
    }

    @Test(
        arguments: [
            (["--x", "--check", "a = b"], "error: Unknown option '--x'"),
            (["--issues"], "error: Missing value for '--issues <file>'"),
            (["--check"], "error: Missing expected argument '<query>'"),
            (["a = b"], "error: Missing '--issues <file>' or '--check'"),
            (["--check", "a = b", "c"], "error: Unexpected argument 'c'"),
            (
                ["--check", "--issues", "issues.json", "a = b"],
                "error: '--check' and '--issues' cannot be used together"
            ),
            (["--now", "yesterday", "--check", "a = b"], "error: The value 'yesterday' is invalid for '--now <time>'"),
        ] as [([String], String)])
    func optionErrors(_ arguments: [String], _ message: String) {
        let r = run(arguments)
        #expect(r.status == 2)
        #expect(r.err.first?.hasPrefix(message) == true, "\(r.err)")
        #expect(r.err.first?.contains("\nUsage: hooksim jql") == true)
    }

    @Test func unreadableFileIsNamed() {
        let r = run(["--issues", "nope.json", "a = b"])
        #expect(r.status == 2)
        #expect(r.err == ["error: cannot read the --issues file 'nope.json': no such file"])
    }

    @Test func foundationReadErrorsReadAsSentences() throws {
        let path = "/nonexistent-\(UInt64.max)/issues.json"
        var err: [String] = []
        let status = JQLCommand.run(
            arguments: ["--issues", path, "a = b"], stdout: { _ in }, stderr: { err.append($0) },
            readFile: { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) })
        #expect(status == 2)
        let message = try #require(err.first)
        #expect(message.hasPrefix("error: cannot read the --issues file '\(path)': "))
        #expect(!message.contains("Error Domain="), "\(message)")
    }

    @Test(
        arguments: [
            // Missing comma between members: column 16 is the quote opening "fields".
            ("[{\"key\": \"A-1\" \"fields\": {}}]", "expected ',' or '}' after the value of 'key'", 1, 16),
            // Column 11 of line 2 is the '}' where the value of "key" should be.
            ("[\n  {\"key\": }\n]", "unexpected '}': expected a value", 2, 11),
            ("{\"key\": \"A-1\"}", "expected a JSON array of issues", 1, 1),
            ("[{\"fields\": {}}]", "the issue has no \"key\"", 1, 2),
            ("[{\"key\": \"A-1\", \"fields\": {\"created\": \"last week\"}}]", "\"created\" must be a date", 1, 39),
            ("[{\"key\": \"A-1\", \"fields\": {\"labels\": [1, {}]}}]", "values of \"labels\" must be strings", 1, 42),
            ("[{\"key\": \"A-1\"}] x", "unexpected 'x' after the end of the document", 1, 18),
            ("[\"unterminated]", "this string is not closed", 1, 2),
            ("", "expected a value, found the end of the file", 1, 1),
        ] as [(String, String, Int, Int)])
    func jsonErrorsNameFileLineAndWhatWasWrong(_ json: String, _ message: String, _ line: Int, _ column: Int) {
        let r = run(["--issues", "bad.json", "a = b"], files: ["bad.json": json])
        #expect(r.status == 2)
        let text = r.err.first ?? ""
        #expect(text.hasPrefix("error: \(message)"), "\(text)")
        #expect(text.contains("\n --> bad.json:\(line):\(column)\n"), "\(text)")
    }

    @Test func deeplyNestedJSONIsAnErrorNotACrash() {
        let json = String(repeating: "[", count: 100_000)
        let r = run(["--issues", "deep.json", "a = b"], files: ["deep.json": json])
        #expect(r.status == 2)
        #expect(r.err.first?.hasPrefix("error: nesting is deeper than 100 levels") == true)
    }

    /// The file is read by the scenario reader (JSON5, a superset of JSON): a trailing comma is accepted.
    @Test func issuesFileMayHaveTrailingCommas() {
        let r = run(["--issues", "t.json", "key = A-1"], files: ["t.json": "[\n  {\"key\": \"A-1\",},\n]"])
        #expect(r.status == 0)
        #expect(r.out == ["A-1"])
    }

    static let scenario = """
        {
          jira: [{id: "acme", projects: [{key: "APP", issues: 5}]}, {id: "beta", projects: [{key: "OPS", issues: 5}]}],
          aha: {workspaces: ["W"], users: [{name: "Ann", roles: {W: "owner"}}],
                integrations: [{id: "w", workspace: "W", jira: "acme", project: "APP"}]},
          topologies: [{name: "t", webhooks: [{name: "h", integration: "w", runAs: "Ann"}]}],
        }
        """

    /// `--scenario` checks against the first instance by default, `--jira` picks another; every
    /// problem is printed with its caret (APPP at column 11, Donee at 29 of the query).
    @Test func checksAgainstAScenarioInstance() {
        let files = ["s.json5": Self.scenario]
        let bad = run(["--scenario", "s.json5", "--check", "project = APPP AND status = Donee"], files: files)
        #expect(bad.status == 2)
        #expect(
            bad.err == [
                "error: The value 'APPP' does not exist for the field 'project'. Did you mean 'APP'?\n --> <query>:1:11\n"
                    + "  | project = APPP AND status = Donee\n  |           ^",
                "error: The value 'Donee' does not exist for the field 'status'. Did you mean 'Done'?\n --> <query>:1:29\n"
                    + "  | project = APPP AND status = Donee\n  |                             ^",
            ])
        #expect(run(["--scenario", "s.json5", "--check", "project = OPS"], files: files).status == 2)
        let other = run(["--scenario", "s.json5", "--jira", "beta", "--check", "project = OPS"], files: files)
        #expect(other.status == 0)
        #expect(other.out == ["ok"])
        let unknown = run(["--scenario", "s.json5", "--jira", "betta", "--check", "project = OPS"], files: files)
        #expect(unknown.err == ["error: unknown Jira instance 'betta' in s.json5; did you mean 'beta'?"])
        #expect(
            run(["--jira", "beta", "--check", "project = OPS"]).err.first?.hasPrefix("error: '--jira' needs") == true)
    }

    /// The history in the issues file answers WAS and CHANGED: only WEB-2 went to Done.
    @Test func historyFromTheIssuesFile() {
        #expect(run(["--issues", "issues.json", "status CHANGED TO Done BY alice"]).out == ["WEB-2"])
        #expect(run(["--issues", "issues.json", "status WAS \"To Do\""]).out == ["WEB-2", "MOB-3"])
        #expect(
            run(["--issues", "issues.json", "status CHANGED OR NOT status CHANGED"]).out == ["WEB-1", "WEB-2", "MOB-3"])
    }
}
