import SimKit

/// Counters a run accumulates, grouped by the room that counts them; the report is made from these alone.
struct Measures {
    /// What the oracle expected and what became of it (DESIGN.md §3).
    var oracle: OracleCounts
    /// What Jira sent and how its attempts ended.
    var jira: DeliveryCounts
    /// What Aha! answered and wrote.
    var aha: AhaCounts
    /// Deliveries by answer, writes and queue depth per step of simulated time (DESIGN.md §7.2).
    var series: TimeSeries
    var engineEvents = 0

    init(users: Int, integrations: Int, span: SimDuration) {
        oracle = OracleCounts(integrations: integrations)
        jira = DeliveryCounts()
        aha = AhaCounts(users: users)
        series = TimeSeries(span: span)
    }
}

/// The oracle's counts: changes, intended pairs and their outcomes.
struct OracleCounts {
    var changes = 0
    var echoes = 0
    var intended = 0
    var applied = 0
    var inFlight = 0
    /// Dropped pairs by `Stage`.
    var dropped = Array(repeating: 0, count: Stage.allCases.count)
    var staleOverwrites = 0
    var divergentRecords = 0
    /// Change-to-write latency of applied pairs, in microseconds.
    var latency = Histogram()
    var negativeLatencies = 0
    /// A running hash of every change (time, kind, issue, actor): equal across topologies when
    /// they saw identical activity (common random numbers).
    var changeDigest: UInt64 = 0xCBF2_9CE4_8422_2325
    var byIntegration: [IntegrationCounts]

    init(integrations: Int) { byIntegration = Array(repeating: IntegrationCounts(), count: integrations) }

    var droppedTotal: Int { dropped.reduce(0, +) }

    struct IntegrationCounts {
        var intended = 0
        var applied = 0
        var dropped = 0
        var duplicateWrites = 0
        /// Dropped pairs by `Stage`: lets a report name the integration *and* the reason of its
        /// largest loss ("loses all 588 updates of integration `api`: permissionDenied").
        var droppedByReason = Array(repeating: 0, count: Stage.allCases.count)
    }
}

/// Jira's counts: attempts and how they ended, per webhook deliveries and exposure.
struct DeliveryCounts {
    var attempted = 0
    var succeeded = 0
    var retried = 0
    var failed = 0
    /// Events a full Data Center queue lost (never sent).
    var lost = 0
    var attemptsInFlight = 0
    /// Deliveries Jira gave up on.
    var deliveriesFailed = 0
    /// Data Center sync: time the user's thread spent on webhook JQL, per change (ms).
    var userDelay = RunningStatistics()
    /// By webhook index: attempts sent, and first attempts about issues out of scope.
    var hookDeliveries: [Int] = []
    var hookExposure: [Int] = []
}

/// Aha!'s counts: answers, writes, duplicates and the processing queue.
struct AhaCounts {
    var writes = 0
    var unauthorizedWrites = 0
    var duplicateWrites = 0
    var duplicateComments = 0
    var duplicateRecords = 0
    var redundantDeliveries = 0
    var rateLimited = 0
    var outageAnswers = 0
    var peakQueue = 0
    var busyMicroseconds: Int64 = 0
    var writesByAuthor: [Int]

    init(users: Int) { writesByAuthor = Array(repeating: 0, count: users) }
}
