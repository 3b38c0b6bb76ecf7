@testable import HookSim

/// A small account for the live tests, small enough to work every expectation out by hand.
///
/// No starting issues (`issues: 0`) and `linked: 1.0`, so every issue first seen through anything
/// but its create is linked in each integration of its project. Projects: WEB (integration `web`,
/// 2.0), MOB (`mob`, 2.0), OPS (`legacy`, 1.0). `web`'s endpoint can therefore reach WEB and MOB
/// records; `legacy`'s reaches none of them.
enum LiveFixtures {
    static let scenario = """
        {
          name: "live", seed: 7, duration: "1h",
          jira: [{id: "acme", kind: "cloud", integrationAccount: "aha-bot",
                  projects: [{key: "WEB", issues: 0}, {key: "MOB", issues: 0}, {key: "OPS", issues: 0}]}],
          activity: {rate: "10/h"},
          aha: {
            workspaces: ["WEB", "MOB", "OPS"],
            users: [{name: "Owner", roles: {"*": "contributor"}}, {name: "Viewer", roles: {"*": "viewer"}}],
            integrations: [
              {id: "web", workspace: "WEB", jira: "acme", project: "WEB", runAs: "Owner", secret: "It's a Secret to Everybody"},
              {id: "mob", workspace: "MOB", jira: "acme", project: "MOB", runAs: "Owner"},
              {id: "legacy", version: "1.0", workspace: "OPS", jira: "acme", project: "OPS", runAs: "Owner"},
            ],
            processing: {workers: 2, serviceTime: {constant: "10ms"}, queueLimit: 100},
          },
          topologies: [{name: "all", webhooks: [{name: "w", integration: "web", runAs: "Owner"}]}],
        }
        """

    static func load() throws -> Scenario { try ScenarioLoader.load(text: scenario, file: "live.json5") }

    static let runAs = ["web": "Owner", "mob": "Owner", "legacy": "Owner"]

    /// A Cloud `comment_created` body (JIRA-WEBHOOKS.md §2.4), no top-level `user`.
    static func comment(_ key: String, id: String = "10000", at timestamp: Int = 1_767_225_600_000, by: String = "5a1b")
        -> String
    {
        """
        {"timestamp": \(timestamp), "webhookEvent": "comment_created",
         "comment": {"self": "https://acme.atlassian.net/rest/api/2/issue/1/comment/\(id)", "id": "\(id)",
                     "author": {"accountId": "\(by)", "displayName": "Sam"}, "body": "Leaving a comment here! :)",
                     "created": "2026-01-01T00:00:00.000+0000", "jsdPublic": true},
         "issue": {"id": "1", "self": "https://acme.atlassian.net/rest/api/2/issue/1", "key": "\(key)",
                   "fields": {"summary": "A minor issue", "issuetype": {"id": "10001", "name": "Story"},
                              "project": {"id": "10000", "key": "\(key.split(separator: "-")[0])"}}}}
        """
    }

    /// A Cloud `jira:issue_updated` setting `field` (changelog id as a number, as Atlassian's example has it).
    static func update(
        _ key: String, field: String = "summary", to value: String = "New", parent: String? = nil,
        changelog: Int = 10124
    ) -> String {
        let parentField = parent.map { #", "parent": {"key": "\#($0)"}"# } ?? ""
        return """
            {"timestamp": 1767225601000, "webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_generic",
             "user": {"accountId": "99:2793", "accountType": "atlassian"},
             "issue": {"id": "2", "key": "\(key)", "fields": {"summary": "\(value)",
                       "issuetype": {"name": "Story"}, "project": {"key": "\(key.split(separator: "-")[0])"}\(parentField)}},
             "changelog": {"id": \(changelog), "items": [{"field": "\(field)", "fieldtype": "jira", "from": null,
                           "fromString": "Old", "to": null, "toString": "\(value)"}]}}
            """
    }

    /// A Data Center `jira:issue_created` (user by `name`) under `parent`.
    static func create(_ key: String, parent: String, type: String = "Sub-task") -> String {
        """
        {"timestamp": 1767225602000, "webhookEvent": "jira:issue_created", "issue_event_type_name": "issue_created",
         "user": {"name": "alice", "key": "JIRAUSER10100"},
         "issue": {"id": "3", "key": "\(key)", "fields": {"summary": "Child", "issuetype": {"name": "\(type)"},
                   "project": {"key": "\(key.split(separator: "-")[0])"}, "parent": {"key": "\(parent)"}}}}
        """
    }
}
