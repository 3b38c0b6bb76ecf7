/// What `hooksim serve` says about itself: `/report` in the simulation's key names, so a load
/// report can set the two side by side, and `/metrics` as Prometheus text for dashboards.
enum LiveReport {
    /// The `/report` document (DESIGN.md §7.5). `received` counts requests accepted for
    /// processing (answered 2xx); 429 and 503 answers are counted under `aha`.
    static func json(_ account: LiveAccount) -> JSONValue {
        let c = account.counters
        let d = account.dropped()
        let authors: [(String, JSONValue)] = account.aha.users.indices.compactMap { u in
            c.writesByAuthor[u] > 0 ? (account.aha.users[u].name, .int(c.writesByAuthor[u])) : nil
        }
        return .object([
            ("received", .int(c.received)),
            ("applied", .int(c.applied)),
            (
                "dropped",
                .object([
                    ("total", .int(d.versionMismatch + d.permissionDenied + d.recordMissing)),
                    (
                        "byReason",
                        .object([
                            ("versionMismatch", .int(d.versionMismatch)),
                            ("permissionDenied", .int(d.permissionDenied)),
                            ("recordMissing", .int(d.recordMissing)),
                        ])
                    ),
                ])
            ),
            ("duplicateWrites", .int(c.duplicateWrites)),
            (
                "duplicates",
                .object([
                    ("visible", .int(c.duplicateComments + c.duplicateRecords)),
                    ("comments", .int(c.duplicateComments)),
                    ("records", .int(c.duplicateRecords)),
                ])
            ),
            ("exposure", .object([("total", .int(c.exposure))])),
            (
                "aha",
                .object([
                    ("writes", .int(c.writes)),
                    ("rateLimited", .int(c.rateLimited)),
                    ("outageAnswers", .int(c.outageAnswers)),
                ])
            ),
            ("writesByAuthor", .object(authors)),
            ("ignored", .int(c.ignored)),
            ("echoes", .int(c.echoes)),
        ])
    }

    /// Prometheus text exposition (version 0.0.4): counters only, labels sorted, so two scrapes
    /// of the same state are byte-identical.
    static func metrics(_ account: LiveAccount) -> String {
        let c = account.counters
        let d = account.dropped()
        var out = "# HELP hooksim_requests_total Webhook requests answered, by integration and status.\n"
        out += "# TYPE hooksim_requests_total counter\n"
        for k in account.aha.integrations.indices.sorted(by: {
            account.aha.integrations[$0].id < account.aha.integrations[$1].id
        }) {
            for (status, n) in c.requests[k].sorted(by: { $0.key < $1.key }) {
                out +=
                    "hooksim_requests_total{integration=\(label(account.aha.integrations[k].id)),status=\"\(status)\"} \(n)\n"
            }
        }
        out += "# HELP hooksim_writes_total Writes to Aha! records, by the user they appear as made by.\n"
        out += "# TYPE hooksim_writes_total counter\n"
        for (u, user) in account.aha.users.enumerated() {
            out += "hooksim_writes_total{author=\(label(user.name))} \(c.writesByAuthor[u])\n"
        }
        out += "# HELP hooksim_duplicates_total Duplicates a user sees in Aha!.\n"
        out += "# TYPE hooksim_duplicates_total counter\n"
        out += "hooksim_duplicates_total{kind=\"comments\"} \(c.duplicateComments)\n"
        out += "hooksim_duplicates_total{kind=\"records\"} \(c.duplicateRecords)\n"
        out += "# HELP hooksim_dropped_total Changes never applied, by the furthest stage they reached.\n"
        out += "# TYPE hooksim_dropped_total counter\n"
        out += "hooksim_dropped_total{reason=\"permissionDenied\"} \(d.permissionDenied)\n"
        out += "hooksim_dropped_total{reason=\"recordMissing\"} \(d.recordMissing)\n"
        out += "hooksim_dropped_total{reason=\"versionMismatch\"} \(d.versionMismatch)\n"
        return out
    }

    /// A label value in quotes with `\`, `"` and newlines escaped, as the text format requires.
    static func label(_ value: String) -> String {
        var out = "\""
        for ch in value {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
