// hooksim-bench: speed benchmarks, run with `swift run -c release hooksim-bench <benchmark> [options]`.
//
// Thin on purpose: pick the benchmark named by the first argument and hand it the rest.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One benchmark: its name on the command line, a line saying what it measures, its entry point.
struct Benchmark {
    let name: String
    let summary: String
    let run: ([String]) -> Int32
}

/// Every benchmark (listed by name). Add a line here to add a benchmark.
let benchmarks: [Benchmark] = [
    Benchmark(name: "jql", summary: "JQL filter evaluations per second against a typical issue", run: { runJQLBench(arguments: $0) }),
    Benchmark(
        name: "pipeline", summary: "the whole simulator on a large generated world: Jira changes per second, peak memory",
        run: { runPipelineBench(arguments: $0) }),
    Benchmark(
        name: "mm1", summary: "M/M/1 queue on SimKit's EventLoop: events per second (--compare-c: vs a C loop)",
        run: { runMM1Bench(arguments: $0) }),
    Benchmark(
        name: "http", summary: "HTTP1 server and client on loopback: requests per second, latency percentiles",
        run: { runHTTPBench(arguments: $0) }),
    Benchmark(name: "swarm", summary: "random valid scenarios checked for self-consistency (issue 10)", run: { runSwarmBench(arguments: $0) }),
    Benchmark(
        name: "reference", summary: "the engine against the reference model on random scenarios (issue 10)",
        run: { runReferenceBench(arguments: $0) }),
]

func printBenchmarkList(_ benchmarks: [Benchmark], to stream: inout some TextOutputStream) {
    print("usage: hooksim-bench <benchmark> [options]", to: &stream)
    print("", to: &stream)
    print("benchmarks:", to: &stream)
    let width = benchmarks.map(\.name.count).max() ?? 0
    for b in benchmarks.sorted(by: { $0.name < $1.name }) {
        print("  " + b.name + String(repeating: " ", count: width - b.name.count) + "  " + b.summary, to: &stream)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
var standardOutput = StandardOutput()
var standardError = StandardError()
if arguments.isEmpty || arguments == ["--help"] || arguments == ["-h"] {
    printBenchmarkList(benchmarks, to: &standardOutput)
    exit(0)
}
guard let benchmark = benchmarks.first(where: { $0.name == arguments[0] }) else {
    print("Error: unknown benchmark '\(arguments[0])'", to: &standardError)
    printBenchmarkList(benchmarks, to: &standardError)
    exit(2)
}
exit(benchmark.run(Array(arguments.dropFirst())))
