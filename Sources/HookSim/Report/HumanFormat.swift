import SimKit

/// Fixed, locale-free formatting of numbers and durations for people.
///
/// Reports are committed and diffed (DESIGN.md §6), so nothing here may depend on the
/// process locale or on the platform's float printing: every value is rounded to an integer
/// first and printed with integer arithmetic.
public enum HumanFormat {
    /// An integer with thousands separators: `12,345`, `-1,000`. Always a comma, whatever the locale.
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A count held in a `Double` (report values), rounded to the nearest integer.
    public static func count(_ d: Double) -> String {
        guard d.isFinite else { return "—" }
        return count(Int(d.rounded()))
    }

    /// A duration in milliseconds as a person reads it: `0ms`, `0.4ms`, `6.7ms`, `850ms`, `1.5s`,
    /// `12.4s`, `9m 12s`, `1h 02m`, `2d 03h` — the one duration format of every report, message
    /// and story.
    ///
    /// The value is rounded to the unit shown *before* choosing the unit, so 59.96 s prints
    /// `1m 00s` rather than `60.0s`. Minor units are zero-padded so columns of durations line up.
    /// Below 10 ms a tenth is kept (unless it is 0), so an HTTP round trip or a Jira user delay of
    /// 6.7 ms is not shown as 7 ms beside a bound of `>= 7ms`.
    public static func duration(milliseconds ms: Double) -> String {
        guard ms.isFinite else { return "—" }
        if ms < 0 { return "-" + duration(milliseconds: -ms) }
        let tenthsOfMs = Int64((ms * 10).rounded())
        if tenthsOfMs < 100 {
            return tenthsOfMs % 10 == 0 ? "\(tenthsOfMs / 10)ms" : "\(tenthsOfMs / 10).\(tenthsOfMs % 10)ms"
        }
        let wholeMs = Int64(ms.rounded())
        if wholeMs < 1000 { return "\(wholeMs)ms" }
        let tenths = Int64((ms / 100).rounded())
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10)s" }
        let seconds = Int64((ms / 1000).rounded())
        if seconds < 3600 { return "\(seconds / 60)m " + pad2(seconds % 60) + "s" }
        let minutes = Int64((ms / 60_000).rounded())
        if minutes < 1440 { return "\(minutes / 60)h " + pad2(minutes % 60) + "m" }
        let hours = Int64((ms / 3_600_000).rounded())
        return "\(hours / 24)d " + pad2(hours % 24) + "h"
    }

    /// A simulated duration, as `duration(milliseconds:)` prints it.
    static func duration(_ d: SimDuration) -> String { duration(milliseconds: Double(d.microseconds) / 1000) }

    /// A ratio (0.875) as a percentage with one decimal (`87.5%`).
    public static func percent(_ ratio: Double) -> String { decimal(ratio * 100, places: 1) + "%" }

    /// A number with a fixed count of decimals, rounded half away from zero; no locale, no exponent.
    public static func decimal(_ d: Double, places: Int) -> String {
        guard d.isFinite else { return "—" }
        var scale: Double = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(d) * scale).rounded())
        let sign = d < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + count(Int(scaled)) }
        let whole = scaled / Int64(scale)
        var frac = String(scaled % Int64(scale))
        while frac.count < places { frac = "0" + frac }
        return sign + count(Int(whole)) + "." + frac
    }

    /// A multiplier such as `3×` or `2.4×`: whole when it is whole, else one decimal.
    static func times(_ d: Double) -> String {
        let tenths = (d * 10).rounded()
        return (tenths.truncatingRemainder(dividingBy: 10) == 0 ? decimal(d, places: 0) : decimal(d, places: 1)) + "×"
    }

    private static func pad2(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
