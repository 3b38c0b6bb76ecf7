import Foundation
import SimKit
import Testing

@testable import HookSim

/// A scenario's own trace, replayed and fitted: what `hooksim trace` writes reads back as the
/// activity that made it.
@Suite struct RecordingFitTests {
    static let projects =
        "projects: [{key: \"WEB\", issues: 200, types: {Story: 0.6, Bug: 0.4}}, {key: \"OPS\", issues: 100}]"

    /// One unfiltered webhook subscribed to every event: every change is delivered at least once,
    /// so the trace holds every change of the activity. A fifth of the requests fail: retries.
    static func scenario(activity: String, projects: String = projects, duration: String? = "1h") -> String {
        """
        {
          seed: 11, \(duration.map { "duration: \"\($0)\"," } ?? "")
          jira: [{id: "acme", kind: "cloud", integrationAccount: "aha-bot", \(projects)}],
          activity: \(activity),
          network: {latency: "50ms", failureRate: 0.2},
          aha: {
            workspaces: ["WEB"],
            users: [{name: "Ann", roles: {WEB: "owner"}}],
            integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB"}],
          },
          topologies: [{name: "one", webhooks: [{name: "a", integration: "web", runAs: "Ann"}]}],
        }
        """
    }

    /// Writes the trace of topology 0 to `rec.jsonl` beside a scenario replaying it.
    static func traced(_ activity: String) throws -> (
        original: Scenario, replayPath: String, data: Data, firstAttempts: Int
    ) {
        let original = try ScenarioLoader.load(text: scenario(activity: activity), file: "original.json5")
        var out = ByteJSON()
        let instances = original.jira.map(PayloadInstance.init)
        var firstAttempts = 0
        _ = try Tracer.run(original, topology: 0) { entry in
            if entry.attempt == 1 { firstAttempts += 1 }
            TraceWriter.line(entry, seed: original.seed, instance: instances[entry.snapshot.instance], into: &out)
            return true
        }
        let data = Data(out.bytes)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hooksim-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try data.write(to: dir.appendingPathComponent("rec.jsonl"))
        let path = dir.appendingPathComponent("replay.json5").path
        try scenario(activity: "{trace: \"rec.jsonl\"}", duration: nil).write(
            toFile: path, atomically: true, encoding: .utf8)
        return (original, path, data, firstAttempts)
    }

    static func counts(_ changes: [Change]) -> [ChangeKind: Int] {
        changes.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }

    /// Every kind of change, with retries (a fifth of the requests fail): the replay holds exactly
    /// the original's changes, kind by kind, and as many as there were first attempts (one webhook).
    @Test func ownTraceReplaysIntoTheSameChanges() throws {
        let activity =
            ("{rate: \"600/h\", mix: {comment: 0.4, update: 0.2, transition: 0.2, create: 0.1, commentEdit: 0.05, delete: 0.05}, echoShare: 0.1}")
        let (original, path, _, firstAttempts) = try Self.traced(activity)
        let replayed = try ScenarioLoader.load(path: path)
        let recording = try #require(replayed.activity.recording)
        let before = RecordedActivityTests.changes(original).changes
        let after = RecordedActivityTests.changes(replayed).changes
        #expect(before.count == firstAttempts)
        #expect(recording.duplicates > 0)  // retries were read and recognised
        #expect(after.count == before.count)
        #expect(Self.counts(after) == Self.counts(before))
        // Times shift by the first change's; milliseconds are what a body keeps.
        let shift = before[0].time.microseconds / 1000
        #expect(after.map { $0.time.microseconds / 1000 } == before.map { $0.time.microseconds / 1000 - shift })
        #expect(after.map(\.isEcho) == before.map(\.isEcho))
    }

