import SimKit
import Testing
@testable import HookSim

@Suite struct SimulationTests {
    /// The article's central claim: every webhook that reaches a record writes each comment again.
    /// 10 comments on linked issues: one webhook writes 10; three webhooks write 30, of which 20 are
    /// duplicates a user sees, and 20 deliveries were redundant.
    @Test func oneWebhookVersusThree() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)],
            topologies: [
                TopologySpec(name: "single", webhooks: [SmallWorld.hook("a")]),
                TopologySpec(name: "triple", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b"), SmallWorld.hook("c")]),
            ])
        let r = try Simulator.run(s)
        let single = r.topologies[0], triple = r.topologies[1]
        #expect(single.value("intended") == 10)
        #expect(single.value("applied") == 10)
        #expect(single.value("duplicates.visible") == 0)
        #expect(single.value("aha.writes") == 10)
        #expect(triple.value("intended") == 10)
        #expect(triple.value("applied") == 10)
        #expect(triple.value("duplicateWrites") == 20)
        #expect(triple.value("duplicates.visible") == 20)
        #expect(triple.value("duplicates.comments") == 20)
        #expect(triple.value("redundantDeliveries") == 20)
        #expect(triple.value("deliveries.attempted") == 30)
        #expect(triple.value("aha.writes") == 30)
        #expect(triple.value("writesByAuthor.Integration user") == 30)
    }
}
