import SimKit

/// Reading load reports back (`hooksim merge`) and merging shards exactly.
extension LoadReport {
    /// Reads a report `load --format json` wrote. Expectations are read back as their text.
    static func parse(_ bytes: [UInt8], file: String) throws(TraceError) -> LoadReport {
        func bad(_ why: String) -> TraceError { TraceError("\(file) is not a load report: \(why)") }
        let root: JSONValue
        do { root = jsonValue(try JSON5.parse(bytes: bytes)) } catch { throw bad("\(error)") }
        func number(_ path: String) throws(TraceError) -> Double {
            guard let n = root.lookup(path)?.number else { throw bad("no number at '\(path)'") }
            return n
        }
        func int(_ path: String) throws(TraceError) -> Int {
            let n = try number(path)
            guard n >= 0, n < 1e15, n == n.rounded() else { throw bad("'\(path)' should be a whole number") }
            return Int(n)
        }
        func string(_ path: String) throws(TraceError) -> String {
            guard case .string(let s)? = root.lookup(path) else { throw bad("no string at '\(path)'") }
            return s
        }
        guard (try? string("report")) == "load" else { throw bad("no \"report\": \"load\"") }
        var counts = LoadCounts()
        counts.sent = try int("requests.sent")
        counts.answered = try int("requests.answered")
        counts.retried = try int("requests.retried")
        counts.timedOut = try int("requests.timedOut")
        counts.failed = try int("requests.failed")
        if case .object(let codes)? = root.lookup("requests.byStatus") {
            for (code, _) in codes {
                guard let c = Int(code) else { throw bad("'requests.byStatus.\(code)' is not a status code") }
                counts.byStatus[c] = try int("requests.byStatus." + code)
            }
        }
        var buckets: [(index: Int, count: UInt64)] = []
        guard case .array(let list)? = root.lookup("latency.histogram.buckets") else {
            throw bad("no 'latency.histogram.buckets'")
        }
        for item in list {
            guard case .array(let pair) = item, pair.count == 2, let i = pair[0].number, let c = pair[1].number, c >= 0
            else {
                throw bad("'latency.histogram.buckets' should hold [index, count] pairs")
            }
            buckets.append((Int(i), UInt64(c)))
        }
        guard
            let h = Histogram(
                indexedBuckets: buckets, total: try number("latency.histogram.sum"),
                min: Int64(try int("latency.histogram.min")), max: Int64(try int("latency.histogram.max")))
        else { throw bad("a latency bucket index is out of range") }
        counts.latency = h
        var shards: [String] = []
        if case .array(let s)? = root.lookup("shards") {
            for v in s { if case .string(let text) = v { shards.append(text) } }
        }
        var expectations: [LoadExpectation] = []
        if case .array(let list)? = root.lookup("expectations") {
            for item in list {
                guard case .string(let text)? = item.lookup("expect") else {
                    throw bad("an expectation without 'expect'")
                }
                expectations.append(try LoadExpectation(text))
            }
        }
        var speed: Double?
        if case .string = root.lookup("speed") {} else { speed = try number("speed") }
        let server = root.lookup("server").flatMap { $0 == .null ? nil : $0 }
        return LoadReport(
            scenario: try string("scenario"), target: try string("target"), topology: try string("topology"),
            speed: speed,
            shards: shards, scheduled: try int("requests.scheduled"), counts: counts,
            rateScheduled: try number("rate.scheduled"), rateAchieved: try number("rate.achieved"),
            expectations: expectations, server: server)
    }

    /// Shard reports of one run combined: counts added, histograms merged bucket by bucket (so the
    /// percentiles are those of all requests, not an average of percentiles), rates added (shards
    /// run side by side). `server` is the last shard's, the latest view of a shared target.
    static func merge(_ parts: [(file: String, report: LoadReport)]) throws(TraceError) -> LoadReport {
        guard var merged = parts.first?.report else { throw TraceError("merge needs at least one report") }
        var seen = Set(merged.shards)
        for (file, r) in parts.dropFirst() {
            guard r.scenario == merged.scenario, r.topology == merged.topology, r.target == merged.target,
                r.speed == merged.speed
            else {
                throw TraceError(
                    "\(file) is a load report of another run (scenario, topology, target or speed differ from \(parts[0].file))"
                )
            }
            for s in r.shards {
                guard seen.insert(s).inserted else { throw TraceError("\(file): shard \(s) is already in the merge") }
            }
            merged.shards += r.shards
            merged.scheduled += r.scheduled
            merged.counts.add(r.counts)
            merged.rateScheduled += r.rateScheduled
            merged.rateAchieved += r.rateAchieved
            for e in r.expectations where !merged.expectations.contains(e) { merged.expectations.append(e) }
            if r.server != nil { merged.server = r.server }
        }
        return merged
    }

    /// A parsed JSON document as the ordered `JSONValue` reports are built from.
    static func jsonValue(_ v: JSON5Value) -> JSONValue {
        switch v.kind {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n):
            if let i = n.integer, i.magnitude < 1 << 62 {
                return .int(i.negative ? -Int(i.magnitude) : Int(i.magnitude))
            }
            return .double(n.value)
        case .string(let s): return .string(s.value)
        case .array(let items): return .array(items.map(jsonValue))
        case .object(let members): return .object(members.map { ($0.key, jsonValue($0.value)) })
        }
    }
}
