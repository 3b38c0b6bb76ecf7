import Testing
@testable import HookSim

@Suite struct HookSimSmokeTests {
    @Test func builds() { #expect(1 + 1 == 2) }
}
