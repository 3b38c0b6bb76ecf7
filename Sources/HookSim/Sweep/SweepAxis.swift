import Foundation
import SimKit

/// Scales and labels for sweep charts, kept apart from drawing so each rule is unit-tested.
///
/// A sweep chart is read for a trend, so its axes must not invent one: values that grow by a
/// factor (600/h, 3000/h, 12000/h) sit on a logarithmic axis where equal factors look equal;
/// ticks fall on round 1-2-5 values a person can interpolate between; counts print as integers;
/// a share never climbs past 100%.
enum SweepAxis {
    /// The number a point's value stands for: `600/h` → 600, `150ms` → 150 (milliseconds), `4` → 4.
    static func number(_ value: String) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let d = Double(text) { return d }
        if let slash = text.firstIndex(of: "/"), let d = Double(text[..<slash]) { return d }
        if let d = try? SimDuration.parse(text) { return Double(d.microseconds) / 1000 }
        return nil
    }

    /// Whether the values grow geometrically: at least three, all positive and increasing, each at
    /// least 1.5 times the last, and spanning a factor of 8 or more — the sweeps people write as
    /// 1, 2, 4, 8 or 600, 3000, 12000, which a linear axis crowds into one corner.
    static func isGeometric(_ values: [Double]) -> Bool {
        guard values.count >= 3, let first = values.first, let last = values.last, first > 0 else { return false }
        for (a, b) in zip(values, values.dropFirst()) where b < a * 1.5 { return false }
        return last / first >= 8
    }

    /// Round ticks from zero covering `max`: 1-2-5 steps for counts and ratios (at least 1 for a
    /// count, so no tick falls between integers), round durations for times.
    static func ticks(max: Double, unit: ReportUnit) -> [Double] {
        switch unit {
        case .count: return SVGChart.niceTicks(max: max, minStep: 1)
        case .ratio: return SVGChart.niceTicks(max: max, minStep: 0.01)
        case .milliseconds:
            let top = Swift.max(max, 1)
            let step = durationSteps.first { top / $0 <= 5 } ?? (top / 5).rounded(.up)
            let n = Int((top / step).rounded(.up))
            return (0...n).map { Double($0) * step }
        }
    }

    /// Round durations in milliseconds, 1 ms to 1 week.
    static let durationSteps: [Double] = [
        1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
        600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
        172_800_000, 604_800_000,
    ]

    /// A tick label: `1,000` for a count (never `1,000.0`), `0.25` for a ratio, `15m` or `1h30m` for a time.
    static func label(_ v: Double, unit: ReportUnit) -> String {
        switch unit {
        case .count: return HumanFormat.count(v)
        case .ratio:
            let hundredths = (v * 100).rounded()
            return HumanFormat.decimal(v, places: hundredths.truncatingRemainder(dividingBy: 10) == 0 ? 1 : 2)
        case .milliseconds: return v == 0 ? "0" : SimDuration(microseconds: Int64((v * 1000).rounded())).format()
        }
    }

    /// Whether a ratio measure is a share of a whole (0…1), so its axis and intervals stop at 1.
    static func isShare(_ path: String) -> Bool {
        path == "applied.ratio" || path == "aha.utilization" || path.hasSuffix(".share")
    }

    /// A person's title for a measure; the path is shown beside it in small type.
    static func title(_ path: String) -> String {
        if let known = titles[path] { return known }
        if let row = ReportRow.summary.first(where: { $0.path == path }) {
            return row.label.prefix(1).uppercased() + row.label.dropFirst()
        }
        return path
    }

    static let titles: [String: String] = [
        "applied.ratio": "Updates applied (share)",
        "aha.utilization": "Aha! worker utilization (share)",
        "dropped.total": "Updates dropped",
        "duplicates.visible": "Visible duplicates in Aha!",
        "latency.p99": "Latency p99",
        "latency.p50": "Latency p50",
        "aha.rateLimited": "Aha! 429 answers",
        "aha.peakQueue": "Aha! peak queue",
        "deliveries.perChange": "Deliveries per change",
    ]
}
