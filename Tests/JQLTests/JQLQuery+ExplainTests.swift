import JQL
import Testing

/// `firstFailingClause` names the part of a filter an issue failed, as written, worked out by hand
/// for one issue: project WEB, status "In Progress", priority High, labels ui and safari.
@Suite struct JQLQueryExplainTests {
    static let issue = TestIssue(
        key: "WEB-7",
        values: [
            .project: .text("WEB"), .status: .text("In Progress"), .priority: .text("High"),
            .labels: .texts(["ui", "safari"]),
        ])

    static let cases: [(query: String, failing: String?)] = [
        // Matches: nothing failed.
        ("project = WEB", nil),
        ("", nil),
        // One clause, quoted as written (spacing and case kept).
        ("project = MOB", "project = MOB"),
        ("status   =  Done", "status   =  Done"),
        // An AND fails at its first failing term, left to right.
        ("project = WEB AND status = Done AND priority = Low", "status = Done"),
        ("project = WEB AND labels in (ui) AND priority = Low", "priority = Low"),
        // An OR fails only when all its terms fail: the whole OR.
        ("project = MOB OR project = OPS", "project = MOB OR project = OPS"),
        // Inside an AND, the innermost failing part.
        ("project = WEB AND (status = Done OR priority = Low)", "status = Done OR priority = Low"),
        (
            "(project = WEB OR project = MOB) AND (labels = api OR priority = Low) AND status = Done",
            "labels = api OR priority = Low"
        ),
        ("project = WEB AND (status = \"In Progress\" AND priority in (Low, Lowest))", "priority in (Low, Lowest)"),
        // Under NOT, a clause that held is the failure.
        ("NOT project = WEB", "NOT project = WEB"),
        ("project = WEB AND NOT labels = ui", "NOT labels = ui"),
        // NOT (a OR b) fails at the first of a, b that holds; NOT (a AND b) only when both hold.
        ("NOT (project = MOB OR status = \"In Progress\")", "NOT status = \"In Progress\""),
        ("NOT (project = WEB AND priority = High)", "NOT (project = WEB AND priority = High)"),
        // A nested OR of ANDs keeps its structure.
        ("(project = MOB AND status = Done) OR priority = Low", "project = MOB AND status = Done OR priority = Low"),
    ]

    @Test(arguments: cases)
    func failingClause(_ c: (query: String, failing: String?)) throws {
        let q = try JQLQuery.parse(c.query)
        #expect(q.firstFailingClause(Self.issue, context: JQLContext()) == c.failing)
    }

    /// The miss lists the fields the failing part reads, so a caller can show the issue's values.
    @Test func fieldsOfTheMiss() throws {
        let q = try JQLQuery.parse("project = WEB AND (status = Done OR priority = Low)")
        let miss = try #require(q.failingClause(Self.issue, context: JQLContext()))
        #expect(miss.fields == [.status, .priority])
    }

    /// Clause spans are set by the parser: quoting a clause of a query with ORDER BY stops at the clause.
    @Test func spanStopsAtClauseEnd() throws {
        let q = try JQLQuery.parse("status WAS Done BEFORE \"2026-01-01\" ORDER BY created")
        #expect(q.firstFailingClause(Self.issue, context: JQLContext()) == "status WAS Done BEFORE \"2026-01-01\"")
    }
}
