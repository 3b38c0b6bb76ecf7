import Testing

@testable import JQL

/// Filters checked the way Jira checks them when a webhook is saved; every message and column
/// below was worked out from the query by hand (columns count from 1, did-you-mean within a third
/// of the length in edits).
@Suite struct JQLVocabularyTests {
    /// A small instance: two projects, three types, the default workflow, two users, one custom field.
    static let vocabulary = JQLVocabulary(
        values: [
            (.project, ["APP", "API"]), (.issuetype, ["Story", "Epic", "Bug"]),
            (.status, ["To Do", "In Progress", "Done"]), (.statusCategory, ["To Do", "In Progress", "Done"]),
            (.priority, ["High", "Medium", "Low"]), (.resolution, ["Done", "Won't Do"]),
            (.components, ["Core", "Web"]), (.fixVersions, ["1.0", "2.0"]), (.assignee, ["alice", "bob"]),
            (.reporter, ["alice", "bob"]), (.custom("cf[10010]"), ["Gold", "Silver"]),
            (.custom("tier"), ["Gold", "Silver"]),
        ], customFields: ["cf[10010]", "tier"])

    static func problems(_ query: String) throws -> [JQLError] {
        let parsed = try JQLQuery.parse(query)
        guard let expression = parsed.expression else { return [] }
        return vocabulary.check(expression, text: query)
    }

    static let valid: [String] = [
        "project = app", "project in (APP, API)", "status = \"in progress\"", "issuetype = story", "cf[10010] = Gold",
        "Tier = Silver", "tier in (Gold, Silver)", "cf[10010] is EMPTY", "assignee = currentUser()",
        "assignee is EMPTY",
        "fixVersion in (1.0, \"2.0\", EMPTY)", "status changed from \"To Do\" to Done by alice", "summary ~ anything",
        "labels = whatever", "created > -1d", "key = APP-1", "statusCategory = \"In Progress\"",
        "resolution = \"Won't Do\"", "component in (Core, Web)", "reporter was bob",
        "priority was High during (-1w, now())", "status was in (\"To Do\", Done) before -1d", "updated >= -1d",
        "assignee changed by (alice, bob)", "status was not Done after startOfDay()",
        "project = APP AND issuetype in (Story, Epic) AND status != Done", "resolved is EMPTY",
        "fixVersion changed to 2.0", "resolution changed from EMPTY to Done", "reporter in (bob, currentUser())",
        "",
    ]

    @Test(arguments: valid)
    func accepts(_ query: String) throws {
        #expect(try Self.problems(query) == [])
    }

    static let invalid: [JQLConformanceTests.Rejection] = [
        .init(
            "projct in (APP, API)", 1,
            "Field 'projct' does not exist or you do not have permission to view it. Did you mean 'project'?"),
        .init("project = APPP", 11, "The value 'APPP' does not exist for the field 'project'. Did you mean 'APP'?"),
        .init("status != Donee", 11, "The value 'Donee' does not exist for the field 'status'. Did you mean 'Done'?"),
        .init(
            "issuetype in (Story, Epics)", 22,
            "The value 'Epics' does not exist for the field 'issuetype'. Did you mean 'Epic'?"),
        .init("project = OPS", 11, "The value 'OPS' does not exist for the field 'project'."),
        .init(
            "cf[10020] = Gold", 1,
            "Field 'cf[10020]' does not exist or you do not have permission to view it. Did you mean 'cf[10010]'?"),
        .init("Tier = Bronze", 8, "The value 'Bronze' does not exist for the field 'Tier'."),
        .init("tier = Gld", 8, "The value 'Gld' does not exist for the field 'tier'. Did you mean 'Gold'?"),
        .init("status was Donee", 12, "The value 'Donee' does not exist for the field 'status'. Did you mean 'Done'?"),
        .init(
            "status changed from Todo to Done", 21,
            "The value 'Todo' does not exist for the field 'status'. Did you mean 'To Do'?"),
        .init("assignee = carol", 12, "The value 'carol' does not exist for the field 'assignee'."),
        .init(
            "assignee changed by bobb", 21, "The value 'bobb' does not exist for the field 'by'. Did you mean 'bob'?"),
        .init("statusCategory = Finished", 18, "The value 'Finished' does not exist for the field 'statusCategory'."),
        .init(
            "priority in (High, Hgh)", 20,
            "The value 'Hgh' does not exist for the field 'priority'. Did you mean 'High'?"),
        .init("resolution = Fixed", 14, "The value 'Fixed' does not exist for the field 'resolution'."),
        .init("component = Cor", 13, "The value 'Cor' does not exist for the field 'component'. Did you mean 'Core'?"),
        .init("fixVersion = 3.0", 14, "The value '3.0' does not exist for the field 'fixVersion'. Did you mean '1.0'?"),
        .init(
            "project = APP AND labelz = x", 19,
            "Field 'labelz' does not exist or you do not have permission to view it. Did you mean 'labels'?"),
        .init(
            "Sumary ~ x", 1,
            "Field 'Sumary' does not exist or you do not have permission to view it. Did you mean 'summary'?"),
        .init(
            "Teir = Gold", 1,
            "Field 'Teir' does not exist or you do not have permission to view it. Did you mean 'tier'?"),
        .init("reporter was bobb", 14, "The value 'bobb' does not exist for the field 'reporter'. Did you mean 'bob'?"),
        .init(
            "\"Story Points\" > 3", 1, "Field 'Story Points' does not exist or you do not have permission to view it."),
        .init("status = Done AND priority = Urgent", 30, "The value 'Urgent' does not exist for the field 'priority'."),
        .init("NOT project = API2", 15, "The value 'API2' does not exist for the field 'project'. Did you mean 'API'?"),
        .init(
            "assignee was alice by carl", 23, "The value 'carl' does not exist for the field 'by'."),
        .init("issuetype = Tsk", 13, "The value 'Tsk' does not exist for the field 'issuetype'."),
    ]

    @Test(arguments: invalid)
    func rejects(_ r: JQLConformanceTests.Rejection) throws {
        let found = try Self.problems(r.query)
        #expect(found.first?.column == r.column)
        #expect(found.first?.line == 1)
        #expect(found.first?.message == r.message)
    }

    /// Every problem is reported, in the order of the query, so a user fixes a filter in one round.
    @Test func reportsEveryProblemInOrder() throws {
        let found = try Self.problems("projct = A AND status = Donee OR issuetype = Bugg")
        #expect(found.map(\.column) == [1, 25, 46])
    }

    @Test func withLegacyTableTheConformanceSetReachesTwoHundred() {
        let total =
            Self.valid.count + Self.invalid.count + JQLConformanceTests.valid.count
            + JQLConformanceTests.invalid.count
        #expect(total >= 200)
    }
}
