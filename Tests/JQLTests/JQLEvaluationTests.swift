import Testing

@testable import JQL

/// Match sets over `Fixture.issues`, each worked out by hand from Jira's documented semantics
/// (the reasoning is in the comment beside each case).
@Suite struct JQLEvaluationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var expected: [String]
        var testDescription: String { query }
        init(_ query: String, _ expected: [String]) {
            self.query = query
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        // The benchmark filter: WEB-2 is a Bug, OPS-7 another project.
        Case("project in (WEB, MOB) AND issuetype in (Story, Epic) AND status != Done", ["WEB-1", "WEB-12", "MOB-3"]),
        // Project keys and names compare ignoring case; WEB issues give both key and name.
        Case("project = web", ["WEB-1", "WEB-2", "WEB-12"]),
        Case("project = Website", ["WEB-1", "WEB-2", "WEB-12"]),
        Case("type = bug", ["WEB-2"]),
        Case("ISSUETYPE = STORY", ["WEB-1", "MOB-3"]),
        // Users ignore case: OPS-7's assignee is "Alice".
        Case("assignee = alice", ["WEB-1", "OPS-7"]),
        // != never matches an empty field: WEB-2 is unassigned.
        Case("assignee != alice", ["WEB-12", "MOB-3"]),
        Case("assignee is empty", ["WEB-2"]),
        Case("assignee = EMPTY", ["WEB-2"]),
        Case("assignee is not null", ["WEB-1", "WEB-12", "MOB-3", "OPS-7"]),
        Case("assignee != EMPTY", ["WEB-1", "WEB-12", "MOB-3", "OPS-7"]),
        // Multi-valued fields match when any value matches; != / NOT IN need a value and none matching.
        Case("labels = ui", ["WEB-1", "MOB-3"]),
        Case("labels != ui", ["WEB-12", "OPS-7"]),
        Case("labels not in (ui, infra)", ["WEB-12"]),
        Case("labels in (crash, infra)", ["MOB-3", "OPS-7"]),
        Case("labels is empty", ["WEB-2"]),
        Case("labels in (payments, EMPTY)", ["WEB-2", "WEB-12"]),
        Case("component = payments", ["WEB-2"]),
        // Versions order naturally: 1.10 > 1.2.
        Case("fixVersion > 1.2", ["WEB-2"]),
        Case("fixVersion >= 1.2", ["WEB-1", "WEB-2"]),
        // Text: words, ignoring case; trailing wildcard; quoted phrase; all words required.
        Case("summary ~ login", ["WEB-1", "MOB-3"]),
        Case("summary ~ \"log*\"", ["WEB-1", "MOB-3", "OPS-7"]),
        Case("summary ~ \"\\\"login page\\\"\"", ["WEB-1"]),
        Case("summary ~ \"page login\"", ["WEB-1"]),
        Case("summary ~ \"\\\"page login\\\"\"", []),
        Case("summary !~ login", ["WEB-2", "WEB-12", "OPS-7"]),
        // Jira's text syntax: ? is one character, * any run (not first), OR alternatives, - and NOT exclude.
        Case("summary ~ \"log?n\"", ["WEB-1", "MOB-3"]),
        Case("summary ~ \"r*g\"", ["WEB-2"]),
        Case("summary ~ \"safari OR crash\"", ["WEB-1", "MOB-3"]),
        Case("summary ~ \"login -crash\"", ["WEB-1"]),
        Case("summary ~ \"login NOT page\"", ["MOB-3"]),
        Case("summary ~ \"LOGIN && screen\"", ["MOB-3"]),
        // text searches summary, description, environment and comments: only WEB-1's description has "log".
        Case("text ~ log", ["WEB-1"]),
        // now − 7 days = 2026-01-13T00:00.
        Case("created > -7d", ["MOB-3", "OPS-7"]),
        Case("created > \"-1w\"", ["MOB-3", "OPS-7"]),
        Case("created >= 2026-01-10", ["WEB-1", "MOB-3", "OPS-7"]),
        Case("created < \"2026/01/10 09:00\"", ["WEB-2", "WEB-12"]),
        Case("created <= \"2026-01-10 09:00\"", ["WEB-1", "WEB-2", "WEB-12"]),
        Case("updated > -1d", ["WEB-1"]),
        // startOfDay(-1) = 2026-01-19T00:00; the week began Sunday 2026-01-18; the month 2026-01-01.
        Case("created >= startOfDay(-1)", ["OPS-7"]),
        Case("created >= startOfWeek()", ["MOB-3", "OPS-7"]),
        Case("created >= startOfMonth()", ["WEB-1", "WEB-2", "MOB-3", "OPS-7"]),
        Case("created < startOfYear()", ["WEB-12"]),
        Case("created < startOfMonth(-10d)", ["WEB-12"]),  // 2025-12-22
        Case("duedate <= endOfMonth()", ["WEB-12"]),
        Case("duedate < endOfMonth(-1)", []),
        Case("due is empty", ["WEB-1", "WEB-2", "MOB-3", "OPS-7"]),
        Case("resolved >= \"2026-01-15\" AND resolved < \"2026-01-16\"", ["WEB-2"]),
        // Numbers compare numerically.
        Case("votes > 2", ["WEB-1", "WEB-12"]),
        Case("votes = 0", ["WEB-2", "OPS-7"]),
        Case("votes in (1, 3)", ["WEB-1", "MOB-3"]),
        Case("\"Story Points\" > 3", ["WEB-1"]),
        // Keys: equality ignoring case; ordering by number within a project.
        Case("key = web-12", ["WEB-12"]),
        Case("key < WEB-12", ["WEB-1", "WEB-2"]),
        Case("issuekey > WEB-1", ["WEB-2", "WEB-12"]),
        Case("id in (MOB-3, OPS-7)", ["MOB-3", "OPS-7"]),
        Case("cf[10010] = gold", ["WEB-1", "MOB-3"]),
        Case("cf[10010] is empty", ["WEB-2", "OPS-7"]),
        Case("issue.property[support].level = HIGH", ["WEB-1"]),
        // Priorities order by the default scheme: Highest > High > Medium > Low > Lowest.
        Case("priority > Medium", ["WEB-1", "WEB-2"]),
        Case("priority <= low", ["MOB-3", "OPS-7"]),
        // resolution = Unresolved means no resolution.
        Case("resolution = Unresolved", ["WEB-1", "WEB-12", "MOB-3"]),
        Case("resolution is not empty", ["WEB-2", "OPS-7"]),
        Case("resolution = \"Won't Do\"", ["OPS-7"]),
        // Precedence: NOT > AND > OR; parentheses override.
        Case("NOT project = WEB", ["MOB-3", "OPS-7"]),
        Case("not not project = WEB", ["WEB-1", "WEB-2", "WEB-12"]),
        Case("!(status = Done)", ["WEB-1", "WEB-12", "MOB-3"]),
        Case("project = MOB OR project = OPS AND status = Done", ["MOB-3", "OPS-7"]),
        Case("(project = MOB OR project = OPS) AND status = Done", ["OPS-7"]),
        Case("project = WEB AND NOT status = Done OR labels = crash", ["WEB-1", "WEB-12", "MOB-3"]),
        Case("summary ~ crash || labels = infra", ["MOB-3", "OPS-7"]),
        Case("project = WEB && votes > 5 | project = OPS", ["WEB-12", "OPS-7"]),
        Case("project = WEB & !(votes > 0)", ["WEB-2"]),
        // Empty queries and ORDER BY alone match everything.
        Case("", ["WEB-1", "WEB-2", "WEB-12", "MOB-3", "OPS-7"]),
        Case("  \n ", ["WEB-1", "WEB-2", "WEB-12", "MOB-3", "OPS-7"]),
        Case("order by created desc", ["WEB-1", "WEB-2", "WEB-12", "MOB-3", "OPS-7"]),
        Case("project = OPS order by key asc, created", ["OPS-7"]),
    ]

    @Test(arguments: cases)
    func matchSet(_ c: Case) throws {
        #expect(try Fixture.keys(c.query) == c.expected)
    }

    @Test func currentUserNeedsAUser() throws {
        #expect(try Fixture.keys("assignee = currentUser()", context: JQLContext(now: Fixture.now)) == [])
        let alice = JQLContext(now: Fixture.now, currentUser: "ALICE")
        #expect(try Fixture.keys("assignee = currentUser()", context: alice) == ["WEB-1", "OPS-7"])
        #expect(try Fixture.keys("reporter = currentUser()", context: alice) == ["WEB-2", "MOB-3"])
    }

    @Test func membersOfUsesContextGroups() throws {
        let context = JQLContext(now: Fixture.now, groups: ["devs": ["bob", "Carol"]])
        #expect(try Fixture.keys("assignee in membersOf(\"devs\")", context: context) == ["WEB-12", "MOB-3"])
        #expect(try Fixture.keys("assignee in membersOf(DEVS)", context: context) == ["WEB-12", "MOB-3"])
        #expect(try Fixture.keys("assignee not in membersOf(devs)", context: context) == ["WEB-1", "OPS-7"])
        #expect(try Fixture.keys("assignee in membersOf(nobody)", context: context) == [])
    }

    @Test func emptyQueryMatchesEverything() throws {
        #expect(try JQLQuery.parse("").matchesEverything)
        #expect(try JQLQuery.parse(" \t").matchesEverything)
        #expect(try !JQLQuery.parse("project = WEB").matchesEverything)
    }
}
