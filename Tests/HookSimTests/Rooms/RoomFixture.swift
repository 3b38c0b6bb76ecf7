import JQL
import SimKit

@testable import HookSim

/// A two-integration account for the room tests: `web` (v2) and `api` (v1) both link project WEB
/// of instance `acme`; user `writer` contributes to both workspaces, `reader` only views WEB.
enum RoomFixture {
    static func scenario(
        kind: JiraKind = .cloud, delivery: DeliverySpec? = nil, network: NetworkSpec? = nil,
        processing: ProcessingSpec? = nil, linked: Double = 1
    ) -> Scenario {
        SmallWorld.scenario(
            jira: SmallWorld.jira(kind: kind, issues: 4, types: [("Epic", 0.5), ("Story", 0.5)], delivery: delivery),
            bursts: [], workspaces: ["WEB", "API"],
            users: [
                UserSpec(name: "writer", roles: [("*", .contributor)]),
                UserSpec(name: "reader", roles: [("WEB", .viewer), ("API", .owner)]),
            ],
            integrations: [
                IntegrationSpec(id: "web", workspace: "WEB", jira: "acme", project: "WEB", linked: linked),
                IntegrationSpec(
                    id: "api", version: .v1, workspace: "API", jira: "acme", project: "WEB", linked: linked,
                    sync: SyncSpec(status: false, comments: false, fields: ["summary"])),
            ],
            topologies: [TopologySpec(name: "t", webhooks: [])], network: network, processing: processing)
    }

    /// The filter of a webhook with empty JQL: every issue.
    static let everything: JQLQuery = {
        do { return try JQLQuery.parse("", vocabulary: nil) } catch {
            preconditionFailure("empty JQL parses: \(error)")
        }
    }()

    static func account(_ s: Scenario) -> (AhaAccount, JiraWorld) {
        let world = JiraWorld.generate(s)
        let rules = IntegrationRule.rules(of: s, world: world)
        let account = AhaAccount(
            s.aha, rules: rules, byProject: IntegrationRule.byProject(rules, projects: world.projects.count),
            instances: world.instances.count, issues: world.issues.count)
        return (account, world)
    }

    static func hook(
        version: IntegrationVersion = .v2, integration: Int = 0, events: [JiraEventName] = JiraEventName.allCases
    ) -> HookState {
        HookState(name: "h", integration: integration, instance: 0, version: version, events: events, enabled: true)
    }

    static func job(
        _ kind: EventKind, issue: Int32, values: FieldValues = FieldValues(repeating: 0),
        versions: FieldValues = FieldValues(repeating: 0)
    ) -> Job {
        Job(hook: 0, change: 1, track: 0, kind: kind, issue: issue, attempt: 0, values: values, versions: versions)
    }

    static func measures(_ s: Scenario) -> Measures {
        var m = Measures(users: s.aha.users.count, integrations: s.aha.integrations.count, span: .hours(3))
        m.jira.hookDeliveries = [0]
        m.jira.hookExposure = [0]
        return m
    }
}
