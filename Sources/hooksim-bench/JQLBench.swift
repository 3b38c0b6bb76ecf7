import JQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A webhook-filter workload: how many JQL evaluations per second the compiled evaluator sustains.
///
/// Times `project in (WEB, MOB) AND issuetype in (Story, Epic) AND status != Done` — the shape of a
/// typical webhook filter — against a rotation of typical issues for about 1.5 s of wall-clock time.
/// - Parameter arguments: `--json` prints `{"evaluationsPerSecond": N}`; otherwise a human line.
/// - Returns: the process exit status.
func runJQLBench(arguments: [String]) -> Int32 {
    let filter = "project in (WEB, MOB) AND issuetype in (Story, Epic) AND status != Done"
    let query: JQLQuery
    do {
        query = try JQLQuery.parse(filter)
    } catch {
        print(error.rendered(source: "jql-bench", query: filter))
        return 1
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
        for _ in 0..<25_000 {
            for issue in issues where query.matches(issue, context: context) { matched += 1 }
        }
        evaluations += 25_000 * issues.count
        elapsed = clock.now - start
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Int((Double(evaluations) / seconds).rounded())
    // NB: on a shared machine wall-clock time includes waiting for a core; CPU time shows the evaluator alone.
    let cpuSeconds = processCPUSeconds() - cpuStart
    let cpuRate = cpuSeconds > 0 ? Int((Double(evaluations) / cpuSeconds).rounded()) : 0
    // One of the four issues (WEB-1) matches; printing the count keeps the work from being optimized away.
    if arguments.contains("--json") {
        print("{\"evaluationsPerSecond\": \(rate)}")
    } else {
        print(
            "jql: \(rate) evaluations/s wall clock, \(cpuRate) per CPU-second "
                + "(\(evaluations) evaluations, \(matched) matches, \(filter))")
    }
    return 0
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
        default: .empty
        }
    }
}
