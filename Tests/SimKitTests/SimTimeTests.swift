import Testing

@testable import SimKit

@Suite struct SimTimeTests {
    @Test func unitsAreWholeMicroseconds() {
        #expect(SimDuration.milliseconds(250).microseconds == 250_000)
        #expect(SimDuration.seconds(5).microseconds == 5_000_000)
        #expect(SimDuration.minutes(15).microseconds == 900_000_000)
        #expect(SimDuration.hours(8).microseconds == 28_800_000_000)
        #expect(SimDuration.seconds(1).seconds == 1.0)
        #expect(SimDuration.milliseconds(1_500).milliseconds == 1_500.0)
    }

    @Test(arguments: [
        (1.5, Int64(1_500_000)), (0.000_000_4, 0), (0.000_000_6, 1), (-0.000_000_6, -1), (2.000_000_6, 2_000_001),
        (0.1, 100_000),
    ])
    func secondsRoundToTheNearestMicrosecond(seconds: Double, microseconds: Int64) {
        #expect(SimDuration.seconds(seconds).microseconds == microseconds)
    }

    @Test func secondsClampOutOfRangeAndNaN() {
        #expect(SimDuration.seconds(1e300).microseconds == .max)
        #expect(SimDuration.seconds(-1e300).microseconds == .min)
        #expect(SimDuration.seconds(.infinity).microseconds == .max)
        #expect(SimDuration.seconds(Double.nan) == .zero)
    }

    @Test func integerLiteralSecondsAreExact() {
        // `.seconds(1)` picks the Int64 overload: exact, not rounded through Double.
        let d: SimDuration = .seconds(3)
        #expect(d.microseconds == 3_000_000)
    }

    @Test func arithmetic() {
        let t = SimTime.zero + .seconds(10)
        #expect(t.microseconds == 10_000_000)
        #expect((t + .milliseconds(5)) - t == .milliseconds(5))
        #expect(t - .seconds(4) == SimTime(microseconds: 6_000_000))
        #expect(SimDuration.seconds(2) * 3 == .seconds(6))
        #expect(SimDuration.seconds(2) - .seconds(3) == .seconds(-1))
        #expect(t.sinceStart == .seconds(10))
        #expect(SimTime(microseconds: 1) < SimTime(microseconds: 2))
    }

    @Test func distantFuturePlusADelayStaysDistantFuture() {
        #expect(SimTime.distantFuture + .seconds(1) == .distantFuture)
        #expect(SimTime(microseconds: .max - 5) + .microseconds(10) == .distantFuture)
    }

    @Test func descriptions() {
        #expect(SimTime(microseconds: 5_400_000_000).description == "T+1h30m")
        #expect(SimDuration.milliseconds(250).description == "250ms")
    }
}
