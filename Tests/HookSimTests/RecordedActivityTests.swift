import Foundation
import SimKit
import Testing

@testable import HookSim

/// `activity: {trace: FILE}`: a capture of Jira webhook bodies replayed as the Jira activity.
@Suite struct RecordedActivityTests {
    /// 2026-01-01T00:00:00Z in epoch milliseconds.
    static let t0: Int64 = 1_767_225_600_000

    static let scenarioText = """
        {
          jira: [{id: "acme", integrationAccount: "aha-bot", projects: [{key: "WEB", issues: 10}]}],
          activity: {trace: "rec.jsonl"},
          aha: {
            workspaces: ["WEB"],
            users: [{name: "Ann", roles: {WEB: "owner"}}],
            integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB", linked: 1}],
          },
          topologies: [
            {name: "one", webhooks: [{name: "a", integration: "web", runAs: "Ann"}]},
            {name: "two", webhooks: [{name: "a", integration: "web", runAs: "Ann"}, {name: "b", integration: "web", runAs: "Ann"}]},
          ],
        }
        """

    static func comment(_ event: String, _ key: String, id: String, at ms: Int64, user: String = "u1") -> String {
        """
        {"timestamp": \(t0 + ms), "webhookEvent": "\(event)", "user": {"accountId": "\(user)"}, "issue": {"id": "1", "key": "\(key)"}, "comment": {"id": "\(id)"}}
        """
    }

    static func updated(_ key: String, changelog: String, field: String, to: String, at ms: Int64, type: String? = nil)
        -> String
    {
        let typeName = type.map { ", \"issue_event_type_name\": \"\($0)\"" } ?? ""
        return """
            {"timestamp": \(t0 + ms), "webhookEvent": "jira:issue_updated"\(typeName), "user": {"accountId": "u2"}, "issue": {"key": "\(key)"}, "changelog": {"id": "\(changelog)", "items": [{"field": "\(field)", "toString": "\(to)"}]}}
            """
    }

    /// The hand-written capture: 14 lines, one blank; worked out line by line in `handWritten`.
    static let lines: [String] = [
        comment("comment_created", "WEB-1", id: "100", at: 0),  // 1: comment at 0 s
        comment("comment_created", "WEB-1", id: "100", at: 0),  // 2: webhook b's copy: duplicate
        "{\"at\": \"2026-01-01T00:06:00.000Z\", \"webhook\": \"a\", \"attempt\": 2, \"body\": "
            + comment("comment_created", "WEB-1", id: "100", at: 0) + "}",  // 3: a retry: duplicate
        """
        {"timestamp": \(t0), "webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_commented", "issue": {"key": "WEB-1"}}
        """,  // 4: the comment's companion
        """
        {"timestamp": \(t0 + 60_000), "webhookEvent": "jira:issue_created", "user": {"accountId": "aha-bot"}, "issue": {"key": "WEB-11", "fields": {"issuetype": {"name": "Bug"}, "project": {"key": "WEB"}}}}
        """,  // 5: create at 60 s, by the integration account (an echo)
        updated("WEB-2", changelog: "500", field: "status", to: "In Progress", at: 120_000),  // 6: transition at 120 s
        updated("WEB-2", changelog: "501", field: "priority", to: "High", at: 120_000),  // 7: update at 120 s
        comment("comment_updated", "WEB-11", id: "101", at: 180_000),  // 8: commentEdit at 180 s
        """
        {"timestamp": \(t0 + 240_000), "webhookEvent": "jira:issue_deleted", "issue": {"key": "WEB-3"}}
        """,  // 9: delete at 240 s
        comment("comment_deleted", "WEB-3", id: "102", at: 240_000),  // 10: Secondary flow: companion
        "{\"timestamp\": \(t0 + 10), \"webhookEvent\": \"sprint_started\", \"sprint\": {\"id\": 1}}",  // 11: skipped
        "",  // 12: blank
        comment("comment_created", "OTHER-1", id: "7", at: 30_000),  // 13: undeclared project: skipped
        // 14: skipped
        "{\"timestamp\": \(t0 + 20), \"webhookEvent\": \"comment_created\", \"comment\": {\"id\": \"9\"}}",
    ]

