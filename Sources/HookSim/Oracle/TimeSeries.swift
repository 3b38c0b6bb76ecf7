import SimKit

/// What happened in each step of simulated time (DESIGN.md §7.2), so a report can show *when*
/// deliveries failed, writes doubled or the queue backed up — an outage is a moment, not a total.
///
/// The arrays are allocated once, before the run; the engine adds to them with one division and
/// one array index per event, never an allocation.
public struct TimeSeries: Sendable, Equatable {
    /// The width of one step, in milliseconds: a round duration (see `step(for:)`).
    public let stepMs: Int
    /// Attempts by the step in which they were sent; sums to `deliveries.attempted`.
    public var deliveries: [Int]
    /// Attempts Jira read a 2xx for; sums to `deliveries.succeeded`.
    public var succeeded: [Int]
    /// Attempts Aha! answered 429; sums to `aha.rateLimited`.
    public var rateLimited: [Int]
    /// Attempts Aha! answered 503 (outage); sums to `aha.outageAnswers`.
    public var unavailable: [Int]
    /// Attempts that got no answer (network failure, timeout, lost answer) or another status.
    public var failed: [Int]
    /// Writes to Aha! by the step in which they were made; sums to `aha.writes`.
    public var writes: [Int]
    /// Writes for pairs already applied; sums to `duplicateWrites`.
    public var duplicateWrites: [Int]
    /// The deepest Aha! processing queue in each step: a burst between two instants still shows.
    public var queueDepth: [Int]

    let stepMicros: Int64
    /// `1 / stepMicros`: a multiplication instead of a 64-bit division on every event.
    let inverseStep: Double

    /// Round step widths, smallest first: a chart reads "per minute" better than "per 37.2 s".
    static let ladder: [SimDuration] = [
        .seconds(1), .seconds(10), .minutes(1), .minutes(5), .minutes(15), .hours(1), .hours(6), .hours(24),
    ]
    static let maxSteps = 500

    /// The smallest round step that covers `span` in at most 500 steps (whole days past the ladder).
    static func step(for span: SimDuration) -> SimDuration {
        let total = max(1, span.microseconds)
        if let s = ladder.first(where: { (total + $0.microseconds - 1) / $0.microseconds <= Int64(maxSteps) }) {
            return s
        }
        let day = SimDuration.hours(24).microseconds
        let days = (total + day * Int64(maxSteps) - 1) / (day * Int64(maxSteps))
        return SimDuration(microseconds: days * day)
    }

    /// Empty series covering `span` (activity plus drain).
    init(span: SimDuration) {
        let step = Self.step(for: span)
        stepMicros = step.microseconds
        stepMs = Int(step.microseconds / 1000)
        inverseStep = 1 / Double(step.microseconds)
        let count = Int(max(1, (max(1, span.microseconds) + stepMicros - 1) / stepMicros))
        let zeros = Array(repeating: 0, count: count)
        deliveries = zeros
        succeeded = zeros
        rateLimited = zeros
        unavailable = zeros
        failed = zeros
        writes = zeros
        duplicateWrites = zeros
        queueDepth = zeros
    }

    /// How many steps the series holds.
    public var count: Int { deliveries.count }

    /// The step an instant falls in; the end of the run belongs to the last step.
    ///
    /// - Complexity: O(1), without a division: the product with the reciprocal is within one of
    ///   the quotient, and one comparison either way makes it exact at step boundaries.
    @inline(__always) func index(_ t: SimTime) -> Int {
        let us = max(0, t.microseconds)
        var q = Int64(Double(us) * inverseStep)
        if q &* stepMicros > us { q -= 1 } else if (q &+ 1) &* stepMicros <= us { q += 1 }
        return min(deliveries.count - 1, Int(q))
    }

    /// The series as §7.2 names it, arrays in step order.
    var json: JSONValue {
        let ints = { (a: [Int]) in JSONValue.array(a.map { .int($0) }) }
        return .object([
            ("stepMs", .int(stepMs)), ("deliveries", ints(deliveries)), ("succeeded", ints(succeeded)),
            ("rateLimited", ints(rateLimited)), ("unavailable", ints(unavailable)), ("failed", ints(failed)),
            ("writes", ints(writes)), ("duplicateWrites", ints(duplicateWrites)), ("queueDepth", ints(queueDepth)),
        ])
    }
}

/// A timeline entry as a report draws it: a labelled vertical mark at its time.
public struct TimeMark: Sendable, Equatable {
    public var atMs: Int
    public var what: String
    /// When an entry that lasts (an outage) ends, so a chart can shade its span; not in the JSON,
    /// whose `marks` are the instants of §7.2.
    public var untilMs: Int?

    public init(atMs: Int, what: String, untilMs: Int? = nil) {
        self.atMs = atMs
        self.what = what
        self.untilMs = untilMs
    }

    /// The entries of `scenario`'s timeline that apply to `topology`, in file order.
    ///
    /// An entry that names a webhook the topology never has (shared timelines name each
    /// topology's own webhook) changes nothing there, so it is no mark: a chart must not show a
    /// change that did not happen.
    static func marks(_ scenario: Scenario, topology: String) -> [TimeMark] {
        let entries = scenario.timeline.filter { $0.topology == nil || $0.topology == topology }
        var hooks = Set(scenario.topologies.first { $0.name == topology }?.webhooks.map(\.name) ?? [])
        for e in entries { if case .addWebhook(let spec) = e.action { hooks.insert(spec.name) } }
        return entries.filter { entry in
            switch entry.action {
            case .setRunAs(let webhook, _), .disable(let webhook), .enable(let webhook), .removeWebhook(let webhook):
                return hooks.contains(webhook)
            case .outage, .setRole, .addWebhook:
                return true
            }
        }.map { entry in
            let at = Int(entry.at.microseconds / 1000)
            var until: Int?
            if case .outage(let span) = entry.action { until = at + Int(span.microseconds / 1000) }
            return TimeMark(atMs: at, what: describe(entry.action), untilMs: until)
        }
    }

    /// A short label: `outage 20m`, `disable aha-mob`, `aha-2.0 runs as Pat`.
    static func describe(_ action: TimelineAction) -> String {
        switch action {
        case .setRunAs(let webhook, let user): return "\(webhook) runs as \(user)"
        case .disable(let webhook): return "disable \(webhook)"
        case .enable(let webhook): return "enable \(webhook)"
        case .outage(let span): return "outage \(span.format())"
        case .setRole(let user, let workspace, let role): return "\(user) \(role.rawValue) on \(workspace)"
        case .addWebhook(let spec): return "add \(spec.name)"
        case .removeWebhook(let name): return "remove \(name)"
        }
    }
}
