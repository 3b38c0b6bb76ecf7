import Foundation
import Testing

@testable import HookSim

/// `Recording.changeCount`, the check a capture gets without a scenario (and what the fuzzer calls).
@Suite struct RecordingChangeCountTests {
    static let capture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scenarios/recordings/single-vs-multi-30m.jsonl").standardized.path

    /// The shipped capture was traced from one webhook on a network that never fails nor times out
    /// (single-vs-multi: failure 0, lost answers 0, latency at most 2 s against a 20 s timeout), so
    /// every line is the only attempt of its change: as many changes as lines.
    @Test func oneChangePerLineOfTheShippedCapture() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.capture))
        let lines = bytes.split(separator: UInt8(ascii: "\n")).count
        #expect(lines > 100)
        #expect(try Recording.changeCount(bytes: [UInt8](bytes), file: "capture.jsonl") == lines)
    }

    /// The same body twice (two webhooks, or a retry) is one change.
    @Test func aBodyCarriedTwiceIsOneChange() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.capture))
        let first = bytes.split(separator: UInt8(ascii: "\n"))[0]
        let twice = [UInt8](first) + [0x0A] + [UInt8](first) + [0x0A]
        #expect(try Recording.changeCount(bytes: twice, file: "twice.jsonl") == 1)
    }

    @Test func aLineThatIsNotJSONIsAnErrorOnItsLine() {
        do {
            _ = try Recording.changeCount(
                bytes: Array("\n{\"webhookEvent\": \"jira:issue_updated\"\n".utf8), file: "bad.jsonl")
            Issue.record("read a truncated line")
        } catch {
            #expect(error.file == "bad.jsonl")
            #expect(error.line == 2)
        }
    }
}
