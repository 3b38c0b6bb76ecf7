import Testing

@testable import JQL

/// Date literals, periods and the start/end-of functions. Expected instants are from GNU
/// `date -u -d … +%s`; 2026-01-20 is a Tuesday.
@Suite struct JQLDateTests {
    static let now = 1_768_867_200.0  // 2026-01-20T00:00:00Z

    @Test(
        arguments: [
            ("2026-01-20", 1_768_867_200.0),
            ("2026/01/20", 1_768_867_200.0),
            ("2026-01-10 09:00", 1_768_035_600.0),
            ("2024-02-29", 1_709_164_800.0),
            ("1969-12-31", -86_400.0),
        ] as [(String, Double)])
    func absoluteDates(_ text: String, _ expected: Double) {
        #expect(JQLDate.absolute(text) == expected)
    }

    @Test(arguments: ["2026-13-01", "2025-02-29", "2026-1-5", "2026-01-20 25:00", "2026.01.20", "20260120", ""])
    func invalidDates(_ text: String) {
        #expect(JQLDate.absolute(text) == nil)
    }

    @Test(
        arguments: [
            ("-7d", -604_800), ("-4w", -2_419_200), ("1h", 3_600), ("+30m", 1_800), ("-5", -300),
            ("4w 2d", 2_592_000), ("-1w 2d", -777_600),
        ] as [(String, Double)])
    func periods(_ text: String, _ seconds: Double) {
        #expect(JQLDate.period(text) == seconds)
    }

    @Test(arguments: ["7x", "-", "d", "1.5d", "--1d", "9999999999d"])
    func invalidPeriods(_ text: String) {
        #expect(JQLDate.period(text) == nil)
    }

    @Test(
        arguments: [
            ("2026-01-10T09:00:00Z", 1_768_035_600.0),
            ("2026-01-10T10:00:00+01:00", 1_768_035_600.0),
            ("2026-01-10T09:00:00.250Z", 1_768_035_600.25),
        ] as [(String, Double)])
    func iso8601(_ text: String, _ expected: Double) {
        #expect(JQLDate.iso8601(text) == expected)
    }

    @Test(
        arguments: [
            ("now()", 1_768_867_200.0),
            ("startOfDay()", 1_768_867_200.0),
            ("startOfDay(-1)", 1_768_780_800.0),  // 2026-01-19
            ("endOfDay()", 1_768_953_599.999),  // 2026-01-20T23:59:59.999
            ("startOfWeek()", 1_768_694_400.0),  // Sunday 2026-01-18
            ("startOfWeek(1)", 1_769_299_200.0),  // Sunday 2026-01-25
            ("startOfMonth()", 1_767_225_600.0),  // 2026-01-01
            ("startOfMonth(\"+14d\")", 1_768_435_200.0),  // 2026-01-15
            ("startOfMonth(-1)", 1_764_547_200.0),  // 2025-12-01
            ("endOfMonth(1)", 1_772_323_199.999),  // 2026-02-28T23:59:59.999
            ("startOfYear()", 1_767_225_600.0),  // 2026-01-01
            ("endOfYear(-1)", 1_767_225_599.999),  // 2025-12-31T23:59:59.999
            ("startOfDay(\"+2h\")", 1_768_874_400.0),  // 2026-01-20T02:00
        ] as [(String, Double)])
    func functions(_ call: String, _ expected: Double) throws {
        let name = String(call.prefix { $0 != "(" })
        let inside = call.drop { $0 != "(" }.dropFirst().dropLast()
        let arguments = inside.isEmpty ? [] : [String(inside.filter { $0 != "\"" })]
        guard case .success(.date(let spec)) = JQLFunctions.resolve(name, arguments: arguments) else {
            Issue.record("\(call) is not a date function")
            return
        }
        #expect(abs(spec.resolve(now: Self.now) - expected) < 1e-6)
    }

    @Test func monthArithmeticClampsTheDay() {
        // 2026-01-31 + 1 month = 2026-02-28 (GNU date: 1772236800).
        #expect(JQLDate.add(1, .month, to: 1_769_817_600) == 1_772_236_800)
    }

    @Test func nonFiniteReferenceTimesDoNotCrash() throws {
        let query = try JQLQuery.parse("created > startOfMonth(-1) AND created < endOfYear()")
        let issue = TestIssue(key: "A-1", values: [.created: .date(0)])
        #expect(!query.matches(issue, context: JQLContext(now: .infinity)))
        #expect(!query.matches(issue, context: JQLContext(now: .nan)))
    }
}
