import Testing

@testable import JQL

/// `WAS` and `CHANGED` over the fixture's status and assignee histories:
/// WEB-1 To Do → In Progress (01-12 10:00, bob); WEB-2 To Do → In Progress (01-06, alice) → Done (01-15 10:00, alice),
/// assignee alice → none (01-15 10:00); WEB-12 no history (To Do); MOB-3 To Do → In Progress (01-18 09:00, carol)
/// → In Review (01-19 15:00, carol); OPS-7 To Do → Done (01-19 23:30, alice). now = 2026-01-20T00:00.
@Suite struct JQLHistoryTests {
    @Test(
        arguments: [
            // Current values count: WEB-1 is still In Progress.
            ("status was \"In Progress\"", ["WEB-1", "WEB-2", "MOB-3"]),
            // Everyone started in To Do; WEB-12 has no history but is To Do now.
            ("status was \"To Do\"", ["WEB-1", "WEB-2", "WEB-12", "MOB-3", "OPS-7"]),
            ("status was not \"To Do\"", []),
            ("status WAS \"in progress\" BEFORE 2026-01-10", ["WEB-2"]),
            ("status was \"In Progress\" after \"2026-01-16\"", ["WEB-1", "MOB-3"]),
            ("status was \"In Progress\" on 2026-01-18", ["WEB-1", "MOB-3"]),
            ("status was \"In Progress\" during (\"2026-01-01\", \"2026-01-05\")", []),
            ("status was \"In Progress\" during (\"2026-01-01\", \"2026-01-07\")", ["WEB-2"]),
            ("status was \"In Progress\" by carol", ["MOB-3"]),
            ("status was \"In Progress\" by (alice, bob)", ["WEB-1", "WEB-2"]),
            ("status was in (Done, \"In Review\")", ["WEB-2", "MOB-3", "OPS-7"]),
            ("status was not in (Done, \"In Review\")", ["WEB-1", "WEB-12"]),
            ("status changed", ["WEB-1", "WEB-2", "MOB-3", "OPS-7"]),
            ("status changed to Done", ["WEB-2", "OPS-7"]),
            ("status changed from \"To Do\" to Done", ["OPS-7"]),
            ("status changed by carol", ["MOB-3"]),
            ("status changed after -1d", ["MOB-3", "OPS-7"]),
            ("status changed during (\"2026-01-12\", \"2026-01-15\")", ["WEB-1"]),
            ("status changed on \"2026-01-15\"", ["WEB-2"]),
            ("status changed from \"In Progress\" to Done by alice before now()", ["WEB-2"]),
            // Assignee: WEB-2 started with alice; OPS-7's "Alice" matches ignoring case.
            ("assignee was alice", ["WEB-1", "WEB-2", "OPS-7"]),
            ("assignee was empty", ["WEB-2"]),
            ("assignee changed from alice to empty", ["WEB-2"]),
            ("assignee changed to null", ["WEB-2"]),
        ] as [(String, [String])])
    func history(_ query: String, _ expected: [String]) throws {
        #expect(try Fixture.keys(query) == expected)
    }

    @Test func wasByCurrentUser() throws {
        let carol = JQLContext(now: Fixture.now, currentUser: "carol")
        #expect(try Fixture.keys("status was \"In Review\" by currentUser()", context: carol) == ["MOB-3"])
    }

    @Test func unorderedHistoryIsSortedFirst() throws {
        let issue = TestIssue(
            key: "X-1", values: [.status: .text("Done")],
            history: [
                .status: [
                    JQLChange(from: "Review", to: "Done", at: 200),
                    JQLChange(from: "Open", to: "Review", at: 100),
                ]
            ])
        let query = try JQLQuery.parse("status was Review during (\"1970-01-01 00:01\", \"1970-01-01 00:03\")")
        #expect(query.matches(issue, context: JQLContext()))
        #expect(
            try JQLQuery.parse("status was Open after \"1970-01-01 00:02\"").matches(issue, context: JQLContext())
                == false)
    }
}
