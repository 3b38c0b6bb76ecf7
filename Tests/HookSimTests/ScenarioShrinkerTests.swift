import Foundation
import Testing

@testable import HookSim

@Suite struct ScenarioShrinkerTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios/single-vs-multi.json5")

    /// single-vs-multi with one expectation turned false: per-integration writes duplicate comments,
    /// so `duplicates.comments == 0` fails there.
    static func failing() throws -> String {
        let text = try String(contentsOf: shipped, encoding: .utf8)
        let broken = text.replacingOccurrences(
            of: "\"duplicates.comments\": \"> 0\"", with: "\"duplicates.comments\": \"== 0\"")
        #expect(broken != text)
        return broken
    }

    @Test func shrinksToAScenarioThatFailsTheSameWay() throws {
        let original = try ScenarioLoader.load(text: try Self.failing(), file: "svm.json5")
        let result = try #require(try ScenarioShrinker.shrink(text: try Self.failing(), file: "svm.json5", budget: 120))
        let expected = FailureSignature(
            topology: "per-integration", kind: .expectation(path: "duplicates.comments", op: .equal))
        #expect(result.signature == expected)
        let small = try ScenarioLoader.load(text: result.text, file: "min.json5")
        #expect(ScenarioShrinker.signature(of: small) == expected)
        // Duplicated comments need two webhooks reaching one record: one topology, two webhooks and
        // two integrations is as small as it gets (the third integration and the other topology go).
        #expect(small.topologies.count == 1 && original.topologies.count == 2)
        #expect(small.topologies[0].webhooks.count < original.topologies[1].webhooks.count)
        #expect(small.aha.integrations.count < original.aha.integrations.count)
        #expect(small.duration < original.duration)
        #expect(result.runs <= 120)
    }

    @Test func sameInputSameOutput() throws {
        let a = try ScenarioShrinker.shrink(text: try Self.failing(), file: "svm.json5", budget: 40)
        let b = try ScenarioShrinker.shrink(text: try Self.failing(), file: "svm.json5", budget: 40)
        #expect(a?.text == b?.text && a?.steps == b?.steps)
    }

    @Test func aPassingScenarioHasNothingToShrink() throws {
        let text = try String(contentsOf: Self.shipped, encoding: .utf8)
        #expect(try ScenarioShrinker.shrink(text: text, file: "svm.json5", budget: 10) == nil)
    }

    @Test func invariantNamesDropFigures() {
        #expect(
            ScenarioShrinker.invariantName("intended (12) != applied (3) + dropped (8) + inFlight (0)")
                == "intended (N) != applied (N) + dropped (N) + inFlight (N)")
    }

    @Test func shrinkCommandLine() throws {
        let o = try ShrinkCommand.parse([
            "x.json5", "--topology", "t", "--seed", "9", "--budget", "50", "--out", "m.json5",
        ])
        #expect(o == ShrinkCommand.Options(file: "x.json5", topology: "t", seed: 9, out: "m.json5", budget: 50))
        #expect(throws: UsageError(message: "Unknown option '--sed'; did you mean '--seed'?", command: "shrink")) {
            try ShrinkCommand.parse(["x.json5", "--sed", "1"])
        }
    }
}
