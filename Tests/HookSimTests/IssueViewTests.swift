import JQL
import SimKit
import Testing

@testable import HookSim

/// Two hand-made issues at 03:00 on 2026-01-01 (simulated time 3h), and which filters match them.
///
/// APP-1 (index 0) went To Do → In Progress at 1h (by user0), then → Done at 2h (by the
/// integration account), which resolved it and set fix version 1.1; it is High, assigned to
/// user0, reported by user1, has labels {ui}, component Web, two comments, created ten days
/// before the run. APP-2 (index 1) was created at 1h under APP-1: To Do, Medium, unassigned,
/// no labels, no comments, no history. Tier is Gold for every issue (share 1).
@Suite struct IssueViewTests {
    static let hour = SimDuration.hours(1)

    static func world() -> JiraWorld {
        var w = JiraWorld()
        w.instances = [
            JiraInstance(
                id: "acme", kind: .cloud, users: 3, integrationAccount: "aha-bot", projects: [0],
                delivery: DeliverySpec.defaults(for: .cloud))
        ]
        let story = w.internType("Story")
        w.projects = [JiraProject(key: "APP", instance: 0, types: [(story, 1)], weight: 1)]
        w.customFields = [[CustomFieldSpec(id: 10010, name: "Tier", options: ["Gold", "Silver"], shares: [1, 0])]]
        var a = Issue(
            project: 0, number: 1, type: story, parent: -1, reporter: 1, created: .zero - .hours(240),
            values: FieldValues(3, 0, 0, 1, 0, 4, 2, 0))
        a.comments = 2
        a.updated = .zero + .hours(2)
        a.resolved = .zero + .hours(2)
        a.fixVersion = 1
        var b = Issue(
            project: 0, number: 2, type: story, parent: 0, reporter: 0, created: .zero + hour,
            values: FieldValues(0, 0, 0, 2, -1, 0, 0, 0))
        b.updated = .zero + hour
        w.issues = [a, b]
        w.keepsHistory = true
        w.history = [
            [
                HistoryEntry(field: .status, at: .zero + hour, from: 0, to: 1, by: 0),
                HistoryEntry(field: .status, at: .zero + .hours(2), from: 1, to: 3, by: -1),
                HistoryEntry(field: .resolution, at: .zero + .hours(2), from: -1, to: 0, by: -1),
                HistoryEntry(field: .fixVersion, at: .zero + .hours(2), from: -1, to: 1, by: -1),
            ],
            [],
        ]
        return w
    }

    /// The indices of the issues `query` matches at 3h.
    static func matches(_ query: String) throws -> [Int] {
        let w = world()
        let q = try JQLQuery.parse(query)
        let context = JQLContext(now: IssueView.epoch + 3 * 3600)
        let names = ["user0", "user1", "user2"]
        return (0..<2).filter { q.matches(IssueView(world: w, index: Int32($0), userNames: names), context: context) }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var expected: [Int]
        var testDescription: String { query }
        init(_ query: String, _ expected: [Int]) {
            self.query = query
            self.expected = expected
        }
    }

    static let fields: [Case] = [
        Case("updated >= -1d", [0, 1]), Case("updated >= -90m", [0]), Case("created < -1d", [0]),
        Case("created >= \"2026-01-01\"", [1]), Case("resolved is EMPTY", [1]), Case("resolved >= -2h", [0]),
        Case("resolution = Done", [0]), Case("resolution is EMPTY", [1]), Case("statusCategory = Done", [0]),
        Case("statusCategory = \"To Do\"", [1]), Case("fixVersion = 1.1", [0]), Case("fixVersion is EMPTY", [1]),
        Case("reporter = user1", [0]), Case("assignee is EMPTY", [1]), Case("comment ~ \"comment 2\"", [0]),
        Case("labels = ui", [0]), Case("labels is EMPTY", [1]), Case("component = Web", [0]),
        Case("parent = APP-1", [1]), Case("cf[10010] = Gold", [0, 1]), Case("Tier = Silver", []),
        Case("priority = High", [0]), Case("status = Done", [0]),
    ]

    @Test(arguments: fields)
    func field(_ c: Case) throws {
        #expect(try Self.matches(c.query) == c.expected)
    }

    static let history: [Case] = [
        Case("status CHANGED", [0]), Case("status CHANGED OR NOT status CHANGED", [0, 1]),
        Case("status CHANGED FROM \"To Do\" TO \"In Progress\"", [0]), Case("status CHANGED BY aha-bot", [0]),
        Case("status CHANGED BY user2", []), Case("status CHANGED AFTER -90m", [0]),
        Case("status CHANGED BEFORE -150m", []), Case("status CHANGED ON \"2026-01-01\"", [0]),
        Case("status CHANGED DURING (-150m, -90m)", [0]), Case("status WAS \"In Progress\"", [0]),
        Case("status WAS \"To Do\"", [0, 1]), Case("status WAS IN (\"In Review\", Done)", [0]),
        Case("status WAS NOT Done", [1]), Case("status WAS NOT IN (Done, \"In Progress\")", [1]),
        Case("status WAS \"In Progress\" DURING (-150m, -90m)", [0]),
        Case("status WAS \"In Progress\" BEFORE -150m", []),
        Case("status WAS \"In Progress\" AFTER -90m", [0]), Case("status WAS Done ON \"2026-01-01\"", [0]),
        Case("status WAS \"In Progress\" BY user0", [0]), Case("resolution CHANGED TO Done", [0]),
        Case("fixVersion CHANGED FROM EMPTY TO 1.1", [0]), Case("priority CHANGED", []), Case("priority WAS High", [0]),
        Case("assignee WAS user0", [0]), Case("reporter CHANGED", []),
    ]

    @Test(arguments: history)
    func historyOperator(_ c: Case) throws {
        #expect(try Self.matches(c.query) == c.expected)
    }
}
