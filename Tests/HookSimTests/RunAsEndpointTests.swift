import SimKit
import Testing

@testable import HookSim

/// Run-as belongs to the endpoint (DESIGN.md §2): an integration's `runAs` is the default, two
/// webhooks reaching one endpoint must agree, and `setRunAs` moves every webhook of that endpoint.
@Suite struct RunAsEndpointTests {
    static func text(_ webhooks: String, timeline: String = "") -> String {
        """
        {
          jira: [{id: "acme", projects: [{key: "WEB", issues: 10}]}],
          aha: {
            workspaces: ["WEB"],
            users: [{name: "Ann", roles: {WEB: "owner"}}, {name: "Bob", roles: {WEB: "viewer"}}],
            integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB", runAs: "Ann"}],
          },
          topologies: [{name: "one", webhooks: [\(webhooks)]}],
          \(timeline)
        }
        """
    }

    @Test func integrationRunAsIsTheDefault() throws {
        let s = try ScenarioLoader.load(text: Self.text(#"{name: "a", integration: "web"}"#), file: "x.json5")
        #expect(s.topologies[0].webhooks[0].runAs == "Ann")
        #expect(s.aha.integrations[0].runAs == "Ann")
    }

    @Test func twoWebhooksOfOneEndpointMustAgree() {
        let text = Self.text(#"{name: "a", integration: "web"}, {name: "b", integration: "web", runAs: "Bob"}"#)
        do {
            _ = try ScenarioLoader.load(text: text, file: "x.json5")
            Issue.record("loaded a topology whose endpoint runs as two users")
        } catch {
            #expect(error.path == "topologies[0].webhooks[1].runAs")
            #expect(
                error.message
                    == "webhooks 'a' and 'b' point at integration 'web', one endpoint that runs as one user, but name 'Ann' and 'Bob'"
            )
        }
    }

    @Test func webhookWithoutAnyRunAsIsAnError() {
        let text = Self.text(#"{name: "a", integration: "web"}"#).replacingOccurrences(of: #", runAs: "Ann""#, with: "")
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(text: text, file: "x.json5") }
    }

    /// Two webhooks reach one endpoint run as Ann (owner). At 30 min the endpoint of "a" is set to
    /// run as Bob (viewer): "b" follows, so each of the 10 comments after it is dropped as
    /// permissionDenied and none is written; the 10 before it are applied twice (one duplicate each).
    @Test func setRunAsMovesTheEndpoint() throws {
        let s = SmallWorld.scenario(
            bursts: [
                SmallWorld.burst(10, .comment, at: .minutes(5), over: .minutes(5)),
                SmallWorld.burst(10, .comment, at: .minutes(40), over: .minutes(5)),
            ],
            users: [UserSpec(name: "Ann", roles: [("WEB", .owner)]), UserSpec(name: "Bob", roles: [("WEB", .viewer)])],
            topologies: [
                TopologySpec(
                    name: "t", webhooks: [SmallWorld.hook("a", runAs: "Ann"), SmallWorld.hook("b", runAs: "Ann")])
            ],
            timeline: [TimelineEntry(at: .minutes(30), action: .setRunAs(webhook: "a", user: "Bob"))])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("intended") == 20)
        #expect(t.value("applied") == 10)
        #expect(t.value("dropped.byReason.permissionDenied") == 10)
        #expect(t.value("duplicates.comments") == 10)
        #expect(t.value("writesByAuthor.Bob") == 0)
    }
}
