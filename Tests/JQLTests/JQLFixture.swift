import JQL

/// A test issue: field values in a dictionary, optional change history.
struct TestIssue: JQLIssue {
    var key: String
    var values: [JQLField: JQLValue]
    var history: [JQLField: [JQLChange]] = [:]

    func jqlValue(of field: JQLField) -> JQLValue { field == .key ? .text(key) : values[field] ?? .empty }
    func jqlHistory(of field: JQLField) -> [JQLChange] { history[field] ?? [] }
}

/// Five issues whose match sets are worked out by hand in the tests.
///
/// Times (UTC, epoch seconds from GNU `date -u -d … +%s`):
/// now 2026-01-20T00:00 = 1768867200 (a Tuesday; the week started Sunday 2026-01-18).
enum Fixture {
    static let now = 1_768_867_200.0
    static let context = JQLContext(now: now)

    static let issues: [TestIssue] = [
        TestIssue(
            key: "WEB-1",
            values: [
                .project: .texts(["WEB", "Website"]), .issuetype: .text("Story"), .status: .text("In Progress"),
                .priority: .text("High"), .assignee: .text("alice"), .reporter: .text("bob"),
                .summary: .text("Login page fails on Safari"), .description: .text("Users cannot log in"),
                .labels: .texts(["ui", "safari"]), .components: .texts(["Frontend"]), .fixVersions: .texts(["1.2"]),
                .created: .date(1_768_035_600),  // 2026-01-10T09:00
                .updated: .date(1_768_824_000),  // 2026-01-19T12:00
                .votes: .number(3), .custom("cf[10010]"): .text("Gold"), .custom("story points"): .number(5),
                .property("issue.property[support].level"): .text("high"),
            ],
            // 01-12 10:00
            history: [.status: [JQLChange(from: "To Do", to: "In Progress", at: 1_768_212_000, by: "bob")]]),
        TestIssue(
            key: "WEB-2",
            values: [
                .project: .texts(["WEB", "Website"]), .issuetype: .text("Bug"), .status: .text("Done"),
                .priority: .text("Highest"), .reporter: .text("alice"),
                .summary: .text("Checkout total rounding error"), .labels: .texts([]),
                .components: .texts(["Backend", "Payments"]), .fixVersions: .texts(["1.10"]),
                .created: .date(1_767_571_200),  // 2026-01-05T00:00
                .resolved: .date(1_768_471_200),  // 2026-01-15T10:00
                .resolution: .text("Fixed"), .votes: .number(0),
            ],
            history: [
                .status: [
                    JQLChange(from: "To Do", to: "In Progress", at: 1_767_657_600, by: "alice"),  // 01-06 00:00
                    JQLChange(from: "In Progress", to: "Done", at: 1_768_471_200, by: "alice"),  // 01-15 10:00
                ],
                .assignee: [JQLChange(from: "alice", to: nil, at: 1_768_471_200, by: "alice")],
            ]),
        TestIssue(
            key: "WEB-12",
            values: [
                .project: .texts(["WEB", "Website"]), .issuetype: .text("Epic"), .status: .text("To Do"),
                .priority: .text("Medium"), .assignee: .text("bob"), .reporter: .text("bob"),
                .summary: .text("Payments redesign"), .labels: .texts(["payments"]),
                .created: .date(1_766_188_800),  // 2025-12-20T00:00
                .duedate: .date(1_769_817_600),  // 2026-01-31
                .votes: .number(10), .custom("cf[10010]"): .text("Silver"),
            ]),
        TestIssue(
            key: "MOB-3",
            values: [
                .project: .text("MOB"), .issuetype: .text("Story"), .status: .text("In Review"),
                .priority: .text("Low"), .assignee: .text("carol"), .reporter: .text("alice"),
                .summary: .text("Login screen crash"), .labels: .texts(["ui", "crash"]), .components: .texts(["iOS"]),
                .created: .date(1_768_725_000),  // 2026-01-18T08:30
                .votes: .number(1), .custom("cf[10010]"): .text("gold"), .custom("story points"): .number(2),
            ],
            history: [
                .status: [
                    JQLChange(from: "To Do", to: "In Progress", at: 1_768_726_800, by: "carol"),  // 01-18 09:00
                    JQLChange(from: "In Progress", to: "In Review", at: 1_768_834_800, by: "carol"),  // 01-19 15:00
                ]
            ]),
        TestIssue(
            key: "OPS-7",
            values: [
                .project: .text("OPS"), .issuetype: .text("Task"), .status: .text("Done"), .priority: .text("Lowest"),
                .assignee: .text("Alice"), .summary: .text("Rotate logging keys"), .labels: .texts(["infra"]),
                .created: .date(1_768_863_600),  // 2026-01-19T23:00
                .resolution: .text("Won't Do"), .votes: .number(0),
            ],
            history: [.status: [JQLChange(from: "To Do", to: "Done", at: 1_768_865_400, by: "alice")]]),  // 01-19 23:30
    ]

    /// Keys of the fixture issues matching `query`, in fixture order.
    static func keys(_ query: String, context: JQLContext = context) throws -> [String] {
        let parsed = try JQLQuery.parse(query)
        return issues.filter { parsed.matches($0, context: context) }.map(\.key)
    }
}
