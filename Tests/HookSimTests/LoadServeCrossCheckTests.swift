import Foundation
import Testing

@testable import HookSim

/// Issue 15 item 4 (DESIGN.md §7.5, last point): fault-free, `load` into an in-process `serve`
/// reproduces the simulation of the same topology for what a receiver can know — applied pairs,
/// duplicated comments, drops by version and by permission, writes by author — on activity whose
/// outcome does not depend on arrival order (comments, and updates of fields that always change).
@Suite(.timeLimit(.minutes(1))) struct LoadServeCrossCheckTests {
    /// Two Cloud sites. On `acme`, web and mob (2.0) with three webhooks whose endpoints run as
    /// Pat, who owns WEB but only views MOB: WEB changes are written three times (duplicated
    /// comments, writes by Pat), MOB changes never (permissionDenied). On `old`, plat (1.0) and leg
    /// (2.0) with only plat's 1.0 webhook: OPS changes are written by the integration user, LEG
    /// changes reach no endpoint of their version (versionMismatch). Updates touch summary and
    /// priority only, whose every change is a new value. NB: one connection and one Aha! worker, so
    /// the server applies requests in send order as the simulation does: two updates of one field
    /// of one issue come as close as 4 requests apart here, and applied out of order they would
    /// write once more than the simulation (a difference of order, not of rules).
    static let text = """
        {
          name: "cross-check", seed: 11, duration: "2h", drain: "2h",
          jira: [{id: "acme", kind: "cloud", users: 10, projects: [{key: "WEB", issues: 60}, {key: "MOB", issues: 40}]},
                 {id: "old", kind: "cloud", users: 10, projects: [{key: "OPS", issues: 30}, {key: "LEG", issues: 30}]}],
          activity: {rate: "120/h", mix: {comment: 0.6, update: 0.4}, echoShare: 0.05},
          network: {latency: "20ms", failureRate: 0, ackLossRate: 0},
          aha: {
            workspaces: ["WEB", "MOB", "OPS"],
            users: [{name: "Integration user", roles: {"*": "contributor"}},
                    {name: "Pat", roles: {WEB: "owner", MOB: "viewer"}}],
            integrations: [
              {id: "web", workspace: "WEB", jira: "acme", project: "WEB", linked: 0.7,
               sync: {status: true, comments: true, fields: ["summary", "priority"]}},
              {id: "mob", workspace: "MOB", jira: "acme", project: "MOB", linked: 0.9,
               sync: {status: true, comments: true, fields: ["summary", "priority"]}},
              {id: "plat", version: "1.0", workspace: "OPS", jira: "old", project: "OPS",
               sync: {status: true, comments: true, fields: ["summary", "priority"]}},
              {id: "leg", workspace: "OPS", jira: "old", project: "LEG",
               sync: {status: true, comments: true, fields: ["summary", "priority"]}},
            ],
            processing: {workers: 1, serviceTime: "10ms"},
          },
          topologies: [{name: "t", webhooks: [
            {name: "aha-web", integration: "web", runAs: "Pat"},
            {name: "aha-web-2", integration: "web", runAs: "Pat"},
            {name: "aha-mob", integration: "mob", runAs: "Pat"},
            {name: "aha-plat", integration: "plat", runAs: "Integration user"},
          ]}],
        }
        """

    @Test func loadIntoServeReproducesTheSimulation() throws {
        let scenario = try ScenarioLoader.load(text: Self.text, file: "cross-check.json5")
        let simulated = try #require(try Simulator.run(scenario).topologies.first).json
        var options = AhaServer.Options()
        options.timeScale = 1e6
        let server = try AhaServer(
            scenario: scenario, runAs: ["web": "Pat", "mob": "Pat", "plat": "Integration user"],
            options: options)
        server.start()
        defer { server.stop() }
        let o = LoadOptions(
            file: "cross-check.json5", target: "http://127.0.0.1:\(server.port)", topology: nil, speed: nil,
            connections: 1, maxRequests: nil, shard: nil, expectations: [], format: .json, out: nil, seed: nil,
            sets: [])
        let c = Captured()
        #expect(LoadCommand.run(scenario, o, console: c.console) == 0, "\(c.stderr)")
        let load = try LoadReport.parse(Array(c.stdout.utf8), file: "load")
        #expect(load.counts.failed == 0 && load.counts.sent == load.scheduled)
        // Every request was accepted; wait (bounded) until the workers have applied them all.
        var live = JSONValue.null
        for _ in 0..<200 {
            live = LoadReport.jsonValue(try JSON5.parse(bytes: Array(server.reportJSON().utf8)))
            if live.lookup("received")?.number == Double(load.scheduled) && Self.settled(server) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        for path in [
            "applied", "duplicates.comments", "dropped.byReason.versionMismatch",
            "dropped.byReason.permissionDenied", "writesByAuthor.Integration user", "writesByAuthor.Pat",
        ] {
            let want = simulated.lookup(path)?.number ?? 0
            #expect(live.lookup(path)?.number ?? 0 == want, "\(path)")
            #expect(want > 0, "\(path) is exercised")
        }
    }

    /// The report no longer moves: two reads 100 ms apart agree.
    static func settled(_ server: AhaServer) -> Bool {
        let a = server.reportJSON()
        Thread.sleep(forTimeInterval: 0.1)
        return a == server.reportJSON()
    }
}
