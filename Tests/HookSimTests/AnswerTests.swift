import SimKit
import Testing

@testable import HookSim

/// The one sentence per topology (DESIGN.md §7.2), on worlds whose outcome is known by hand.
@Suite struct AnswerTests {
    /// Two integrations, `web` (workspace WEB) and `api` (workspace API); Val may write WEB but
    /// only view API. Each webhook's JQL keeps it to its own project, so nothing is sent out of
    /// scope and nothing is written twice. Six comments on WEB are applied; the four on API reach
    /// Aha!, which refuses them: all 4 updates of `api` lost to permissionDenied.
    static func valScenario() -> Scenario {
        SmallWorld.scenario(
            jira: SmallWorld.jira(projects: ["WEB", "API"]),
            bursts: [
                SmallWorld.burst(6, .comment, project: "WEB"),
                SmallWorld.burst(4, .comment, at: .minutes(2), project: "API"),
            ],
            workspaces: ["WEB", "API"],
            users: [
                UserSpec(name: "Integration user", roles: [("*", .contributor)]),
                UserSpec(name: "Val", roles: [("WEB", .contributor), ("API", .viewer)]),
            ],
            integrations: [
                IntegrationSpec(id: "web", workspace: "WEB", jira: "acme", project: "WEB"),
                IntegrationSpec(id: "api", workspace: "API", jira: "acme", project: "API"),
            ],
            topologies: [
                TopologySpec(
                    name: "per-site-viewer",
                    webhooks: [
                        SmallWorld.hook("w", "web", runAs: "Val", jql: "project = WEB"),
                        SmallWorld.hook("a", "api", runAs: "Val", jql: "project = API"),
                    ]),
                TopologySpec(
                    name: "contributor",
                    webhooks: [
                        SmallWorld.hook("w", "web", jql: "project = WEB"),
                        SmallWorld.hook("a", "api", jql: "project = API"),
                    ]),
            ])
    }

    @Test func namesTheIntegrationItsWorkspaceAndTheReason() throws {
        let r = try Simulator.run(Self.valScenario())
        #expect(
            r.topologies[0].answer
                == "per-site-viewer loses all 4 updates of integration `api` (workspace API): permissionDenied")
        #expect(r.topologies[1].answer == "contributor applies all 10 intended updates exactly once")
        #expect(r.topologies[0].value("byIntegration.api.droppedByReason.permissionDenied") == 4)
        #expect(r.topologies[0].value("byIntegration.web.droppedByReason.permissionDenied") == 0)
        let json = r.topologies[0].json.rendered(indent: nil)
        #expect(json.contains(#""answer":"per-site-viewer loses all 4 updates"#))
    }

    /// Every report states it: text, Markdown and HTML, before their tables.
    @Test func everyFormatLeadsWithTheAnswer() throws {
        let s = Self.valScenario()
        let r = try Simulator.run(s)
        let text = TextReport.render(r, scenario: s, color: false)
        let md = MarkdownReport.render(r, scenario: s)
        let html = HTMLReport.render(r, scenario: s)
        let line = "loses all 4 updates of integration `api` (workspace API): permissionDenied"
        #expect(text.contains("• per-site-viewer " + line + "\n"))
        #expect(md.contains("- **per-site-viewer** " + line + "\n"))
        #expect(
            html.contains(
                "<li><b>per-site-viewer</b> loses all 4 updates of integration <code>api</code> (workspace API): permissionDenied.</li>"
            ))
        for (report, table) in [(text, "Updates"), (md, "## Summary"), (html, "<h2>Summary")] {
            let at = try #require(report.range(of: "(workspace API): permissionDenied")).lowerBound
            #expect(at < (report.range(of: table)?.lowerBound ?? report.startIndex))
        }
    }

    /// Hand-built figures: three comments written twice, 2 of 5 `web` updates lost (one rate
    /// limited, one failed: equal counts keep the stage order), one delivery out of scope, and a
    /// p99 over a minute.
    @Test func duplicatesLossesExposureAndLatencyInOrder() {
        var f = ReportFigures()
        f.outcome.intended = 5
        f.outcome.applied = 3
        f.outcome.duplicateWrites = 3
        f.outcome.exposure = 1
        var dropped = ReportFigures.Dropped.none
        dropped.byReason[6] = 1  // deliveryFailed
        dropped.byReason[7] = 1  // rateLimited
        f.dropped = dropped
        f.duplicates.comments = 3
        f.latency.p99 = 90_000
        f.byIntegration = [
            ReportFigures.Integration(
                id: "web", intended: 5, applied: 3, dropped: 2, duplicateWrites: 0, droppedByReason: dropped.byReason)
        ]
        f.byWebhook = [ReportFigures.Webhook(name: "h", deliveries: 9, exposure: 1)]
        let sentence = Answer.sentence(
            topology: "t", figures: f, integrations: [Answer.Integration(id: "web", workspace: "WEB")])
        #expect(
            sentence == "t loses 2 of 5 updates of integration `web` (workspace WEB): deliveryFailed 1, rateLimited 1; "
                + "writes 3 duplicate comments; sends 1 delivery out of scope; p99 latency 1m 30s")
    }
}
