import SimKit

@testable import HookSim

/// Builders for small worlds whose outcomes can be worked out by hand: constant network latency,
/// no failures, constant service time, and activity only from bursts so the changes are known.
enum SmallWorld {
    static func jira(
        kind: JiraKind = .cloud, issues: Int = 10, types: [(String, Double)] = [("Story", 1)],
        projects: [String] = ["WEB"], delivery: DeliverySpec? = nil
    ) -> JiraInstanceSpec {
        var d = delivery ?? DeliverySpec.defaults(for: kind)
        if delivery == nil { d.dispatchDelay = .constant(.seconds(1)) }
        return JiraInstanceSpec(
            id: "acme", kind: kind, users: 5, integrationAccount: "aha-bot",
            projects: projects.map { ProjectSpec(key: $0, issues: issues, types: types) }, delivery: d)
    }

    static func scenario(
        jira: JiraInstanceSpec = jira(), bursts: [BurstSpec], echoShare: Double = 0,
        workspaces: [String] = ["WEB"],
        users: [UserSpec] = [UserSpec(name: "Integration user", roles: [("*", .contributor)])],
        integrations: [IntegrationSpec] = [IntegrationSpec(id: "web", workspace: "WEB", jira: "acme", project: "WEB")],
        topologies: [TopologySpec], timeline: [TimelineEntry] = [], workers: Int = 4,
        service: Distribution = .constant(.milliseconds(100)), network: NetworkSpec? = nil,
        processing: ProcessingSpec? = nil, duration: SimDuration = .hours(1), drain: SimDuration = .hours(2)
    ) -> Scenario {
        Scenario(
            name: "small", seed: 7, duration: duration, drain: drain, jira: [jira],
            activity: ActivitySpec(rate: Rate(perSecond: 0), echoShare: echoShare, bursts: bursts),
            network: network ?? NetworkSpec(latency: .constant(.milliseconds(50))),
            aha: AhaSpec(
                workspaces: workspaces, users: users, integrations: integrations,
                processing: processing
                    ?? ProcessingSpec(workers: workers, serviceTime: service, queueLimit: nil, rateLimit: nil)),
            topologies: topologies, timeline: timeline)
    }

    static func hook(
        _ name: String, _ integration: String = "web", runAs: String = "Integration user", jql: String = ""
    ) -> WebhookSpec {
        WebhookSpec(name: name, integration: integration, runAs: runAs, jql: jql)
    }

    static func burst(
        _ count: Int, _ kind: ChangeKind, at: SimDuration = .minutes(1), project: String? = nil,
        over: SimDuration = .zero
    ) -> BurstSpec {
        BurstSpec(at: at, count: count, kind: kind, project: project, over: over)
    }
}
