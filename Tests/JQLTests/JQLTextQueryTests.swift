import Testing

@testable import JQL

/// Jira's text-search syntax for `~`, and the ASCII-folding equality behind `=`.
@Suite struct JQLTextQueryTests {
    private func matches(_ search: String, _ text: String) throws -> Bool {
        try JQLTextQuery.compile(search).matches(text)
    }

    @Test(
        arguments: [
            ("te?t", "a test run", true), ("te?t", "text", true), ("te?t", "tet", false),
            ("wi*95", "Windows95 box", true), ("wi*95", "win95", true), ("wi*95", "win98", false),
            ("win*", "WindowsNT", true), ("jira software", "Software for Jira", true),
            ("\"jira software\"", "Software for Jira", false), ("\"jira software\"", "the JIRA Software team", true),
            ("bug OR crash", "app crash", true), ("bug crash", "app crash", false), ("crash -ios", "iOS crash", false),
            ("log-in", "please log in", true), ("log-in", "in log", false),
        ] as [(String, String, Bool)])
    func search(_ search: String, _ text: String, _ expected: Bool) throws {
        #expect(try matches(search, text) == expected)
    }

    @Test func leadingWildcardsAndEmptySearchesAreErrors() {
        #expect(throws: JQLMessage.self) { try JQLTextQuery.compile("*log") }
        #expect(throws: JQLMessage.self) { try JQLTextQuery.compile("?og") }
        #expect(throws: JQLMessage.self) { try JQLTextQuery.compile("  & ") }
    }

    @Test(
        arguments: [
            ("In Progress", "in progress", true), ("DONE", "done", true), ("Done", "don", false),
            ("Überprüft", "überprüft", true), ("ÜBERPRÜFT", "überprüft", true), ("Straße", "strasse", false),
            ("\u{212A}ey", "key", true),  // KELVIN SIGN lowercases to ASCII k
        ] as [(String, String, Bool)])
    func foldedEquality(_ value: String, _ lowered: String, _ expected: Bool) {
        #expect(JQLText.equalsFolded(value, lowered) == expected)
    }

    @Test func nonASCIIValuesMatchInTheFastPathToo() throws {
        let query = try JQLQuery.parse("status in (\"überprüft\", done) AND key = \"\u{212A}EY-1\"")
        let issue = TestIssue(key: "key-1", values: [.status: .text("ÜBERPRÜFT")])
        // Status: Unicode folding of "ÜBERPRÜFT"; key: the literal's KELVIN SIGN lowercases to ASCII "k".
        #expect(query.matches(issue, context: JQLContext()))
        let other = TestIssue(key: "KEY-2", values: [.status: .text("ÜBERPRÜFT")])
        #expect(!query.matches(other, context: JQLContext()))
    }
}
