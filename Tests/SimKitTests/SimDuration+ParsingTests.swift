import Testing

@testable import SimKit

@Suite struct SimDurationParsingTests {
    @Test(arguments: [
        ("250ms", Int64(250_000)), ("5s", 5_000_000), ("15m", 900_000_000), ("3min", 180_000_000),
        ("8h", 28_800_000_000), ("2d", 172_800_000_000), ("1w", 604_800_000_000), ("90us", 90), ("7µs", 7),
        ("1h30m", 5_400_000_000), ("1h 30m", 5_400_000_000), ("1.5s", 1_500_000), ("0.25ms", 250),
        ("1_000ms", 1_000_000), (" 5s ", 5_000_000), ("0s", 0), ("2H", 7_200_000_000),
        ("1d2h3m4s5ms6us", 93_784_005_006),
    ])
    func parses(text: String, microseconds: Int64) throws {
        #expect(try SimDuration.parse(text) == SimDuration(microseconds: microseconds))
    }

    @Test func aBareNumberNeedsAUnit() {
        #expect {
            try SimDuration.parse("300")
        } throws: { error in
            let e = error as? DurationParseError
            return e?.message.contains("needs a unit") == true && e?.message.contains("300s") == true && e?.offset == 3
        }
    }

    @Test(arguments: [
        ("", "expected a duration"), ("   ", "expected a duration"), ("-5s", "cannot be negative"),
        ("5x", "unknown unit \"x\""), ("s", "expected a number"), ("1..5s", "expected a number"),
        ("5s3", "needs a unit"), ("999999999w", "too long"),
    ])
    func rejects(text: String, messagePart: String) {
        #expect {
            try SimDuration.parse(text)
        } throws: { error in
            (error as? DurationParseError)?.message.contains(messagePart) == true
        }
    }

    @Test func errorsPointAtTheWrongCharacter() throws {
        let error = try #require(throws: DurationParseError.self) { try SimDuration.parse("10s 5q") }
        #expect(error.offset == 5)  // the 'q'
        #expect(error.input == "10s 5q")
    }

    @Test(arguments: [
        (Int64(0), "0s"), (5_400_000_000, "1h30m"), (1_500_000, "1s500ms"), (250_000, "250ms"), (90, "90us"),
        (93_784_005_006, "1d2h3m4s5ms6us"), (604_800_000_000, "7d"), (-2_000_000, "-2s"),
    ])
    func formats(microseconds: Int64, text: String) {
        #expect(SimDuration(microseconds: microseconds).format() == text)
    }

    @Test func formatOfTheMostNegativeDurationDoesNotTrap() {
        #expect(SimDuration(microseconds: .min).format().hasPrefix("-"))
    }

    @Test func parseOfFormatRoundTrips() throws {
        var rng = Xoshiro256StarStar(seed: 7)
        var values: [Int64] = [0, 1, 999, 1_000, 59_999_999, 86_400_000_000, Int64(1) << 52]
        for _ in 0..<2_000 {
            // Spread over many magnitudes: microseconds up to about 100 years.
            let bits = rng.nextInt(below: 52) + 1
            values.append(Int64(rng.next() >> UInt64(64 - bits)))
        }
        for us in values {
            let d = SimDuration(microseconds: us)
            #expect(try SimDuration.parse(d.format()) == d, "\(us) → \(d.format())")
        }
    }

    static let rates: [(String, Double)] = [
        ("120/h", 120.0 / 3600), ("20/s", 20), ("3/min", 3.0 / 60), ("300/m", 5), ("1000/d", 1000.0 / 86_400),
        ("5/250ms", 20), ("0/h", 0), ("1.5/s", 1.5), (" 60 / h ", 60.0 / 3600), ("2/.5s", 4),
    ]

    @Test(arguments: rates)
    func parsesRates(text: String, perSecond: Double) throws {
        let rate = try Rate.parse(text)
        #expect(abs(rate.perSecond - perSecond) <= 1e-12 * max(1, perSecond))
    }

    @Test(arguments: [
        ("120", "expected a rate"), ("x/h", "non-negative count"), ("-3/h", "non-negative count"),
        ("5/", "expected a unit after '/'"), ("5/xyz", "unknown unit"), ("5/0s", "longer than zero"),
    ])
    func rejectsRates(text: String, messagePart: String) {
        #expect {
            try Rate.parse(text)
        } throws: { error in
            (error as? DurationParseError)?.message.contains(messagePart) == true
        }
    }

    @Test func rateIntervalAndDescription() throws {
        #expect(try Rate.parse("20/s").meanInterval == .milliseconds(50))
        #expect(try Rate.parse("120/h").meanInterval == .seconds(30))
        #expect(Rate(perSecond: 0).meanInterval.microseconds == .max)
        #expect(try Rate.parse("120/h").description == "120/h")
        #expect(try Rate.parse("20/s").description == "20/s")  // 72000/h is too many to read per hour
    }
}
