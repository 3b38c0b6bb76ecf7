/// The optional `sweep` block: `{vary: {"activity.rate": ["600/h", "3000/h"]}, replications: 3, measures: […]}`.
///
/// Read as strictly as every other key, so a typo in a committed capacity study fails `hooksim
/// validate` rather than silently sweeping defaults. The varied paths themselves are checked when
/// the sweep sets them (they are paths into this very document).
extension ScenarioLoader {
    static func readSweep(
        _ node: JSON5Value, aha: AhaSpec, topologies: [TopologySpec], _ r: ScenarioReader
    ) throws(ScenarioError) -> SweepSpec {
        let obj = try r.object(
            node, what: "an object {vary, replications, measures}", keys: ["vary", "replications", "measures"],
            required: ["vary"])
        var spec = SweepSpec(vary: [])
        let vary = obj.required("vary")
        let members = try r.map(
            vary, what: "an object of scenario path → [values], such as {\"activity.rate\": [\"600/h\", \"6000/h\"]}")
        guard !members.isEmpty else { throw r.error("vary needs at least one path to vary", at: vary) }
        for m in members {
            guard steps(m.key) != nil else {
                throw r.error(
                    "\(JSON5Path.quoted(m.key)) is not a path such as activity.rate or jira[0].delivery.retry.max",
                    atKeyOf: m)
            }
            var values: [String] = []
            for v in try r.array(m.value, what: "an array of values") {
                switch v.kind {
                case .number(let n): values.append(n.text)
                case .string(let s): values.append(s.value)
                case .bool(let b): values.append(b ? "true" : "false")
                default: throw r.error("expected a number, a string or a boolean, found \(v.found)", at: v)
                }
            }
            guard !values.isEmpty else { throw r.error("expected at least one value", at: m.value) }
            spec.vary.append(SweepDimension(path: m.key, values: values))
        }
        if let n = obj["replications"] { spec.replications = try r.count(n, minimum: 1) }
        if let n = obj["measures"] {
            let names = aha.users.map(\.name)
            let ids = aha.integrations.map(\.id)
            let all =
                SweepMeasures.derived
                + ReportPath.measures(
                    users: names, integrations: ids, webhooks: SweepMeasures.webhookNames(topologies))
            for m in try r.array(n, what: "an array of report paths") {
                let path = try r.string(m, what: "a report path such as \"latency.p99\"")
                guard all.contains(where: { $0.path == path }) else {
                    throw r.error(Suggestion.unknown("report path", path, candidates: all.map(\.path)), at: m)
                }
                spec.measures.append(path)
            }
        }
        return spec
    }
}
