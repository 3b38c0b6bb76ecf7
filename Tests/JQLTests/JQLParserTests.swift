import Testing

@testable import JQL

/// The shape of the syntax tree: precedence, flattening, operands, predicates and ORDER BY.
@Suite struct JQLParserTests {
    private func tree(_ text: String) throws -> JQLExpression? {
        try JQLQuery.parse(text).expression
    }

    /// A compact rendering of the tree, written by hand in each expectation.
    private func shape(_ e: JQLExpression?) -> String {
        switch e {
        case nil: return "∅"
        case .and(let terms)?: return "and(" + terms.map(shape).joined(separator: ",") + ")"
        case .or(let terms)?: return "or(" + terms.map(shape).joined(separator: ",") + ")"
        case .not(let inner)?: return "not(" + shape(inner) + ")"
        case .clause(let c)?: return c.fieldText
        }
    }

    @Test(
        arguments: [
            ("a = 1 OR b = 1 AND c = 1", "or(a,and(b,c))"),
            ("a = 1 AND b = 1 OR c = 1", "or(and(a,b),c)"),
            ("NOT a = 1 AND b = 1", "and(not(a),b)"),
            ("NOT (a = 1 AND b = 1)", "not(and(a,b))"),
            ("a = 1 AND b = 1 AND c = 1", "and(a,b,c)"),
            ("(a = 1 OR b = 1) AND c = 1", "and(or(a,b),c)"),
            ("! ! a = 1", "not(not(a))"),
            ("a = 1 | b = 1 & c = 1", "or(a,and(b,c))"),
            ("", "∅"),
            ("ORDER BY a", "∅"),
        ] as [(String, String)])
    func precedence(_ query: String, _ expected: String) throws {
        #expect(shape(try tree(query)) == expected)
    }

    @Test func clauseParts() throws {
        guard case .clause(let c)? = try tree("Status WAS NOT IN (Done, EMPTY) BY (bob, currentUser()) AFTER -2d")
        else {
            Issue.record("not a clause")
            return
        }
        #expect(c.field == .status)
        #expect(c.op == .wasNotIn)
        #expect(
            c.operand
                == .list([.value("Done", quoted: false, offset: 19), .empty], offset: 18))
        #expect(c.predicates.map(\.kind) == [.by, .after])
        #expect(c.predicates[1].operand == .value("-2d", quoted: false, offset: 62))
    }

    @Test func fieldAliasesAndSpecialFields() throws {
        let fields: [(String, JQLField)] = [
            ("type = x", .issuetype), ("issueKey = A-1", .key), ("id = A-1", .key), ("key = A-1", .key),
            ("component = x", .components), ("fixVersion = x", .fixVersions), ("CF[10010] = x", .custom("cf[10010]")),
            ("\"Story Points\" = 3", .custom("story points")),
            ("issue.property[support].level = x", .property("issue.property[support].level")),
            ("affectedVersion = x", .affectedVersions), ("due = 2026-01-01", .duedate),
        ]
        for (query, field) in fields {
            guard case .clause(let c)? = try tree(query) else {
                Issue.record("\(query) is not a clause")
                continue
            }
            #expect(c.field == field, "\(query)")
        }
    }

    @Test func functionsAndOrderBy() throws {
        let q = try JQLQuery.parse("assignee in membersOf(\"jira-devs\") order by cf[10010] desc, key")
        guard case .clause(let c)? = q.expression else {
            Issue.record("not a clause")
            return
        }
        #expect(c.operand == .function("membersOf", arguments: ["jira-devs"], offset: 12))
        #expect(
            q.orderBy == [
                JQLSortKey(field: .custom("cf[10010]"), descending: true), JQLSortKey(field: .key, descending: nil),
            ])
    }
}
