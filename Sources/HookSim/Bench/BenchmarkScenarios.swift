import SimKit

/// Generated scenarios for benchmarks: large enough to be representative, defined in code so a
/// benchmark never depends on a file.
public enum BenchmarkScenarios {
    /// A large company's Jira Cloud: `projects` projects of 200 issues each (several thousand issues),
    /// one 2.0 integration per project over 10 workspaces, and `webhooks` webhooks with no JQL filter
    /// pointing at the first integrations' endpoints, driven until `changes` Jira changes.
    public static func pipeline(changes: Int, webhooks: Int, projects: Int = 30, seed: UInt64 = 1) -> Scenario {
        let keys = (0..<projects).map { "P\($0)" }
        let workspaces = (0..<10).map { "W\($0)" }
        let rate = 200.0  // changes per simulated second
        let duration = SimDuration.seconds(Double(changes) / rate * 1.2 + 60)
        var delivery = DeliverySpec.defaults(for: .cloud)
        delivery.dispatchDelay = .exponential(mean: .seconds(2))
        let integrations = keys.enumerated().map { i, key in
            IntegrationSpec(
                id: "int-\(key)", version: .v2, workspace: workspaces[i % workspaces.count], jira: "big",
                project: key, linked: 0.8, sync: SyncSpec(fields: ["summary", "priority", "assignee"]))
        }
        let hooks = (0..<webhooks).map { i in
            WebhookSpec(
                name: "hook-\(i)", integration: integrations[i % integrations.count].id, runAs: "Integration user")
        }
        return Scenario(
            name: "pipeline", seed: seed, duration: duration, drain: .hours(1),
            jira: [
                JiraInstanceSpec(
                    id: "big", kind: .cloud, users: 500,
                    projects: keys.map { ProjectSpec(key: $0, issues: 200) }, delivery: delivery)
            ],
            activity: ActivitySpec(rate: Rate(perSecond: rate), echoShare: 0.05),
            network: NetworkSpec(
                latency: .lognormal(median: .milliseconds(120), p99: .milliseconds(1500)),
                failureRate: 0.002, ackLossRate: 0.001),
            aha: AhaSpec(
                workspaces: workspaces, users: [UserSpec(name: "Integration user", roles: [("*", .contributor)])],
                integrations: integrations,
                processing: ProcessingSpec(
                    workers: 400, serviceTime: .lognormal(median: .milliseconds(150), p99: .seconds(2)),
                    queueLimit: 100_000, rateLimit: nil)),
            topologies: [TopologySpec(name: "bench", webhooks: hooks)],
            limits: Limits(maxEvents: Int.max, maxIssues: Int.max, maxChanges: changes))
    }
}
