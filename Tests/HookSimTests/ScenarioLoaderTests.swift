import Foundation
import SimKit
import Testing

@testable import HookSim

/// The folder of test files, found from this source file so the tests run from any directory.
private let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

private func loadError(_ text: String, file: String = "t.json5") -> ScenarioError? {
    do {
        _ = try ScenarioLoader.load(text: text, file: file)
        return nil
    } catch {
        return error
    }
}

@Suite struct ScenarioLoaderTests {
    /// The reference example of DESIGN.md §6, copied verbatim; values below are read off that text.
    @Test func designExampleLoads() throws {
        let s = try ScenarioLoader.load(path: corpus.appendingPathComponent("good-scenarios/design-example.json5").path)
        #expect(s.name == "single-vs-multi")
        #expect(s.description == "What installing every integration's webhook does to comments and latency.")
        #expect(s.seed == 42)
        #expect(s.duration == .hours(8))
        #expect(s.drain == .hours(2))

        let acme = try #require(s.jira.first)
        #expect(s.jira.count == 1)
        #expect(acme.id == "acme" && acme.kind == .cloud && acme.users == 40 && acme.integrationAccount == "aha-bot")
        #expect(acme.projects.map(\.key) == ["WEB", "MOB", "OPS"])
        #expect(acme.projects.map(\.issues) == [400, 300, 200])
        #expect(acme.projects[0].types.map(\.0) == ["Epic", "Story", "Bug", "Task"])
        #expect(acme.projects[0].types.map(\.1) == [0.05, 0.55, 0.3, 0.1])
        #expect(acme.projects[1].types.map(\.0) == ProjectSpec.defaultTypes.map(\.0))
        #expect(acme.projects[2].types.map(\.0) == ["Task", "Bug"])
        #expect(acme.delivery.dispatchDelay == .exponential(mean: .seconds(2)))
        #expect(acme.delivery.timeout == .seconds(20))
        #expect(acme.delivery.retryMax == 5)
        #expect(acme.delivery.retryBackoff == .uniform(.minutes(5), .minutes(15)))
        #expect(acme.delivery.commentAlsoUpdates == false)
        #expect(acme.delivery.mode == .async && acme.delivery.queue == 1000 && acme.delivery.threads == 4)

        #expect(s.activity.rate == Rate(perSecond: 300.0 / 3600))
        #expect(s.activity.mix.map(\.0) == [.comment, .update, .transition, .create, .commentEdit, .delete])
        #expect(s.activity.mix.map(\.1) == [0.35, 0.30, 0.20, 0.10, 0.03, 0.02])
        #expect(s.activity.echoShare == 0.05)
        #expect(
            s.activity.bursts == [
                BurstSpec(at: .hours(3), count: 500, kind: .update, project: "WEB", over: .seconds(30))
            ])
        #expect(s.network.latency == .lognormal(median: .milliseconds(120), p99: .milliseconds(1500)))
        #expect(s.network.failureRate == 0.002 && s.network.ackLossRate == 0.001)

