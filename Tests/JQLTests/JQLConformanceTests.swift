import Testing

@testable import JQL

/// Queries Jira accepts and rejects, drawn from Atlassian's grammar tests (`jql-parser/test-utils/data/*.json`
/// in atlassian-frontend-mirror) and the JQL reference; each rejection names the column Jira's parser stops at.
@Suite struct JQLConformanceTests {
    static let valid: [String] = [
        // was-clause.json
        "assignee was empty", "assignee was not empty", "assignee was null", "assignee was a", "priority was 3",
        "assignee was currentUser()", "assignee was not currentUser()", "assignee was empty after \"2021-03-17\"",
        "assignee was empty after -4w", "assignee was empty after startOfWeek()", "assignee was not empty before now()",
        "assignee was empty on -4w", "assignee was empty during (\"2021-03-17\", now())", "assignee was empty by a",
        "assignee was empty by (a, currentUser())",
        "assignee was empty by jane after \"2020/07/31\" before \"2020/08/05\"", "assignee wAs NoT empty",
        "assignee was\nnot empty",
        // changed-clause.json
        "assignee changed", "assignee cHanGeD", "assignee changed after \"2021-03-17\"", "assignee changed before -4w",
        "assignee changed on now()", "assignee changed during (\"2021-03-17\", now())",
        "assignee changed by (a, currentUser())", "assignee changed from empty to null", "assignee changed from a to b",
        "assignee changed from currentUser() to membersOf(\"jira-administrators\")",
        "assignee changed from value to another_value by jane after \"2020/07/31\" before \"2020/08/05\"",
        // in-clause.json
        "assignee in membersOf(\"jira-administrators\")", "assignee not in membersOf(\"jira-administrators\")",
        "assignee in (a, b)", "assignee nOt In (a, b)", "assignee not\nin (a, b)", "assigneein in (a, b)",
        "assignee in(a)",
        // reserved-words.json and function-operand.json
        "issuetype = 'abort'", "issuetype = \"abort\"", "'abort' = value", "\"abort\" = value",
        "assignee = \"currentUser\"()", "assignee = 'currentUser'()", "assignee = currentUser( )",
        // The JQL reference and webhook filters
        "project = WEB AND status = \"In Progress\"",
        "project in (WEB, MOB) AND issuetype in (Story, Epic) AND status != Done", "key = WEB-12",
        "created > -7d", "created >= \"2026/01/10\"", "due <= \"2026-01-31 17:00\"", "cf[10010] = Gold",
        "issue.property[support].level = high", "summary ~ \"log*\"", "summary ~ \"\\\"login page\\\"\"",
        "labels = a\\ b", "summary ~ 'it\\'s'", "status = \"\\u0044one\"", "NOT NOT NOT project = WEB",
        "((project = WEB))", "project = WEB order by created DESC, key ASC", "ORDER BY priority", "",
        "updated < startOfDay(-1)", "resolved > startOfMonth(\"+14d\")", "votes >= 10",
        "fixVersion in (1.0, \"2.0\", EMPTY)", "reporter in (currentUser(), bob)",
        "status was in (Open, Reopened) by bob", "PROJECT = WEB and STATUS = Done or LABELS is EMPTY",
        "project=WEB&&status!=Done||labels=ui", "summary !~ crash", "created > \"4w 2d\"",
        // History on every field that keeps it, and custom fields (DESIGN §7.1)
        "status changed", "status changed from \"To Do\" to Done", "status was Done on -1d",
        "status was in (Done, \"In Review\") during (startOfDay(), now())", "status was not in (Done) before -2h",
        "priority changed from High to Low", "priority was not Highest", "priority changed after -1d by user3",
        "resolution changed", "resolution was Done", "resolution was empty before startOfDay()",
        "resolution changed from empty to Done", "fixVersion changed", "fixVersion was 1.0",
        "fixVersion changed to \"2.0\" on now()", "reporter changed", "reporter was user1",
        "reporter changed from user1 to user2", "assignee was user0 by aha-bot", "assignee changed to empty",
        "status changed OR NOT status changed", "NOT status changed AND assignee changed",
        "cf[10010] = Gold", "cf[10010] in (Gold, Silver)", "cf[10010] is EMPTY", "cf[10010] != Silver",
        "Tier = Gold", "\"Tier\" = Gold", "tier not in (Gold)", "updated >= -1d", "updated > startOfDay()",
        "resolved >= -7d", "resolved is not empty", "comment ~ \"comment 1\"", "statusCategory = Done",
        "statusCategory in (\"To Do\", \"In Progress\")", "component = Core", "parent = WEB-1",
    ]

