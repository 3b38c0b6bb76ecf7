import Dispatch
import Foundation
import HTTP1
import HookSim

/// What `hooksim-bench http` was asked to do.
struct HTTPBenchOptions: Equatable {
    var requests: Int
    var connections: Int
    var json: Bool
}

/// Reads `http`'s options through its table: a pure function, so that its errors are easy to check.
func parseHTTPBenchOptions(_ arguments: [String]) -> Result<HTTPBenchOptions, UsageError> {
    let p: ParsedOptions
    do { p = try BenchOptions.http.parse(arguments) } catch { return .failure(error) }
    return .success(
        HTTPBenchOptions(
            requests: BenchOptions.count(p, "--requests"),
            connections: min(BenchOptions.count(p, "--connections"), 1024),
            json: p.flag("--json")))
}

/// Latency collected by one client thread; read only after the thread has signalled.
final class HTTPBenchWorker: @unchecked Sendable {
    var latencies: [Double] = []
    var failures = 0
}

/// HTTP1's own server and client on loopback: requests per second and latency percentiles.
///
/// Each connection is a thread with its own `HTTPClient` sending a 1 KB JSON POST and waiting for
/// the answer (closed loop), so the figure is the server loop's throughput plus the client's cost.
/// - Returns: the process exit status.
func runHTTPBench(arguments: [String]) -> Int32 {
    if arguments.first == "serve" { return runServeBench(arguments: Array(arguments.dropFirst())) }
    if OptionTable.asksForHelp(arguments) {
        var standardOutput = StandardOutput()
        print(BenchOptions.http.help, terminator: "", to: &standardOutput)
        return 0
    }
    let options: HTTPBenchOptions
    switch parseHTTPBenchOptions(arguments) {
    case .success(let o): options = o
    case .failure(let e):
        var standardError = StandardError()
        print(e.description, to: &standardError)
        return 2
    }
    let server: HTTPServer
    do {
        server = try HTTPServer(handler: { _ in HTTPResponse(status: 200, body: Array("ok".utf8)) })
    } catch {
        print("Error: \(error)")
        return 1
    }
    server.start()
    defer { server.stop() }
    let body = Array(
        ("{\"webhookEvent\":\"comment_created\",\"comment\":{\"body\":\"" + String(repeating: "x", count: 950) + "\"}}")
            .utf8)
    var headers = HTTPHeaders([("Host", "127.0.0.1:\(server.port)"), ("Content-Type", "application/json")])
    headers.add("User-Agent", "hooksim-bench")
    let request = HTTPRequest(method: "POST", target: "/webhooks/1", headers: headers, body: body)
    let workers = (0..<options.connections).map { _ in HTTPBenchWorker() }
    let done = DispatchSemaphore(value: 0)
    let port = server.port
    let start = monotonicSeconds()
    for (index, worker) in workers.enumerated() {
        let share = options.requests / options.connections + (index < options.requests % options.connections ? 1 : 0)
        let thread = Thread {
            let client = HTTPClient()
            worker.latencies.reserveCapacity(share)
            for _ in 0..<share {
                let t0 = monotonicSeconds()
                if let r = try? client.send(request, host: "127.0.0.1", port: port), r.status == 200 {
                    worker.latencies.append(monotonicSeconds() - t0)
                } else {
                    worker.failures += 1
                }
            }
            done.signal()
        }
        thread.start()
    }
    for _ in workers { done.wait() }
    let elapsed = monotonicSeconds() - start
    let latencies = workers.flatMap(\.latencies).sorted()
    let failures = workers.reduce(0) { $0 + $1.failures }
    func percentile(_ p: Double) -> Double {
        latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(p * Double(latencies.count)))] * 1e6
    }
    let rate = Double(latencies.count) / elapsed
    let figures = [
        ("p50", percentile(0.50)), ("p90", percentile(0.90)), ("p99", percentile(0.99)), ("max", percentile(1)),
    ]
    if options.json {
        let fields = figures.map { "\"\($0.0)Microseconds\": \(Int($0.1.rounded()))" }.joined(separator: ", ")
        print(
            "{\"requestsPerSecond\": \(Int(rate.rounded())), \"connections\": \(options.connections), "
                + "\"requests\": \(latencies.count), \"failures\": \(failures), \(fields)}")
    } else {
        print(
            "http: \(latencies.count) requests over \(options.connections) connections in "
                + String(format: "%.2f", elapsed) + " s: \(Int(rate.rounded())) requests/s, \(failures) failures")
        print("latency µs: " + figures.map { "\($0.0) \(Int($0.1.rounded()))" }.joined(separator: ", "))
    }
    return failures == 0 ? 0 : 1
}