        #expect(s.aha.workspaces == ["WEB", "MOB", "PLAT"])
        let pat = try #require(s.aha.users.first(where: { $0.name == "Pat" }))
        #expect(pat.role(on: "WEB") == .owner)
        #expect(pat.role(on: "MOB") == .viewer)
        #expect(pat.role(on: "PLAT") == Role.none)
        #expect(s.aha.users[0].role(on: "PLAT") == .contributor)
        #expect(s.aha.integrations.map(\.id) == ["web", "mob", "plat"])
        #expect(s.aha.integrations.map(\.version) == [.v2, .v2, .v1])
        #expect(s.aha.integrations.map(\.project) == ["WEB", "MOB", "OPS"])
        #expect(s.aha.integrations.map(\.linked) == [0.8, 0.8, 1.0])
        #expect(
            s.aha.integrations[0].sync
                == SyncSpec(status: true, comments: true, fields: ["summary", "priority", "assignee"]))
        #expect(s.aha.integrations[1].records.map(\.0) == ["Epic", "Story"])
        #expect(s.aha.integrations[2].recordType(for: "Bug") == .feature)
        #expect(s.aha.processing.workers == 4 && s.aha.processing.queueLimit == 10_000)
        #expect(s.aha.processing.serviceTime == .lognormal(median: .milliseconds(150), p99: .seconds(2)))
        #expect(s.aha.processing.rateLimit == Rate(perSecond: 20))
        #expect(s.aha.echo == .ignore)

        #expect(s.topologies.map(\.name) == ["single", "per-integration"])
        #expect(s.topologies[0].webhooks.map(\.name) == ["aha-2.0", "aha-1.0"])
        #expect(s.topologies[0].webhooks[0].jql == "project in (WEB, MOB)")
        #expect(s.topologies[0].webhooks[0].events == JiraEventName.allCases)
        #expect(s.topologies[0].webhooks[1].events == JiraEventName.allCases)
        #expect(s.topologies[1].webhooks.map(\.integration) == ["web", "mob", "plat"])

        #expect(
            s.timeline == [
                TimelineEntry(at: .hours(4), action: .setRunAs(webhook: "aha-2.0", user: "Pat")),
                TimelineEntry(at: .hours(5), action: .disable(webhook: "aha-mob")),
                TimelineEntry(at: .hours(6), action: .outage(for: .minutes(20))),
            ])
        #expect(
            s.expect == [
                Expectation(topology: "single", path: "duplicates.visible", op: .equal, value: 0, text: "== 0"),
                Expectation(
                    topology: "single", path: "dropped.byReason.permissionDenied", op: .greater, value: 0, text: "> 0"),
                Expectation(
                    topology: "per-integration", path: "duplicates.visible", op: .greater, value: 0, text: "> 0"),
                Expectation(topology: "*", path: "latency.p99", op: .less, value: 3_600_000, text: "< 1h"),
            ])
        #expect(s.limits == Limits())
    }

    @Test func absentKeysTakeDocumentedDefaults() throws {
        let s = try ScenarioLoader.load(text: minimal, file: "Scenarios/minimal.json5")
        #expect(s.name == "minimal")
        #expect(s.description == "" && s.seed == 1 && s.duration == .hours(8) && s.drain == .hours(2))
        #expect(s.jira[0].kind == .cloud && s.jira[0].users == 40 && s.jira[0].integrationAccount == "aha-bot")
        #expect(s.jira[0].delivery == DeliverySpec.defaults(for: .cloud))
        #expect(s.jira[0].projects[0].types.map(\.0) == ProjectSpec.defaultTypes.map(\.0))
        #expect(s.activity == ActivitySpec())
        #expect(s.network == NetworkSpec())
        #expect(s.aha.processing == ProcessingSpec())
        #expect(s.aha.echo == .ignore)
        let integration = s.aha.integrations[0]
        #expect(integration.version == .v2 && integration.linked == 1 && integration.autoImport)
        #expect(integration.records.map(\.0) == IntegrationSpec.defaultRecords.map(\.0))
        #expect(integration.sync == SyncSpec())
        #expect(s.topologies[0].webhooks[0] == WebhookSpec(name: "hook", integration: "web", runAs: "Ann"))
        #expect(s.timeline.isEmpty && s.expect.isEmpty && s.limits == Limits())
    }

    /// Delivery keys override the kind's defaults one by one; the rest stay the datacenter values.
    @Test func datacenterDeliveryDefaultsKeyByKey() throws {
        let text = minimal.replacingOccurrences(
            of: #"{id: "acme", projects"#,
            with: #"{id: "acme", kind: "datacenter", delivery: {threads: 8, mode: "sync"}, projects"#)
        let s = try ScenarioLoader.load(text: text, file: "dc.json5")
        var expected = DeliverySpec.defaults(for: .datacenter)
        expected.threads = 8
        expected.mode = .sync
        #expect(s.jira[0].delivery == expected)
        #expect(s.jira[0].delivery.retryMax == 0 && s.jira[0].delivery.commentAlsoUpdates)
    }

    @Test(arguments: [
        ("18446744073709551615", UInt64.max), ("0", 0), ("0x10", 16), ("1e3", 1000), ("-0", 0),
    ])
    func seedsAreReadExactly(text: String, expected: UInt64) throws {
        let s = try ScenarioLoader.load(text: minimal(adding: "seed: \(text),"), file: "s.json5")
        #expect(s.seed == expected)
    }

    @Test func expectationsConvertDurationsAndNamesToMeasures() throws {
        let text = minimal(
            adding:
                #"expect: {one: {"latency.max": ">= 250ms", "latency.p50": "< 1500", "writesByAuthor.Ann": "!= 3", "byWebhook.hook.exposure": "<= 0", "byIntegration.web.dropped": "== 0"}},"#
        )
        let s = try ScenarioLoader.load(text: text, file: "e.json5")
        #expect(s.expect.map(\.value) == [250, 1500, 3, 0, 0])
        #expect(s.expect.map(\.op) == [.greaterOrEqual, .less, .notEqual, .lessOrEqual, .equal])
    }

    @Test func timelineActionsLoad() throws {
        let text = minimal(
            adding: """
                timeline: [
                  {at: "1h", addWebhook: {name: "extra", integration: "web", runAs: "Ann", events: ["comment_created"], enabled: false}},
                  {at: "2h", enable: "extra"},
                  {at: "2h", setRole: {user: "Ann", workspace: "WEB", role: "viewer"}},
                  {at: "3h", removeWebhook: "hook"},
                ],
                """)
        let s = try ScenarioLoader.load(text: text, file: "t.json5")
        #expect(s.timeline.map(\.at) == [.hours(1), .hours(2), .hours(2), .hours(3)])
        #expect(
            s.timeline[0].action
                == .addWebhook(
                    WebhookSpec(
                        name: "extra", integration: "web", runAs: "Ann", events: [.commentCreated], enabled: false)))
        #expect(s.timeline[2].action == .setRole(user: "Ann", workspace: "WEB", role: .viewer))
        #expect(s.timeline[3].action == .removeWebhook("hook"))
    }

    @Test func rendersInTheHouseStyle() {
        let error = ScenarioError(
            file: "Scenarios/x.json5", path: "jira[0].delivery.timeout", line: 12, column: 16,
            message: "expected a duration with a unit, such as \"5s\": \"300\" needs a unit",
            sourceLine: "      timeout: \"300\",")
        #expect(
            error.description == """
                error: expected a duration with a unit, such as "5s": "300" needs a unit
                 --> Scenarios/x.json5:12:16 (jira[0].delivery.timeout)
                   |       timeout: "300",
                   |                ^
                """)
    }

    @Test func aTabInTheLineKeepsTheCaretAligned() throws {
        let error = try #require(loadError(minimal(adding: "\tseed: \"x\",")))
        #expect(error.description.hasSuffix("  | \tseed: \"x\",\n  | \t      ^"))
    }

    @Test func aDirectoryIsNotAScenario() {
        let dir = corpus.appendingPathComponent("bad-scenarios").path
        #expect(
            throws: ScenarioError(
                file: dir, path: "", line: 0, column: 0,
                message: "\"\(dir)\" is a directory, not a scenario file: give one of the .json5 files in it",
                sourceLine: "")
        ) { try ScenarioLoader.load(path: dir) }
    }

    @Test func aMissingFileIsNamed() {
        let path = corpus.appendingPathComponent("no-such-file.json5").path
        #expect(
            throws: ScenarioError(
                file: path, path: "", line: 0, column: 0, message: "no such file: \"\(path)\"", sourceLine: "")
        ) {
            try ScenarioLoader.load(path: path)
        }
    }

    static let badScenarios: [String] = {
        let dir = corpus.appendingPathComponent("bad-scenarios").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".json5") }.map { String($0.dropLast(6)) }.sorted()
    }()

    @Test func corpusIsLargeAndComplete() throws {
        #expect(Self.badScenarios.count >= 40)
        for name in Self.badScenarios {
            let expected = corpus.appendingPathComponent("bad-scenarios/\(name).expected").path
            #expect(FileManager.default.fileExists(atPath: expected), "missing \(name).expected")
        }
    }

    /// Each malformed file fails with exactly the error text in its `.expected` sibling.
    @Test(arguments: badScenarios)
    func badScenarioGivesExpectedError(name: String) throws {
        let dir = corpus.appendingPathComponent("bad-scenarios")
        let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name + ".json5")))
        var expected = try String(contentsOf: dir.appendingPathComponent(name + ".expected"), encoding: .utf8)
        if expected.hasSuffix("\n") { expected.removeLast() }
        do {
            _ = try ScenarioLoader.load(bytes: bytes, file: "bad-scenarios/\(name).json5")
            Issue.record("\(name) loaded without an error")
        } catch {
            #expect(error.description == expected)
        }
    }
}