    @Test(arguments: valid)
    func accepts(_ query: String) {
        #expect(throws: Never.self) { try JQLQuery.parse(query) }
    }

    struct Rejection: Sendable, CustomTestStringConvertible {
        var query: String
        var column: Int
        var message: String
        var testDescription: String { query }
        init(_ query: String, _ column: Int, _ message: String) {
            self.query = query
            self.column = column
            self.message = message
        }
    }

    static let invalid: [Rejection] = [
        // was-clause.json
        Rejection("assignee was", 13, "expected a value after 'was'"),
        Rejection("assignee was not", 17, "expected a value after 'was not'"),
        Rejection("assignee was empty after", 25, "expected a value after 'after'"),
        Rejection("assignee was empty during", 26, "expected a value after 'during'"),
        Rejection("assignee was (a, b)", 14, "'was' takes a single value; use WAS IN for a list"),
        Rejection("assignee was empty from a to b", 20, "FROM and TO go with CHANGED, not WAS"),
        // changed-clause.json
        Rejection("assignee changed value", 18, "expected AND, OR or ORDER BY before 'value'"),
        Rejection("assignee changed to", 20, "expected a value after 'to'"),
        Rejection("assignee changed by", 20, "expected a value after 'by'"),
        // in-clause.json
        Rejection("assignee in", 12, "expected a list in parentheses after 'in'"),
        Rejection("assignee in in (a)", 13, "expected a list in parentheses after 'in'"),
        Rejection("assignee not in empty", 17, "expected a list in parentheses after 'not in'"),
        Rejection("assignee in a", 13, "expected a list in parentheses after 'in'"),
        Rejection("assignee in -5", 13, "expected a list in parentheses after 'in'"),
        Rejection("assignee in (a) after -1w", 17, "expected AND, OR or ORDER BY before 'after'"),
        Rejection("assignee not in (a) by b", 21, "expected AND, OR or ORDER BY before 'by'"),
        // function-operand.json
        Rejection("fn()", 3, "expected an operator after 'fn'"),
        Rejection("issuetype = value(", 19, "expected a function argument"),
        Rejection("issuetype = value(one", 22, "expected ')' to close the arguments of 'value'"),
        Rejection("issuetype = value)", 18, "unexpected ')' without a matching '('"),
        Rejection("issuetype = ()value", 13, "'=' takes a single value; use IN for a list"),
        // reserved-words.json
        Rejection("assignee = abort", 12, "'abort' is a reserved JQL word"),
        Rejection("abort = value", 1, "'abort' is a reserved JQL word"),
        Rejection("SELECT = x", 1, "'SELECT' is a reserved JQL word"),
        Rejection("cf = value", 4, "expected '[' after 'cf'"),
        Rejection("and = value", 1, "expected a field name, found 'and'"),
        Rejection("order = value", 7, "expected BY after ORDER"),
        Rejection("empty = value", 1, "expected a field name, found 'empty'"),
        // Syntax
        Rejection("project = ", 11, "expected a value after '='"),
        Rejection("project WEB", 9, "expected an operator after 'project'"),
        Rejection("project = WEB status = Done", 15, "expected AND, OR or ORDER BY before 'status'"),
        Rejection("(project = WEB", 15, "expected ')' to close the '(' at column 1"),
        Rejection("project = WEB)", 14, "unexpected ')' without a matching '('"),
        Rejection("project = WEB AND", 18, "expected a field name at the end of the query"),
        Rejection("summary ~ \"abc", 11, "unterminated string: missing closing \""),
        Rejection("summary ~ log*", 14, "reserved character '*' must be in quotes"),
        Rejection("status = \"a\\qb\"", 12, "invalid escape '\\q'"),
        Rejection("status = \"\\u00G1\"", 11, "expected four hex digits after '\\u'"),
        Rejection("assignee is bob", 13, "expected EMPTY or NULL after 'is'"),
        Rejection("assignee is not bob", 17, "expected EMPTY or NULL after 'is not'"),
        Rejection("votes < empty", 9, "'<' cannot compare with EMPTY"),
        // Semantics Jira reports
        Rejection(
            "summary = x", 9, "the operator '=' is not supported by the 'summary' field; it supports ~, !~, IS, IS NOT"),
        Rejection("text != x", 6, "the operator '!=' is not supported by the 'text' field; it supports ~"),
        Rejection("status is empty", 8, "the operator 'is' is not supported by the 'status' field"),
        Rejection("project ~ WEB", 9, "the operator '~' is not supported by the 'project' field"),
        Rejection("summary was x", 9, "the operator 'was' is not supported by the 'summary' field"),
        Rejection("issuetype = fn()", 13, "unknown function 'fn()'"),
        Rejection("assignee = currentUser(x)", 12, "'currentUser()' takes no arguments"),
        Rejection("project = currentUser()", 11, "'currentUser()' returns users"),
        Rejection("created > yesterday", 11, "date value 'yesterday' for field 'created' is invalid"),
        Rejection("created > \"2026-13-01\"", 11, "date value '2026-13-01' for field 'created' is invalid"),
        Rejection("votes > many", 9, "'many' is not a number"),
        Rejection("key < foo", 7, "'FOO' is not an issue key"),
        Rejection("priority > urgent", 12, "'urgent' is not a priority Jira can order"),
        Rejection("summary ~ \"*log\"", 11, "a text search may not start with '*'"),
        Rejection("status was Done after bob", 23, "AFTER takes a date"),
        Rejection("status was Done during (now())", 24, "DURING takes two dates"),
        Rejection("created > startOfDay(1, 2)", 11, "'startOfDay()' takes at most one increment"),
        Rejection("created > startOfDay(x)", 11, "'x' is not an increment for 'startOfDay()'"),
        Rejection("assignee = membersOf()", 12, "'membersOf()' takes one group name"),
        // History and custom fields
        Rejection("labels was ui", 8, "the operator 'was' is not supported by the 'labels' field"),
        Rejection("created changed", 9, "the operator 'changed' is not supported by the 'created' field"),
        Rejection("status changed from", 20, "expected a value after 'from'"),
        Rejection("status was Done on", 19, "expected a value after 'on'"),
        Rejection("status was Done before x", 24, "BEFORE takes a date"),
        Rejection("status changed on bob", 19, "ON takes a date"),
        Rejection("cf[10010 = Gold", 10, "expected ']'"),
    ]

    @Test(arguments: invalid)
    func rejects(_ r: Rejection) {
        do {
            _ = try JQLQuery.parse(r.query)
            Issue.record("accepted \(r.query)")
        } catch {
            #expect(error.column == r.column)
            #expect(error.line == 1)
            #expect(error.message.hasPrefix(r.message), "\(error.message)")
        }
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.valid.count + Self.invalid.count >= 170)
    }

    /// Every word in `JQLLexer.g4`'s RESERVED_WORD list is rejected unquoted and accepted quoted.
    @Test func everyReservedWordNeedsQuotes() throws {
        for word in JQLReservedWords.all {
            #expect(throws: JQLError.self) { try JQLQuery.parse("\(word) = value") }
            _ = try JQLQuery.parse("issuetype = \"\(word)\"")
        }
    }
}
