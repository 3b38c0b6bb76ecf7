/// The line a long run rewrites on a terminal's standard error.
///
/// Someone waiting on a run wants two answers: how far the simulation is, in the same units the
/// scenario is written in (`46m 42s of 10h 00m`), and how long they still have to wait in real
/// time. The estimate assumes the rest runs at the pace so far, which is what a person would
/// guess too; it is omitted until there is something to extrapolate from.
enum ProgressLine {
    /// `[cloud] simulated 46m 42s of 10h 00m (7%), 1,204 changes, about 3m 10s left`.
    /// - Parameters:
    ///   - nowMs, endMs: simulated time reached and simulated time at which the run ends.
    ///   - elapsedMs: wall-clock time spent so far.
    static func text(topology: String, nowMs: Double, endMs: Double, changes: Int, elapsedMs: Double) -> String {
        let fraction = endMs > 0 ? min(1, max(0, nowMs / endMs)) : 1
        var line =
            "[\(topology)] simulated \(HumanFormat.duration(milliseconds: nowMs))"
            + " of \(HumanFormat.duration(milliseconds: endMs)) (\(Int(fraction * 100))%), "
            + "\(HumanFormat.count(changes)) changes"
        if fraction > 0, fraction < 1 {
            let left = elapsedMs * (1 - fraction) / fraction
            line += ", about \(HumanFormat.duration(milliseconds: left)) left"
        }
        return line
    }

    /// `[sweep-load] 5/12 runs, about 1m 10s left`: a sweep's progress, by runs finished.
    static func runs(scenario: String, done: Int, total: Int, elapsedMs: Double) -> String {
        var line = "[\(scenario)] \(done)/\(total) runs"
        if done > 0, done < total {
            line +=
                ", about \(HumanFormat.duration(milliseconds: elapsedMs * Double(total - done) / Double(done))) left"
        }
        return line
    }
}