    /// 6,000 changes an hour for an hour: the fit's rate is within 5% of 6,000/h and each share
    /// within 0.02 of the scenario's (kinds that the generator never turns into another).
    @Test func fitRecoversRateAndMix() throws {
        let (original, _, data, _) = try Self.traced(
            "{rate: \"6000/h\", mix: {comment: 0.5, update: 0.3, transition: 0.2}, echoShare: 0}")
        let out = try FitCommand.fit(data, file: "rec.jsonl", scenario: original)
        let recording = try ScenarioLoader.readRecording(data, file: "rec.jsonl", jira: original.jira)
        let fit = RecordingFit(recording, projectKeys: ["WEB", "OPS"], echoKnown: true)
        #expect(abs(fit.ratePerHour / 6000 - 1) < 0.05)
        let mix = Dictionary(uniqueKeysWithValues: fit.mix.map { ($0.0.rawValue, $0.1) })
        #expect(abs((mix["comment"] ?? 0) - 0.5) <= 0.02)
        #expect(abs((mix["update"] ?? 0) - 0.3) <= 0.02)
        #expect(abs((mix["transition"] ?? 0) - 0.2) <= 0.02)
        #expect(fit.bursts.isEmpty)
        #expect(fit.echoShare == 0)
        // Projects are picked by weight = issues (200 : 100).
        #expect(abs(fit.projects[0].weight - 2.0 / 3) <= 0.02)
        // The printed blocks are JSON5 a scenario accepts, pasted as they are.
        let projects = try #require(out.range(of: "projects: [").map { out[$0.lowerBound...] })
        let activityAt = try #require(projects.range(of: "\nactivity: {"))
        let projectsBlock = projects[..<activityAt.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ",\n"))
        let activityBlock = projects[activityAt.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ",\n"))
        let full = Self.scenario(activity: "{" + activityBlock, projects: projectsBlock)
        let reloaded = try ScenarioLoader.load(text: full, file: "fitted.json5")
        #expect(abs(reloaded.activity.rate.perSecond * 3600 - fit.ratePerHour) < 0.1)
    }

    /// A burst of 600 updates over 30 s on top of 600/h (10 a minute): minutes holding more than
    /// 100 changes are the burst; it is found with its kind, about its size and its place.
    @Test func fitFindsABurst() throws {
        let (original, _, data, _) = try Self.traced(
            "{rate: \"600/h\", mix: {comment: 0.6, transition: 0.4}, bursts: [{at: \"30m10s\", count: 600, kind: \"update\", over: \"30s\", project: \"WEB\"}]}"
        )
        let recording = try ScenarioLoader.readRecording(data, file: "rec.jsonl", jira: original.jira)
        let fit = RecordingFit(recording, projectKeys: ["WEB", "OPS"], echoKnown: true)
        let burst = try #require(fit.bursts.first)
        #expect(fit.bursts.count == 1)
        #expect(burst.kind == .update)
        #expect(burst.project == "WEB")
        #expect(abs(burst.count - 600) <= 15)
        #expect(abs(fit.ratePerHour / 600 - 1) < 0.1)
    }

    /// The shipped `single-vs-multi` (fault-free), traced behind its three webhooks and replayed:
    /// each change read once, and every topology's figures equal the original run's — the
    /// activity, the starting world and the links are the same, only shifted to the first change.
    @Test func shippedScenarioRoundTrip() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/single-vs-multi.json5")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        let original = try ScenarioLoader.load(text: text, file: shipped.path)
        let topology = try #require(original.topologies.firstIndex { $0.name == "per-integration" })
        var out = ByteJSON()
        let instances = original.jira.map(PayloadInstance.init)
        var lines = 0
        _ = try Tracer.run(original, topology: topology) { entry in
            lines += 1
            TraceWriter.line(entry, seed: original.seed, instance: instances[entry.snapshot.instance], into: &out)
            return true
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hooksim-roundtrip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(out.bytes).write(to: dir.appendingPathComponent("capture.jsonl"))
        let activity = try #require(text.range(of: "activity: {"))
        let activityEnd = try #require(text.range(of: "\n  },", range: activity.upperBound..<text.endIndex))
        let replayText =
            (text[..<activity.lowerBound] + "activity: {trace: \"capture.jsonl\"}," + text[activityEnd.upperBound...])
            .replacingOccurrences(of: "duration: \"4h\",", with: "")
        let path = dir.appendingPathComponent("replay.json5").path
        try replayText.write(toFile: path, atomically: true, encoding: .utf8)
        let replay = try ScenarioLoader.load(path: path)
        let recording = try #require(replay.activity.recording)
        let changes = RecordedActivityTests.changes(original).changes.count
        #expect(lines == 3 * changes)  // three webhooks, no retries
        #expect(recording.changes == changes && recording.duplicates == 2 * changes)
        let a = try Simulator.run(original)
        let b = try Simulator.run(replay)
        for t in original.topologies.indices {
            for measure in [
                "intended", "applied", "duplicates.visible", "duplicates.comments", "duplicates.records",
                "deliveries.attempted", "dropped.total",
            ] {
                let before = a.topologies[t].json.lookup(measure)?.number
                #expect(before != nil, "\(measure) is a measure")
                #expect(
                    before == b.topologies[t].json.lookup(measure)?.number,
                    "\(original.topologies[t].name) \(measure)")
            }
        }
    }
}
