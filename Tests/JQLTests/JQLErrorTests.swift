import Testing

@testable import JQL

/// Error positions and rendering in the house `error: … --> place:line:column` shape.
@Suite struct JQLErrorTests {
    private func error(_ query: String, mode: JQLMode = .standard) -> JQLError? {
        do {
            _ = try JQLQuery.parse(query, mode: mode)
            return nil
        } catch {
            return error
        }
    }

    @Test func rendersTheIssueExample() throws {
        let query = "project = "
        let e = try #require(error(query))
        #expect(e == JQLError(message: "expected a value after '='", line: 1, column: 11, offset: 10))
        let expected = """
            error: expected a value after '='
             --> webhooks[0].jql:1:11
              | project =
              |           ^
            """
        #expect(e.rendered(source: "webhooks[0].jql", query: query) == expected)
    }

    @Test func pointsIntoTheRightLineOfAMultiLineQuery() throws {
        let query = "project = WEB\nAND status = "
        let e = try #require(error(query))
        #expect(e.line == 2)
        #expect(e.column == 14)
        #expect(e.offset == 27)
        #expect(
            e.rendered(source: "t.jql", query: query)
                == "error: expected a value after '='\n --> t.jql:2:14\n  | AND status =\n  |              ^")
    }

    @Test func caretFollowsTabs() throws {
        let query = "\tsummary = x"
        let e = try #require(error(query))
        #expect(e.column == 10)
        #expect(e.rendered(source: "q", query: query).hasSuffix("  | \tsummary = x\n  | \t        ^"))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let e = try #require(error("status = \"Überprüft\" AND summary = x"))
        #expect(e.column == 34)
    }

    @Test func descriptionGivesPlaceAndMessage() throws {
        let e = try #require(error("project in"))
        #expect(e.description == "1:11: expected a list in parentheses after 'in', e.g. in (A, B)")
    }

    // MARK: Dynamic webhooks

    @Test(arguments: [
        "project = WEB", "issueKey = WEB-1", "key in (WEB-1, WEB-2)", "issuetype != Bug",
        "status not in (Done, Closed)", "assignee = alice OR reporter = bob", "NOT (project = WEB AND status = Done)",
        "cf[10010] = Gold", "issue.property[support].level in (high, low)", "",
    ])
    func dynamicWebhookAccepts(_ query: String) {
        #expect(error(query, mode: .dynamicWebhook) == nil)
    }

    @Test(
        arguments: [
            ("summary ~ login", 1, "the clause 'summary'"),
            ("labels = ui", 1, "the clause 'labels'"),
            ("project = WEB AND priority = High", 19, "the clause 'priority'"),
            ("\"Story Points\" = 3", 1, "the clause 'Story Points'"),
            (
                "assignee is empty", 10,
                "the operator 'is' is unsupported in dynamic webhook filters; allowed operators are =, !=, IN and NOT IN"
            ),
            ("status was Done", 8, "the operator 'was' is unsupported in dynamic webhook filters"),
            ("status changed", 8, "the operator 'changed' is unsupported in dynamic webhook filters"),
            ("key > WEB-1", 5, "the operator '>' is unsupported in dynamic webhook filters"),
        ] as [(String, Int, String)])
    func dynamicWebhookRejects(_ query: String, _ column: Int, _ message: String) throws {
        let e = try #require(error(query, mode: .dynamicWebhook))
        #expect(e.column == column)
        #expect(e.message.hasPrefix(message), "\(e.message)")
        #expect(error(query) == nil, "standard mode accepts it")
    }

    @Test func dynamicMessageListsAllowedFields() throws {
        let e = try #require(error("summary ~ x", mode: .dynamicWebhook))
        #expect(
            e.message
                == "the clause 'summary' is unsupported in dynamic webhook filters; allowed fields are issueKey, "
                + "project, issuetype, status, assignee, reporter, issue.property[…] and cf[id]")
    }

    // MARK: Robustness

    @Test func nestingUpTo200IsAcceptedAndDeeperIsAnError() throws {
        let ok = String(repeating: "(", count: 200) + "a = b" + String(repeating: ")", count: 200)
        #expect(error(ok) == nil)
        let deep = String(repeating: "(", count: 201) + "a = b" + String(repeating: ")", count: 201)
        let e = try #require(error(deep))
        #expect(e.message == "the query is nested more than 200 levels deep")
        #expect(e.column == 201)
        #expect(error(String(repeating: "NOT ", count: 100_000) + "a = b") != nil)
        #expect(error(String(repeating: "(", count: 100_000)) != nil)
        #expect(error("a in " + String(repeating: "(", count: 100_000)) != nil)
    }

    @Test func longFlatChainsAreFine() throws {
        let query = (0..<20_000).map { "project = P\($0)" }.joined(separator: " OR ")
        let parsed = try JQLQuery.parse(query)
        let issue = TestIssue(key: "P19999-1", values: [.project: .text("p19999")])
        #expect(parsed.matches(issue, context: JQLContext()))
    }

    /// Thousands of deterministic pseudo-random queries from JQL's own alphabet: none may crash or hang.
    @Test func randomInputNeverCrashes() {
        let pieces = [
            "project", " ", "=", "!=", "~", "(", ")", ",", "\"", "'", "\\", "u", "in", "not", "is", "empty", "was",
            "changed", "after", "by", "from", "to", "during", "and", "or", "!", "&", "|", "cf", "[", "]", "10", "-7d",
            "now()", "startOfDay", "order", "by", "WEB-1", "*", "\n", "é", "select", "<", ">=", "issue.property", ".x",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var accepted = 0
        for _ in 0..<5_000 {
            var query = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 60) + 1 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                query += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            if let parsed = try? JQLQuery.parse(query) {
                accepted += 1
                _ = parsed.matches(Fixture.issues[0], context: Fixture.context)
            } else if let e = error(query) {
                _ = e.rendered(source: "fuzz", query: query)
            }
        }
        #expect(accepted > 0)
    }
}

@Suite struct JQLErrorWindowTests {
    @Test func longLinesAreShownAsAWindowAroundTheColumn() {
        // 300 'a's, the error at column 201 (offset 200): the window is columns 141...260, after an ellipsis.
        let line = String(repeating: "a", count: 300)
        let e = JQLError(message: "m", line: 1, column: 201, offset: 200)
        let expected =
            "error: m\n --> f:1:201\n  | …" + String(repeating: "a", count: 120) + "…\n  | "
            + String(repeating: " ", count: 61) + "^"
        #expect(e.rendered(source: "f", query: line) == expected)
    }

    @Test func theStartOfALongLineKeepsItsColumns() {
        let line = "project = " + String(repeating: "x", count: 200)
        let e = JQLError(message: "m", line: 1, column: 9, offset: 8)
        let rendered = e.rendered(source: "f", query: line)
        #expect(rendered.hasSuffix("  | " + String(repeating: " ", count: 8) + "^"))
        #expect(rendered.contains("  | project = xxx"))
    }
}
