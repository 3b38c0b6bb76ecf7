import SimKit

/// What a reference run counted, under the report's names, grouped by the side that counts it (as
/// the engine's `Measures` is, but with counters of its own). Latency is kept as an exact sum of
/// microseconds, not a histogram, so the comparison is exact.
struct ReferenceMeasures {
    /// Changes, intended pairs and what became of them (DESIGN.md §3).
    var oracle = Oracle()
    /// What Jira sent and how its attempts ended.
    var jira = Jira()
    /// What Aha! answered and wrote.
    var aha: Aha
    /// Pairs and duplicate writes per integration, by integration index.
    var byIntegration: ByIntegration
    /// Two queued events fell on one instant: the order between them was the implementation's.
    var tie = false

    init(users: Int, integrations: Int) {
        aha = Aha(writesByAuthor: Array(repeating: 0, count: users))
        byIntegration = ByIntegration(integrations: integrations)
    }

    /// The oracle's counts: changes, intended pairs and their outcomes.
    struct Oracle {
        var changes = 0
        var echoes = 0
        var intended = 0
        var applied = 0
        var inFlight = 0
        /// Dropped pairs by `ReferenceReason`.
        var dropped = Array(repeating: 0, count: ReferenceReason.allCases.count)
        var staleOverwrites = 0
        var divergentRecords = 0
        /// Change-to-write latency of applied pairs.
        var latency = Latency()
    }

    /// Change-to-write latencies, exactly: their count, sum and largest, in microseconds.
    struct Latency {
        var count = 0
        var sum: Int64 = 0
        var max: Int64 = 0
        /// The same latencies in SimKit's histogram, so the report's percentiles can be compared too
        /// (the histogram is measurement, not a rule of DESIGN §2–§3).
        var histogram = Histogram()

        mutating func record(_ microseconds: Int64) {
            count += 1
            sum += microseconds
            max = Swift.max(max, microseconds)
            histogram.record(microseconds)
        }
    }

    /// Jira's counts: attempts and how they ended, the user's wait in sync mode, and per webhook.
    struct Jira {
        var attempted = 0
        var succeeded = 0
        var failed = 0
        var retried = 0
        var lost = 0
        var exhausted = 0
        /// Changes on Data Center instances in sync mode, and the most JQL time one added to its user's change.
        var userDelayCount = 0
        var userDelayMax: Int64 = 0
        /// Per installed webhook, in install order (a name may repeat only across topologies).
        var webhookNames: [String] = []
        var webhookDeliveries: [Int] = []
        var webhookExposure: [Int] = []
    }

    /// Aha!'s counts: answers, writes, duplicates and the processing queue.
    struct Aha {
        var writes = 0
        var duplicateWrites = 0
        var duplicateComments = 0
        var duplicateRecords = 0
        var redundantDeliveries = 0
        var rateLimited = 0
        var outageAnswers = 0
        var peakQueue = 0
        var busyMicroseconds: Int64 = 0
        /// Writes by user index.
        var writesByAuthor: [Int]
    }

    /// Per integration, by integration index.
    struct ByIntegration {
        var intended: [Int]
        var applied: [Int]
        var dropped: [Int]
        var duplicateWrites: [Int]

        init(integrations: Int) {
            intended = Array(repeating: 0, count: integrations)
            applied = intended
            dropped = intended
            duplicateWrites = intended
        }
    }
}
