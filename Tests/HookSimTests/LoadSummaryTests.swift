import Testing

@testable import HookSim

/// The figures the serve benchmark reads from a load report, through HookSim's JSON reader.
@Suite struct LoadSummaryTests {
    /// A load report written by hand: 3 sent, 2 answered 202 and 1 answered 503, 1.25 per second.
    static let report = """
        {"report": "load", "scenario": "s", "target": "http://127.0.0.1:1", "topology": "a", "speed": 60,
         "shards": [],
         "requests": {"scheduled": 3, "sent": 3, "answered": 3, "retried": 0, "timedOut": 0, "failed": 1,
                      "byStatus": {"503": 1, "202": 2}},
         "rate": {"scheduled": 1.5, "achieved": 1.25},
         "latency": {"histogram": {"unit": "us", "sum": 0, "min": 0, "max": 0, "buckets": []}}}
        """

    @Test func readsSentRateAndStatuses() throws {
        let s = try #require(LoadSummary(json: Array(Self.report.utf8)))
        #expect(s.sent == 3)
        #expect(s.achievedRate == 1.25)
        #expect(s.byStatus == [.init(code: 202, count: 2), .init(code: 503, count: 1)])
    }

    @Test func notAReportIsNil() {
        #expect(LoadSummary(json: Array("{\"report\": \"run\"}".utf8)) == nil)
        #expect(LoadSummary(json: Array("not json".utf8)) == nil)
    }
}
