/// A log-linear histogram of non-negative integer values (microseconds, counts).
///
/// Values below 2^`subBits` are counted exactly; above, each power of two is split into
/// 2^`subBits` equal buckets, so a bucket's width is at most 2^-`subBits` of its lower
/// bound. Percentiles report a bucket's midpoint, within half a bucket: with `subBits = 7`
/// the relative error is below 0.4%, inside the 1% that DESIGN.md §3 asks for.
public struct Histogram: Sendable, Equatable {
    public static let subBits = 7
    @usableFromInline static let subCount = 1 << subBits

    var counts: [UInt64]
    public private(set) var count: UInt64 = 0
    public private(set) var min: Int64 = .max
    public private(set) var max: Int64 = 0
    var sum: Double = 0

    public init() {
        counts = Array(repeating: 0, count: (64 - Histogram.subBits + 1) * Histogram.subCount)
    }

    @inlinable static func bucket(of v: UInt64) -> Int {
        if v < UInt64(subCount) { return Int(v) }
        let exp = 63 - v.leadingZeroBitCount  // v >= 2^subBits, so exp >= subBits
        let shift = exp - subBits
        let sub = Int((v >> UInt64(shift)) & UInt64(subCount - 1))
        return (shift + 1) * subCount + sub
    }

    /// The lowest and one-past-highest value of a bucket.
    static func bounds(of index: Int) -> (low: Double, high: Double) {
        if index < subCount { return (Double(index), Double(index) + 1) }
        let shift = index / subCount - 1
        let sub = index % subCount
        let low = Double((UInt64(subCount) + UInt64(sub)) << UInt64(shift))
        return (low, low + Double(UInt64(1) << UInt64(shift)))
    }

    /// Records one value; negative values are recorded as zero.
    public mutating func record(_ value: Int64) {
        let v = value < 0 ? 0 : value
        counts[Histogram.bucket(of: UInt64(v))] += 1
        count += 1
        sum += Double(v)
        if v < min { min = v }
        if v > max { max = v }
    }

    /// Adds every value of another histogram.
    public mutating func merge(_ other: Histogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
        count += other.count
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    /// The mean of the recorded values (exact: the sum is kept).
    public var mean: Double { count > 0 ? sum / Double(count) : 0 }

    /// The value at quantile `q` (0...1): the smallest recorded value with at least `q` of
    /// all values at or below it, to within the histogram's precision. Zero when empty.
    public func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        if q >= 1 { return Double(max) }
        let rank = Swift.max(1, UInt64((q * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() where c > 0 {
            seen += c
            if seen >= rank {
                if i < Histogram.subCount { return Double(i) }
                let (lo, hi) = Histogram.bounds(of: i)
                let mid = (lo + hi - 1) / 2
                return Swift.min(Swift.max(mid, Double(min)), Double(max))
            }
        }
        return Double(max)
    }

    /// `(upper bound, count)` of every non-empty bucket, in increasing order: for charts.
    public func buckets() -> [(upper: Double, count: UInt64)] {
        counts.enumerated().compactMap { i, c in c > 0 ? (Histogram.bounds(of: i).high, c) : nil }
    }

    /// `(bucket index, count)` of every non-empty bucket: with `count`, `sum`, `min` and `max`,
    /// everything needed to rebuild the histogram exactly elsewhere (`hooksim merge` of shard reports).
    public var indexedBuckets: [(index: Int, count: UInt64)] {
        counts.enumerated().compactMap { i, c in c > 0 ? (i, c) : nil }
    }

    /// The exact sum of the recorded values.
    public var total: Double { sum }

    /// Rebuilds a histogram from `indexedBuckets`, `total`, `min` and `max`; nil when a bucket index is
    /// out of range (input from a file).
    public init?(indexedBuckets: [(index: Int, count: UInt64)], total: Double, min: Int64, max: Int64) {
        self.init()
        for (i, c) in indexedBuckets {
            guard counts.indices.contains(i) else { return nil }
            counts[i] += c
            count += c
        }
        sum = total
        self.min = count > 0 ? min : .max
        self.max = count > 0 ? max : 0
    }
}
