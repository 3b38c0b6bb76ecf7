// hooksim-bench: speed benchmarks, run with `swift run -c release hooksim-bench <benchmark> [options]`.
//
// Thin on purpose: pick the benchmark named by the first argument and hand it the rest.

import HookSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One benchmark: its option table (name on the command line, summary, options) and its entry point.
struct Benchmark {
    let table: OptionTable
    let run: ([String]) -> Int32
    var name: String { table.command }
    var summary: String { table.summary }
}

/// Every benchmark (listed by name). Add a line here, and its table to `BenchOptions`, to add a benchmark.
let benchmarks: [Benchmark] = [
    Benchmark(table: BenchOptions.jql, run: { runJQLBench(arguments: $0) }),
    Benchmark(table: BenchOptions.pipeline, run: { runPipelineBench(arguments: $0) }),
    Benchmark(table: BenchOptions.mm1, run: { runMM1Bench(arguments: $0) }),
    Benchmark(table: BenchOptions.http, run: { runHTTPBench(arguments: $0) }),
    Benchmark(table: BenchOptions.swarm, run: { runSwarmBench(arguments: $0) }),
    Benchmark(table: BenchOptions.reference, run: { runReferenceBench(arguments: $0) }),
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
    let near = OptionTable.nearest(to: arguments[0], in: benchmarks.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
    print("error: Unknown benchmark '\(arguments[0])'\(near)", to: &standardError)
    printBenchmarkList(benchmarks, to: &standardError)
    exit(2)
}
exit(benchmark.run(Array(arguments.dropFirst())))
