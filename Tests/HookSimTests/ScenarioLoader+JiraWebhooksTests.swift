import Foundation
import Testing

@testable import HookSim

/// Webhooks imported from the array Jira's admin REST resource returns (DESIGN.md §7.4).
@Suite struct JiraWebhooksImportTests {
    static let scenario = """
        {
          jira: [{id: "acme", projects: [{key: "WEB", issues: 10}, {key: "OPS", issues: 10}]}],
          activity: {rate: "120/h"},
          duration: "1h",
          aha: {
            workspaces: ["WEB", "OPS"],
            users: [{name: "Ann", roles: {"*": "owner"}}, {name: "Vic", roles: {"*": "viewer"}}],
            integrations: [
              {id: "web", workspace: "WEB", jira: "acme", project: "WEB", runAs: "Ann", webhookUrl: "https://acme.aha.io/api/v1/webhooks/jira/web"},
              {id: "ops", workspace: "OPS", jira: "acme", project: "OPS", runAs: "Vic", webhookUrl: "https://acme.aha.io/api/v1/webhooks/jira/ops"},
            ],
          },
          topologies: [{name: "as-in-jira", webhooks: {import: "hooks.json"}}],
        }
        """

    /// As Jira Data Center's `GET /rest/webhooks/1.0/webhook` lists them, with the keys HookSim
    /// does not use (`self`, `lastUpdated…`) left in.
    static let hooks = """
        [
          {"name": "Aha WEB", "url": "https://acme.aha.io/api/v1/webhooks/jira/web", "excludeBody": false,
           "filters": {"issue-related-events-section": "project = WEB"},
           "events": ["jira:issue_created", "jira:issue_updated", "comment_created", "sprint_started", "jira:version_released"],
           "enabled": true, "self": "https://jira.acme.example/rest/webhooks/1.0/webhook/1", "lastUpdatedUser": "admin",
           "lastUpdatedDisplayName": "Administrator", "lastUpdated": 1408453976000},
          {"name": "Aha OPS", "url": "https://acme.aha.io/api/v1/webhooks/jira/ops",
           "filters": {"issue-related-events-section": ""}, "events": ["jira:issue_updated"], "enabled": false}
        ]
        """

    /// Writes the scenario and the webhooks file into a new folder; returns the scenario's path.
    static func files(scenario: String = scenario, hooks: String = hooks) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hooksim-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try hooks.write(to: dir.appendingPathComponent("hooks.json"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("scenario.json5").path
        try scenario.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func webhooksComeFromJirasList() throws {
        let s = try ScenarioLoader.load(path: Self.files())
        let hooks = s.topologies[0].webhooks
        #expect(hooks.map(\.name) == ["Aha WEB", "Aha OPS"])
        #expect(hooks.map(\.integration) == ["web", "ops"])
        // Run-as comes from the integration the URL names.
        #expect(hooks.map(\.runAs) == ["Ann", "Vic"])
        #expect(hooks[0].jql == "project = WEB")
        #expect(hooks[0].events == [.issueCreated, .issueUpdated, .commentCreated])
        #expect(hooks[1].jql == "")
        #expect(hooks[1].events == [.issueUpdated])
        #expect(hooks.map(\.enabled) == [true, false])
        #expect(
            s.notes == [
                "topology 'as-in-jira': webhook 'Aha WEB': events sprint_started, jira:version_released ignored (HookSim does not model them)"
            ])
    }

    @Test func anUnmatchedURLNamesTheKnownOnes() throws {
        let path = try Self.files(hooks: Self.hooks.replacingOccurrences(of: "jira/ops\"", with: "jira/opz\""))
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("loaded a webhook that posts to no integration")
        } catch {
            #expect(error.file.hasSuffix("/hooks.json"))
            #expect(error.line == 7)
            #expect(error.column == 30)
            #expect(
                error.message
                    == "webhook 'Aha OPS' posts to \"https://acme.aha.io/api/v1/webhooks/jira/opz\", which is no integration's aha.integrations[].webhookUrl; the known ones are https://acme.aha.io/api/v1/webhooks/jira/web (web), https://acme.aha.io/api/v1/webhooks/jira/ops (ops)"
            )
        }
    }

    @Test func aFilterJiraWouldRefuseIsAnErrorInTheImportedFile() throws {
        let path = try Self.files(hooks: Self.hooks.replacingOccurrences(of: "project = WEB", with: "projct = WEB"))
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("loaded a filter with an unknown field")
        } catch {
            #expect(error.file.hasSuffix("/hooks.json"))
            #expect(error.line == 3)
            #expect(error.message.hasPrefix("invalid JQL: "))
            #expect(error.message.contains("projct"))
        }
    }

    @Test func anIntegrationWithoutRunAsCannotTakeImportedWebhooks() throws {
        let path = try Self.files(scenario: Self.scenario.replacingOccurrences(of: #"runAs: "Vic", "#, with: ""))
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
    }

    @Test func aMissingFileSaysWhereItLooked() throws {
        let path = try Self.files(scenario: Self.scenario.replacingOccurrences(of: "hooks.json", with: "nope.json"))
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("loaded a scenario whose webhooks file does not exist")
        } catch {
            #expect(error.path == "topologies[0].webhooks.import")
            #expect(error.message.hasPrefix("cannot read the Jira webhooks file \"nope.json\" (looked for "))
        }
    }

    /// The printed block, pasted in place of the import, gives the same webhooks and the same run.
    @Test func thePrintedBlockIsTheSameTopology() throws {
        let path = try Self.files()
        let imported = try ScenarioLoader.load(path: path)
        let hooks = try ScenarioLoader.jiraWebhooks(
            bytes: Array(Self.hooks.utf8), file: "hooks.json", aha: imported.aha, jira: imported.jira)
        let block = ScenarioLoader.webhooksBlock(hooks)
        #expect(block.hasPrefix("// webhook 'Aha WEB': events sprint_started, jira:version_released ignored"))
        let pasted = Self.scenario.replacingOccurrences(
            of: #"{name: "as-in-jira", webhooks: {import: "hooks.json"}}"#,
            with: "{name: \"as-in-jira\", "
                + block.split(separator: "\n").filter { !$0.hasPrefix("//") }.joined(separator: "\n") + "}")
        let written = try ScenarioLoader.load(text: pasted, file: "pasted.json5")
        #expect(written.topologies == imported.topologies)
        let a = try Simulator.run(imported).topologies[0].json.rendered(indent: nil)
        let b = try Simulator.run(written).topologies[0].json.rendered(indent: nil)
        #expect(a == b)
    }

    @Test(arguments: [
        (["jira-webhooks", "hooks.json"], "Missing expected option '--scenario <file>'"),
        (
            ["jira-webhook", "hooks.json", "--scenario", "s.json5"],
            "Unknown import 'jira-webhook': the one kind is 'jira-webhooks'"
        ),
        (["jira-webhooks", "--scenario", "s.json5"], "Missing expected argument '<file>'"),
        (["jira-webhooks", "a", "--scenario", "s.json5", "--sed"], "Unknown option '--sed'"),
    ])
    func commandLineErrors(arguments: [String], message: String) {
        #expect(throws: UsageError(message: message, command: "import")) { try ImportCommand.parse(arguments) }
    }
}
