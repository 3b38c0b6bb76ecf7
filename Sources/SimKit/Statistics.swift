/// Count, mean and variance of a stream of values (Welford's algorithm: one pass, stable).
public struct RunningStatistics: Sendable, Equatable {
    public private(set) var count: Int = 0
    public private(set) var mean: Double = 0
    @usableFromInline var m2: Double = 0
    public private(set) var min: Double = .infinity
    public private(set) var max: Double = -.infinity

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
        if x < min { min = x }
        if x > max { max = x }
    }

    /// The sample variance (n − 1 in the denominator); zero below two values.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }
}

/// The time-weighted average of a quantity that changes at instants (queue length, busy workers).
public struct TimeWeightedAverage: Sendable, Equatable {
    public private(set) var value: Double
    public private(set) var peak: Double
    var lastChange: SimTime
    let start: SimTime
    var area: Double = 0

    public init(initial: Double = 0, at start: SimTime = .zero) {
        value = initial
        peak = initial
        lastChange = start
        self.start = start
    }

    /// Records that the quantity became `newValue` at `time` (not before the last change).
    public mutating func set(_ newValue: Double, at time: SimTime) {
        precondition(time >= lastChange, "time-weighted average updated out of order")
        area += value * Double(time.microseconds - lastChange.microseconds)
        lastChange = time
        value = newValue
        if newValue > peak { peak = newValue }
    }

    /// The average from the start until `time`.
    public func average(until time: SimTime) -> Double {
        let total = Double(time.microseconds - start.microseconds)
        guard total > 0 else { return value }
        let a = area + value * Double(max(0, time.microseconds - lastChange.microseconds))
        return a / total
    }
}
