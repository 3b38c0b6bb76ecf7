extension ReportFigures {
    /// The figures as report JSON members, in the documented key order of DESIGN.md §6: counts
    /// print as integers, ratios and milliseconds as decimals (`JSONValue.format`).
    var jsonMembers: [(String, JSONValue)] {
        let int = { (n: Int) in JSONValue.int(n) }
        let num = { (d: Double) in JSONValue.double(d) }
        let reasons = { (counts: [Int]) in
            JSONValue.object(zip(ReportPath.dropReasons, counts).map { ($0, int($1)) })
        }
        let o = outcome
        return [
            ("changes", int(o.changes)),
            ("echoes", int(o.echoes)),
            ("intended", int(o.intended)),
            ("applied", int(o.applied)),
            ("inFlight", int(o.inFlight)),
            ("dropped", .object([("total", int(dropped.total)), ("byReason", reasons(dropped.byReason))])),
            ("duplicateWrites", int(o.duplicateWrites)),
            (
                "duplicates",
                .object([
                    ("visible", int(duplicates.visible)), ("comments", int(duplicates.comments)),
                    ("records", int(duplicates.records)),
                ])
            ),
            ("redundantDeliveries", int(o.redundantDeliveries)),
            ("staleOverwrites", int(o.staleOverwrites)),
            ("divergentRecords", int(o.divergentRecords)),
            ("exposure", .object([("total", int(o.exposure))])),
            (
                "latency",
                .object([
                    ("count", int(latency.count)), ("mean", num(latency.mean)), ("p50", num(latency.p50)),
                    ("p90", num(latency.p90)), ("p95", num(latency.p95)), ("p99", num(latency.p99)),
                    ("p999", num(latency.p999)), ("max", num(latency.max)),
                ])
            ),
            (
                "deliveries",
                .object([
                    ("attempted", int(deliveries.attempted)), ("succeeded", int(deliveries.succeeded)),
                    ("retried", int(deliveries.retried)), ("failed", int(deliveries.failed)),
                    ("inFlight", int(deliveries.inFlight)), ("lost", int(deliveries.lost)),
                    ("exhausted", int(deliveries.exhausted)), ("perChange", num(deliveries.perChange)),
                    ("jiraUserDelayMean", num(deliveries.jiraUserDelayMean)),
                ])
            ),
            (
                "aha",
                .object([
                    ("writes", int(aha.writes)), ("utilization", num(aha.utilization)),
                    ("peakQueue", int(aha.peakQueue)),
                    ("rateLimited", int(aha.rateLimited)), ("outageAnswers", int(aha.outageAnswers)),
                ])
            ),
            ("writesByAuthor", .object(writesByAuthor.map { ($0.name, int($0.writes)) })),
            (
                "byIntegration",
                .object(
                    byIntegration.map { i in
                        (
                            i.id,
                            .object([
                                ("intended", int(i.intended)), ("applied", int(i.applied)), ("dropped", int(i.dropped)),
                                ("duplicateWrites", int(i.duplicateWrites)),
                                ("droppedByReason", reasons(i.droppedByReason)),
                            ])
                        )
                    })
            ),
            (
                "byWebhook",
                .object(
                    byWebhook.map { w in
                        (w.name, .object([("deliveries", int(w.deliveries)), ("exposure", int(w.exposure))]))
                    })
            ),
            ("engineEvents", int(engineEvents)),
        ]
    }
}
