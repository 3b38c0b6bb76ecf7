import Testing

@testable import JQL

/// Numeric ids where names are expected, as Jira's field reference allows for `project`,
/// `issuetype`, `status` and `priority` ("project name, key or id"). The instance below numbers
/// APP 10000 and API 10001, Story 10001 and Bug 10002, In Progress 3 and Done 10001, High 2.
@Suite struct JQLVocabularyIDsTests {
    static let vocabulary = JQLVocabulary(
        values: [
            (.project, ["APP", "API"]), (.issuetype, ["Story", "Bug"]), (.status, ["To Do", "In Progress", "Done"]),
            (.priority, ["High", "Low"]), (.fixVersions, ["1.0", "2"]),
        ],
        ids: [
            (.project, [("10000", "APP"), ("10001", "API")]), (.issuetype, [("10001", "Story"), ("10002", "Bug")]),
            (.status, [("10000", "To Do"), ("3", "In Progress"), ("10001", "Done")]),
            (.priority, [("2", "High"), ("4", "Low")]),
        ])

    static func problems(_ query: String) throws -> [String] {
        let parsed = try JQLQuery.parse(query)
        guard let expression = parsed.expression else { return [] }
        return vocabulary.check(expression, text: query).map { "\($0.column): \($0.message)" }
    }

    @Test(arguments: [
        "project = 10000", "issuetype = 10001", "status = 3", "priority = 2", "project in (APP, 10001)",
        "status changed from 10000 to 3", "status was 10001", "fixVersion = 2",
    ])
    func acceptsIDs(_ query: String) throws {
        #expect(try Self.problems(query) == [])
    }

    /// Jira's wording for a number that is no id of the field; the caret is at the number.
    @Test func unknownIDInJirasWords() throws {
        #expect(
            try Self.problems("project = 10002")
                == ["11: A value with ID '10002' does not exist for the field 'project'. Did you mean '10000'?"])
        #expect(
            try Self.problems("status = 7")
                == ["10: A value with ID '7' does not exist for the field 'status'. Did you mean '3'?"])
        #expect(
            try Self.problems("priority in (2, 99999)")
                == ["17: A value with ID '99999' does not exist for the field 'priority'."])
        #expect(
            try Self.problems("status changed to 42")
                == ["19: A value with ID '42' does not exist for the field 'status'."])
    }

    /// Compiled against the vocabulary an id matches what its name matches, in the current value
    /// and in the history; without the vocabulary the number is just text and matches nothing.
    @Test func idsMatchAsTheirNames() throws {
        let issue = TestIssue(
            key: "APP-1",
            values: [
                .project: .text("APP"), .issuetype: .text("Bug"), .status: .text("In Progress"),
                .priority: .text("High"),
            ],
            history: [.status: [JQLChange(from: "To Do", to: "In Progress", at: 100)]])
        let context = JQLContext(now: 200)
        func matches(_ jql: String, _ vocabulary: JQLVocabulary? = Self.vocabulary) throws -> Bool {
            try JQLQuery.parse(jql, vocabulary: vocabulary).matches(issue, context: context)
        }
        #expect(try matches("project = 10000 AND issuetype = 10002 AND status = 3 AND priority = 2"))
        #expect(try !matches("project = 10001"))
        #expect(try matches("project != 10001 AND status not in (10000, 10001)"))
        #expect(try matches("status changed from 10000 to 3"))
        #expect(try matches("status was 10000"))
        #expect(try !matches("status was 10001"))
        #expect(try !matches("project = 10000", nil))
        // NB: a version named "2" is a name, not an id: it stays "2".
        #expect(Self.vocabulary.name(forID: "2", of: .fixVersions) == nil)
        #expect(Self.vocabulary.name(forID: "2", of: .priority) == "High")
    }

    /// Explaining a miss resolves ids as matching did: APP-1 is in APP (10000) and In Progress, so of
    /// `project = 10000 AND status = 10001` it is the status clause that fails, not the project one.
    @Test func explainingAMissResolvesIDs() throws {
        let issue = TestIssue(key: "APP-1", values: [.project: .text("APP"), .status: .text("In Progress")])
        let q = try JQLQuery.parse("project = 10000 AND status = 10001", vocabulary: Self.vocabulary)
        #expect(q.firstFailingClause(issue, context: JQLContext()) == "status = 10001")
    }
}
