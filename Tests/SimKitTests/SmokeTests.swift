import Testing
@testable import SimKit

@Suite struct SimKitSmokeTests {
    @Test func builds() { #expect(1 + 1 == 2) }
}
