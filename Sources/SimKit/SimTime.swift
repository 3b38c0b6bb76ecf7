/// A span of simulated time, in whole microseconds.
///
/// Integer time keeps every run exact and reproducible: sums never drift the way
/// accumulated `Double` seconds do.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in microseconds.
    public var microseconds: Int64

    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let zero = SimDuration(microseconds: 0)
    @inlinable public static func microseconds(_ n: Int) -> SimDuration { SimDuration(microseconds: Int64(n)) }
    @inlinable public static func milliseconds(_ n: Int) -> SimDuration { SimDuration(microseconds: Int64(n) * 1_000) }
    @inlinable public static func seconds(_ n: Int) -> SimDuration { SimDuration(microseconds: Int64(n) * 1_000_000) }
    @inlinable public static func minutes(_ n: Int) -> SimDuration { SimDuration(microseconds: Int64(n) * 60_000_000) }
    @inlinable public static func hours(_ n: Int) -> SimDuration { SimDuration(microseconds: Int64(n) * 3_600_000_000) }

    /// Rounds a number of seconds to the nearest microsecond (clamped to the representable range).
    // NB: disfavoured so that `.seconds(1)` means the exact integer overload instead of being ambiguous.
    @_disfavoredOverload
    @inlinable public static func seconds(_ s: Double) -> SimDuration {
        let x = s * 1_000_000
        // NB: one comparison on the hot path (false for NaN too); the rare cases go out of line.
        // Rounding half away from zero by hand: `rounded()` is a libm call here, 2% of a run.
        if x.magnitude < 0x1p62 { return SimDuration(microseconds: Int64(x + (x < 0 ? -0.5 : 0.5))) }
        return clamped(x.rounded())
    }

    @usableFromInline static func clamped(_ us: Double) -> SimDuration {
        if us.isNaN { return .zero }
        return SimDuration(microseconds: us > 0 ? .max : .min)
    }

    /// The length in seconds, for statistics and display only.
    @inlinable public var seconds: Double { Double(microseconds) / 1_000_000 }
    /// The length in milliseconds, for statistics and display only.
    @inlinable public var milliseconds: Double { Double(microseconds) / 1_000 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.microseconds < b.microseconds }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration {
        SimDuration(microseconds: a.microseconds &+ b.microseconds)
    }
    @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration {
        SimDuration(microseconds: a.microseconds &- b.microseconds)
    }
    @inlinable public static func * (a: SimDuration, n: Int64) -> SimDuration {
        SimDuration(microseconds: a.microseconds &* n)
    }

    public var description: String { format() }
}

/// An instant of simulated time: microseconds since the start of the run.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since the start of the run.
    public var microseconds: Int64

    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    /// The start of every run.
    public static let zero = SimTime(microseconds: 0)
    /// Later than any instant a run reaches.
    public static let distantFuture = SimTime(microseconds: .max)

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.microseconds < b.microseconds }
    @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime {
        // NB: saturate so that "never" plus a delay stays "never" instead of wrapping around.
        let (sum, overflow) = t.microseconds.addingReportingOverflow(d.microseconds)
        return SimTime(microseconds: overflow ? (d.microseconds > 0 ? .max : .min) : sum)
    }
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
        SimDuration(microseconds: a.microseconds &- b.microseconds)
    }
    @inlinable public static func - (t: SimTime, d: SimDuration) -> SimTime {
        SimTime(microseconds: t.microseconds &- d.microseconds)
    }

    /// The time since the start of the run, as a duration.
    @inlinable public var sinceStart: SimDuration { SimDuration(microseconds: microseconds) }

    public var description: String { "T+" + sinceStart.format() }
}
