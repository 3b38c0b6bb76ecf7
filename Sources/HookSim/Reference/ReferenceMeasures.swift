import SimKit

/// What a reference run counted, under the report's names. Latency is kept as an exact sum of
/// microseconds, not a histogram, so the comparison is exact.
struct ReferenceMeasures {
    var changes = 0
    var echoes = 0
    var intended = 0
    var applied = 0
    var inFlight = 0
    var dropped = Array(repeating: 0, count: ReferenceReason.allCases.count)
    var duplicateWrites = 0
    var duplicateComments = 0
    var duplicateRecords = 0
    var redundantDeliveries = 0
    var staleOverwrites = 0
    var divergentRecords = 0
    var latencyCount = 0
    var latencySum: Int64 = 0
    var latencyMax: Int64 = 0
    /// The same latencies in SimKit's histogram, so the report's percentiles can be compared too
    /// (the histogram is measurement, not a rule of DESIGN §2–§3).
    var latencyHistogram = Histogram()
    var attempted = 0
    var succeeded = 0
    var failed = 0
    var retried = 0
    var lost = 0
    var exhausted = 0
    var writes = 0
    var rateLimited = 0
    var outageAnswers = 0
    var peakQueue = 0
    var busyMicroseconds: Int64 = 0
    /// Changes on Data Center instances in sync mode, and the most JQL time one added to its user's change.
    var userDelayCount = 0
    var userDelayMax: Int64 = 0
    var writesByAuthor: [Int]
    var intendedBy: [Int]
    var appliedBy: [Int]
    var droppedBy: [Int]
    var duplicateWritesBy: [Int]
    /// Per installed webhook, in install order (a name may repeat only across topologies).
    var webhookNames: [String] = []
    var webhookDeliveries: [Int] = []
    var webhookExposure: [Int] = []
    /// Two queued events fell on one instant: the order between them was the implementation's.
    var tie = false

    init(users: Int, integrations: Int) {
        writesByAuthor = Array(repeating: 0, count: users)
        intendedBy = Array(repeating: 0, count: integrations)
        appliedBy = Array(repeating: 0, count: integrations)
        droppedBy = Array(repeating: 0, count: integrations)
        duplicateWritesBy = Array(repeating: 0, count: integrations)
    }

    mutating func recordLatency(_ microseconds: Int64) {
        latencyCount += 1
        latencySum += microseconds
        latencyMax = max(latencyMax, microseconds)
        latencyHistogram.record(microseconds)
    }
}
