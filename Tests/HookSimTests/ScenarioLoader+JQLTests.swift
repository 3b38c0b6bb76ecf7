import SimKit
import Testing

@testable import HookSim

/// Filters checked at load against the webhook's own instance. Two instances: acme (APP, API;
/// custom field Tier) and beta (OPS). Line 7 holds the filter: the multi-line literal keeps 4 of its 12 spaces, so `    jql: "`
/// puts the filter's first character at column 11.
@Suite struct ScenarioLoaderJQLTests {
    static func scenario(_ jql: String, more: String = "") -> String {
        """
        {
          jira: [{id: "acme", projects: [{key: "APP", issues: 5, types: {Story: 1}}, {key: "API", issues: 5}],
                  customFields: [{id: 10010, name: "Tier", values: {Gold: 0.2, Silver: 0.8}}]},
                 {id: "beta", projects: [{key: "OPS", issues: 5}]}],
          aha: {workspaces: ["W"], users: [{name: "Ann", roles: {W: "owner"}}], integrations: [{id: "w", workspace: "W", jira: "acme", project: "APP"}]},
          topologies: [{name: "t", webhooks: [{name: "h", integration: "w", runAs: "Ann",
            jql: "\(jql)"}]}],\(more)
        }
        """
    }

    static func error(_ jql: String, more: String = "") -> ScenarioError? {
        do {
            _ = try ScenarioLoader.load(text: scenario(jql, more: more), file: "s.json5")
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownFieldInJirasWords() throws {
        let e = try #require(Self.error("projct in (APP, API)"))
        #expect(
            e.message
                == "invalid JQL: Field 'projct' does not exist or you do not have permission to view it. Did you mean 'project'?"
        )
        #expect(e.line == 7)
        #expect(e.column == 11)
        #expect(e.path == "topologies[0].webhooks[0].jql")
    }

    /// `jql: "project = APPP"`: the value starts 10 characters into the filter, at column 21.
    @Test func unknownValueWithDidYouMeanAndCaret() throws {
        let e = try #require(Self.error("project = APPP"))
        #expect(
            e.message == "invalid JQL: The value 'APPP' does not exist for the field 'project'. Did you mean 'APP'?")
        #expect(e.column == 21)
        #expect(e.description.hasSuffix("\n  | " + String(repeating: " ", count: 20) + "^"))
    }

    @Test func aProjectOfTheOtherInstanceDoesNotExist() throws {
        let e = try #require(Self.error("project = OPS"))
        #expect(e.message == "invalid JQL: The value 'OPS' does not exist for the field 'project'.")
    }

    /// Users are user0 … user39 (the default 40) and the integration account aha-bot.
    @Test func usersOfTheInstance() throws {
        #expect(Self.error("assignee in (user0, user39, aha-bot) AND status CHANGED BY user25") == nil)
        let e = try #require(Self.error("assignee = user40"))
        #expect(
            e.message
                == "invalid JQL: The value 'user40' does not exist for the field 'assignee'. Did you mean 'user0'?")
        #expect(Self.error("reporter = user07") != nil)
    }

    @Test func declaredCustomFieldByIdAndName() {
        #expect(Self.error("cf[10010] = Gold AND Tier in (Gold, Silver)") == nil)
        #expect(Self.error("issuetype = Story AND status = Done AND updated >= -1d") == nil)
    }

    @Test func undeclaredCustomFieldAndUnknownOption() throws {
        let e = try #require(Self.error("cf[10020] = Gold"))
        #expect(
            e.message
                == "invalid JQL: Field 'cf[10020]' does not exist or you do not have permission to view it. Did you mean 'cf[10010]'?"
        )
        let o = try #require(Self.error("Tier = Bronze"))
        #expect(o.message == "invalid JQL: The value 'Bronze' does not exist for the field 'Tier'.")
        #expect(o.column == 18)
    }

    /// Three bad values and a bad expectation: all four reported, filters first in file order.
    @Test func everyErrorOfTheFileAtOnce() throws {
        let e = try #require(
            Self.error(
                "status = Donee OR priority = Hgh OR assignee = nobody", more: "\n  expect: {t: {nothing: \"== 0\"}},"))
        #expect(e.others.count == 3)
        #expect([e.column] + e.others.prefix(2).map(\.column) == [20, 40, 58])
        #expect(e.others[2].path.hasPrefix("expect"))
        #expect(e.description.hasSuffix("4 errors"))
    }

    @Test func atMostTwentyErrors() throws {
        let many = (0..<25).map { "status = X\($0)" }.joined(separator: " OR ")
        let e = try #require(Self.error(many))
        #expect(e.others.count == 19)
    }

    /// Two filters with syntax errors, one in a topology and one added by the timeline: both
    /// reported, each once, at the column after its '=' (11 + 8 on line 7; 88 + 9 on line 8).
    @Test func everySyntaxErrorAtOnce() throws {
        let more =
            "\n  timeline: [{at: \"1h\", addWebhook: {name: \"h2\", integration: \"w\", runAs: \"Ann\", jql: \"project =\"}}],"
        let e = try #require(Self.error("status =", more: more))
        #expect(e.message == "invalid JQL: expected a value after '='")
        #expect([e.line, e.column] == [7, 19])
        #expect(e.others.map { [$0.line, $0.column] } == [[8, 97]])
    }

    /// Ids of the instance (README, *JQL filters*): acme's projects APP 10000 and API 10001, its first
    /// type Story 10000, In Progress 3, High 2. `project = 10002` is no project of acme: the number
    /// starts 10 characters into the filter, at column 21.
    @Test func idsOfTheInstance() throws {
        #expect(Self.error("project = 10000 AND issuetype = 10000 AND status = 3 AND priority = 2") == nil)
        #expect(Self.error("project in (10001, APP) AND status changed from 10000 to 10001") == nil)
        let e = try #require(Self.error("project = 10002"))
        #expect(
            e.message
                == "invalid JQL: A value with ID '10002' does not exist for the field 'project'. Did you mean '10000'?")
        #expect(e.column == 21)
    }

    /// An id filters exactly as its name: WEB is 10000, In Progress 3; 10 transitions of 10 issues
    /// that start in random statuses, so both pairs drop the same changes (and the status pair some).
    @Test func idsFilterAsTheirNames() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .transition)],
            topologies: [
                TopologySpec(
                    name: "name", webhooks: [SmallWorld.hook("a", jql: "project = WEB AND status = \"In Progress\"")]),
                TopologySpec(name: "id", webhooks: [SmallWorld.hook("a", jql: "project = 10000 AND status = 3")]),
            ])
        let r = try Simulator.run(s)
        let byName = try #require(r.topologies[0].value("dropped.byReason.jqlFiltered"))
        #expect(byName > 0 && byName < 10)
        #expect(r.topologies[1].value("dropped.byReason.jqlFiltered") == byName)
    }
}
