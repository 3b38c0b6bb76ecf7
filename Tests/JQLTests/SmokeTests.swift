import Testing
@testable import JQL

@Suite struct JQLSmokeTests {
    @Test func builds() { #expect(1 + 1 == 2) }
}
