import HookSim
import JQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A webhook-filter workload: how many JQL evaluations per second the compiled evaluator sustains.
///
/// Two mixes, each timed for about 1.5 s of wall-clock time against a rotation of typical issues:
/// plain-field filters (the shape of a typical webhook filter, plus the dates and resolution of
/// DESIGN §7.1) and history filters (`WAS`, `CHANGED` with predicates), which walk each issue's
/// changes and so are reported separately.
/// - Parameter arguments: `--json` prints `{"evaluationsPerSecond": N, "historyEvaluationsPerSecond": M}`;
///   otherwise human lines.
/// - Returns: the process exit status.
func runJQLBench(arguments: [String]) -> Int32 {
    var status: Int32 = 0
    guard let p = BenchOptions.read(BenchOptions.jql, arguments, status: &status) else { return status }
    let json = p.flag("--json")
    let plain = [
        "project in (WEB, MOB) AND issuetype in (Story, Epic) AND status != Done",
        "project = WEB AND updated >= -1d",
        "resolution is EMPTY AND labels = api",
    ]
    let history = [
        "status CHANGED",
        "status WAS \"In Progress\"",
        "status CHANGED FROM \"To Do\" TO \"In Progress\" AFTER -7d BY alice",
        "assignee WAS bob DURING (-7d, now()) OR status WAS NOT Done",
    ]
    guard let plainRate = measure(plain, json: json, label: "plain"),
        let historyRate = measure(history, json: json, label: "history")
    else { return 1 }
    if json {
        print("{\"evaluationsPerSecond\": \(plainRate), \"historyEvaluationsPerSecond\": \(historyRate)}")
    }
    return 0
}

/// Times one mix: each query in turn against every issue; returns evaluations per wall-clock second.
private func measure(_ filters: [String], json: Bool, label: String) -> Int? {
    var queries: [JQLQuery] = []
    for filter in filters {
        do {
            queries.append(try JQLQuery.parse(filter))
        } catch {
            print(error.rendered(source: "jql-bench", query: filter))
            return nil
        }
    }
    let issues = [
        BenchIssue(key: "WEB-1", project: "WEB", issuetype: "Story", status: "In Progress"),
        BenchIssue(key: "MOB-7", project: "MOB", issuetype: "Bug", status: "To Do"),
        BenchIssue(key: "WEB-12", project: "WEB", issuetype: "Epic", status: "Done"),
        BenchIssue(key: "OPS-3", project: "OPS", issuetype: "Task", status: "In Review"),
    ]
    let context = JQLContext(now: 1_768_867_200)
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    var evaluations = 0
    var matched = 0
    var elapsed = Duration.zero
    // NB: check the clock once per batch so its cost stays out of the measurement.
    while elapsed < .milliseconds(1_500) {
        for _ in 0..<10_000 {
            for query in queries {
                for issue in issues where query.matches(issue, context: context) { matched += 1 }
            }
        }
        evaluations += 10_000 * issues.count * queries.count
        elapsed = clock.now - start
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Int((Double(evaluations) / seconds).rounded())
    // NB: on a shared machine wall-clock time includes waiting for a core; CPU time shows the evaluator alone.
    let cpuSeconds = processCPUSeconds() - cpuStart
    let cpuRate = cpuSeconds > 0 ? Int((Double(evaluations) / cpuSeconds).rounded()) : 0
    // Printing the match count keeps the work from being optimized away.
    if !json {
        print(
            "jql \(label): \(rate) evaluations/s wall clock, \(cpuRate) per CPU-second "
                + "(\(evaluations) evaluations, \(matched) matches, \(filters.count) queries)")
    }
    return rate
}

/// CPU time this process has used, in seconds.
private func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// A typical issue as the simulator's adapter would present it: values stored, not computed.
///
/// A class, as the simulator's issue model is shared by reference between events; passing a struct of six
/// values would measure copying the issue rather than evaluating the filter.
private final class BenchIssue: JQLIssue {
    let key: JQLValue
    let project: JQLValue
    let issuetype: JQLValue
    let status: JQLValue
    let labels: JQLValue = .texts(["backend", "api"])
    let assignee: JQLValue = .text("alice")
    let updated: JQLValue = .date(1_768_867_200 - 3_600)
    /// Three status changes over the last week, the newest by alice; one assignee change.
    let statusHistory = [
        JQLChange(from: "To Do", to: "In Progress", at: 1_768_867_200 - 5 * 86_400, by: "alice"),
        JQLChange(from: "In Progress", to: "In Review", at: 1_768_867_200 - 3 * 86_400, by: "bob"),
        JQLChange(from: "In Review", to: "In Progress", at: 1_768_867_200 - 86_400, by: "alice"),
    ]
    let assigneeHistory = [JQLChange(from: "bob", to: "alice", at: 1_768_867_200 - 2 * 86_400, by: "bob")]

    init(key: String, project: String, issuetype: String, status: String) {
        self.key = .text(key)
        self.project = .texts([project, project == "WEB" ? "Website" : "Mobile"])
        self.issuetype = .text(issuetype)
        self.status = .text(status)
    }

    func jqlValue(of field: JQLField) -> JQLValue {
        switch field {
        case .key: key
        case .project: project
        case .issuetype: issuetype
        case .status: status
        case .labels: labels
        case .assignee: assignee
        case .updated, .created: updated
        default: .empty
        }
    }

    func jqlHistory(of field: JQLField) -> [JQLChange] {
        switch field {
        case .status: statusHistory
        case .assignee: assigneeHistory
        default: []
        }
    }
}
