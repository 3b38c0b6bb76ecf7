import Foundation
import Testing

@testable import HookSim

/// Topologies are independent runs on identical activity, so running them at once changes nothing.
@Suite struct ParallelTopologiesTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scenarios").standardized

    /// Same document, byte for byte, whether one thread runs the topologies or several do.
    @Test(arguments: ["outage-cloud-vs-datacenter.json5", "partitioned-run-as.json5", "single-vs-multi.json5"])
    func sameReportForAnyJobs(file: String) throws {
        let s = try ScenarioLoader.load(path: Self.shipped.appendingPathComponent(file).path)
        let one = try Simulator.run(s, jobs: 1).json.rendered()
        for jobs in [2, 3, 8] {
            #expect(try Simulator.run(s, jobs: jobs).json.rendered() == one, "jobs \(jobs)")
        }
    }

    /// A failure in one topology is reported as the first failure in file order, however the
    /// threads were scheduled: the second of three topologies hits the event limit.
    @Test func firstFailureInFileOrder() throws {
        var s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(50, .comment)],
            topologies: [
                TopologySpec(name: "none", webhooks: []),
                TopologySpec(name: "many", webhooks: (0..<20).map { SmallWorld.hook("h\($0)") }),
                TopologySpec(name: "one", webhooks: [SmallWorld.hook("a")]),
            ])
        s.limits.maxEvents = 600
        for jobs in [1, 3] {
            do {
                _ = try Simulator.run(s, jobs: jobs)
                Issue.record("the run of 'many' fit in 600 events")
            } catch {
                guard case .eventLimit(let topology, _, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(topology == "many")
            }
        }
    }

    @Test func jobsIsParsedAndChecked() throws {
        let c = try Command.parse(["run", "x.json5", "--jobs", "2"])
        guard case .run(let o) = c else {
            Issue.record("not a run")
            return
        }
        #expect(o.jobs == 2)
        #expect(throws: UsageError.self) { try Command.parse(["check", "Scenarios", "--jobs", "0"]) }
    }
}