    /// Writes the scenario and the capture into a fresh folder; returns the scenario's path.
    static func write(_ lines: [String], scenario: String = scenarioText) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hooksim-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(
            to: dir.appendingPathComponent("rec.jsonl"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("s.json5").path
        try scenario.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every change the scenario's activity produces, applied to its world.
    static func changes(_ s: Scenario) -> (changes: [Change], world: JiraWorld) {
        var world = JiraWorld.generate(s)
        var activity = ActivityGenerator(scenario: s, world: world)
        var out: [Change] = []
        while activity.peekTime() != nil, let c = activity.next(world: &world) { out.append(c) }
        return (out, world)
    }

    @Test func handWritten() throws {
        let s = try ScenarioLoader.load(path: try Self.write(Self.lines))
        let recording = try #require(s.activity.recording)
        #expect(recording.lines == 13)
        #expect(recording.duplicates == 2)
        #expect(recording.companions == 2)
        #expect(recording.skipped.map(\.count) == [1, 1, 1])
        #expect(recording.skipped.map(\.firstLine) == [11, 14, 13])
        #expect(s.duration == .seconds(240))  // the span: 0 s to 240 s
        #expect(
            s.notes.first?.hasPrefix(
                "replaying 6 changes over 4m from 13 lines (2 duplicates, 2 companion bodies, 3 skipped)") == true)

        let (changes, world) = Self.changes(s)
        #expect(changes.map(\.kind) == [.comment, .create, .transition, .update, .commentEdit, .delete])
        #expect(changes.map(\.time.microseconds) == [0, 60, 120, 120, 180, 240].map { Int64($0) * 1_000_000 })
        #expect(changes.map(\.id) == [0, 1, 2, 3, 4, 5])
        #expect(changes.map { world.key(of: $0.issue) } == ["WEB-1", "WEB-11", "WEB-2", "WEB-2", "WEB-11", "WEB-3"])
        // WEB-1..3 are the declared starting issues (10 of them); WEB-11 is new, a Bug, made by the bot.
        #expect(changes[0].issue == 0 && changes[2].issue == 1 && changes[5].issue == 2)
        #expect(changes[1].issue == 10 && world.typeName(of: 10) == "Bug" && changes[1].isEcho)
        #expect(world.issues[1].values[Field.status.rawValue] == 1)  // "In Progress"
        #expect(world.issues[1].values[Field.priority.rawValue] == 1)  // "High"
        #expect(changes[3].field == Int8(Field.priority.rawValue))
        #expect(world.issues[2].deleted)
    }

    @Test func sameScenarioTwiceGivesIdenticalReports() throws {
        let path = try Self.write(Self.lines)
        let a = try ScenarioLoader.load(path: path)
        let b = try ScenarioLoader.load(path: path)
        let ra = Rendering.render(.json, try Simulator.run(a), a, color: false)
        let rb = Rendering.render(.json, try Simulator.run(b), b, color: false)
        #expect(ra == rb)
        #expect(ra.contains("\"intended\""))
    }

    @Test(arguments: [
        ("{\"timestamp\": 1, \"webhookEvent\": \"comment_created\"", "rec.jsonl:3:"),
        ("[1, 2]", "rec.jsonl:3:1"),
        ("{\"timestamp\": 1, \"issue\": {\"key\": \"WEB-1\"}}", "rec.jsonl:3:1"),
    ])
    func malformedLineNamesItsLine(line: String, place: String) throws {
        let path = try Self.write([Self.lines[0], Self.lines[5], line, Self.lines[6]])
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.file.hasSuffix("rec.jsonl"))
            #expect(error.description.hasPrefix("error: "))
            #expect(error.description.contains(place))
        }
    }

    @Test func recordingTakesNothingElse() throws {
        let text = Self.scenarioText.replacingOccurrences(
            of: "{trace: \"rec.jsonl\"}", with: "{trace: \"rec.jsonl\", rate: \"60/h\"}")
        #expect(throws: ScenarioError.self) {
            try ScenarioLoader.load(path: try Self.write(Self.lines, scenario: text))
        }
    }

    /// A line longer than `Recording.maxLineBytes` (16 MiB) is refused with its number, unparsed.
    @Test func oversizedLineIsAnError() throws {
        let huge =
            "{\"webhookEvent\": \"comment_created\", \"pad\": \"" + String(repeating: "x", count: 17 << 20) + "\"}"
        let path = try Self.write([Self.lines[0], huge])
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("at most 16777216"))
        }
    }

    /// Every prefix of a trace line (a capture cut off mid-write) is an error naming line 2, or,
    /// for the whole line, a change: never a crash, never a silent half-read.
    @Test func everyTruncationIsAnErrorOnItsLine() throws {
        let whole = "{\"at\": \"2026-01-01T00:00:01.000Z\", \"attempt\": 1, \"body\": " + Self.lines[5] + "}"
        let bytes = Array(whole.utf8)
        for cut in 1..<bytes.count {
            let text = Self.lines[0] + "\n" + String(decoding: bytes[..<cut], as: UTF8.self) + "\n"
            let data = Data(text.utf8)
            let result = data.withUnsafeBytes { raw in
                Result { () throws(ScenarioError) in try Recording.scan(bytes: raw, file: "cut.jsonl") }
            }
            switch result {
            case .success: Issue.record("a line cut at byte \(cut) was read")
            case .failure(let error): #expect(error.line == 2 && error.file == "cut.jsonl", "cut at \(cut)")
            }
        }
        let full = Data((Self.lines[0] + "\n" + whole + "\n").utf8)
        let scan = try full.withUnsafeBytes { raw in try Recording.scan(bytes: raw, file: "cut.jsonl") }
        #expect(scan.events.map(\.kind) == [.comment, .transition])
    }

    @Test func fitCommandLine() throws {
        #expect(
            try FitCommand.parse(["rec.jsonl", "--scenario", "s.json5"])
                == FitCommand.Options(file: "rec.jsonl", scenario: "s.json5"))
        #expect(try FitCommand.parse(["rec.jsonl"]) == FitCommand.Options(file: "rec.jsonl", scenario: nil))
        #expect(throws: UsageError.self) { try FitCommand.parse([]) }
        #expect(throws: UsageError.self) { try FitCommand.parse(["rec.jsonl", "--scenari"]) }
        #expect(throws: UsageError.self) { try FitCommand.parse(["rec.jsonl", "--scenario"]) }
        let command = try Command.parse(["fit", "rec.jsonl"])
        guard case .fit(let arguments) = command else {
            Issue.record("expected fit, got \(command)")
            return
        }
        #expect(arguments == ["rec.jsonl"])
    }
}
