/// The few figures of a `load --format json` report that a caller outside HookSim reads (the
/// `serve` benchmark), read with HookSim's one JSON reader through `LoadReport.parse`.
public struct LoadSummary: Sendable, Equatable {
    /// `requests.sent`.
    public var sent: Int
    /// `rate.achieved`: requests per second.
    public var achievedRate: Double
    /// `requests.byStatus`: the answers per HTTP status, in increasing order of status.
    public var byStatus: [Status]

    /// How many answers had one HTTP status.
    public struct Status: Sendable, Equatable {
        public var code: Int
        public var count: Int
    }

    /// Reads the report; nil when `bytes` are not a load report.
    public init?(json bytes: [UInt8]) {
        guard let report = try? LoadReport.parse(bytes, file: "load report") else { return nil }
        sent = report.counts.sent
        achievedRate = report.rateAchieved
        byStatus = report.byStatus.map { Status(code: $0.code, count: $0.count) }
    }
}
