import SimKit

/// Counters the run accumulates; the report is made from these alone.
struct Measures {
    var changes = 0
    var echoes = 0
    var intended = 0
    var applied = 0
    var inFlight = 0
    var dropped = Array(repeating: 0, count: Stage.allCases.count)
    var duplicateWrites = 0
    var duplicateComments = 0
    var duplicateRecords = 0
    var redundantDeliveries = 0
    var staleOverwrites = 0
    var divergentRecords = 0
    var latency = Histogram()
    var negativeLatencies = 0
    var attempted = 0
    var succeeded = 0
    var retried = 0
    var failed = 0
    var lost = 0
    var attemptsInFlight = 0
    var deliveriesFailed = 0
    var writes = 0
    var unauthorizedWrites = 0
    var rateLimited = 0
    var outageAnswers = 0
    var peakQueue = 0
    var busyMicroseconds: Int64 = 0
    var userDelay = RunningStatistics()
    /// Deliveries by answer, writes and queue depth per step of simulated time (DESIGN.md §7.2).
    var series: TimeSeries
    var writesByAuthor: [Int]
    var byIntegration: [IntegrationCounts]
    var hookDeliveries: [Int]
    var hookExposure: [Int]
    var engineEvents = 0
    /// A running hash of every change (time, kind, issue, actor): equal across topologies when
    /// they saw identical activity (common random numbers).
    var changeDigest: UInt64 = 0xCBF2_9CE4_8422_2325

    struct IntegrationCounts {
        var intended = 0
        var applied = 0
        var dropped = 0
        var duplicateWrites = 0
        /// Dropped pairs by `Stage`: lets a report name the integration *and* the reason of its
        /// largest loss ("loses all 588 updates of integration `api`: permissionDenied").
        var droppedByReason = Array(repeating: 0, count: Stage.allCases.count)
    }

    init(users: Int, integrations: Int, span: SimDuration) {
        writesByAuthor = Array(repeating: 0, count: users)
        byIntegration = Array(repeating: IntegrationCounts(), count: integrations)
        series = TimeSeries(span: span)
        hookDeliveries = []
        hookExposure = []
    }

    var droppedTotal: Int { dropped.reduce(0, +) }
}
