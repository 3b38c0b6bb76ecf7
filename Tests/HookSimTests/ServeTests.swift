import Dispatch
import Foundation
import HTTP1
import Testing

@testable import HookSim

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking loopback socket with a 5-second receive timeout, for exact (and wrong) bytes.
struct ServeConnection {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(r == 0, "connect to 127.0.0.1:\(port)")
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
    func send(_ text: String) { send(Array(text.utf8)) }

    /// One response, or nil after 5 s of silence or the connection closing first (bounded: 64 reads).
    func response() -> HTTPResponse? {
        var input: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        for _ in 0..<64 {
            if case .complete(let r, _) = HTTPParser.parseResponse(
                input, requestMethod: "GET", atEOF: false, limits: HTTPLimits())
            {
                return r
            }
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            input += chunk[0..<n]
        }
        if case .complete(let r, _) = HTTPParser.parseResponse(
            input, requestMethod: "GET", atEOF: true, limits: HTTPLimits())
        {
            return r
        }
        return nil
    }

    func close() { _ = Glibc.close(fd) }
}

/// The model Aha! over real sockets on 127.0.0.1, port 0: robustness (every bad input answered,
/// the server still serving after it) and the HTTP face of the account. Every loop is bounded.
@Suite struct ServeTests {
    static func server(scale: Double = 1e9, scenario: Scenario? = nil) throws -> AhaServer {
        var options = AhaServer.Options()
        options.timeScale = scale
        options.limits.readTimeoutMilliseconds = 300
        options.limits.maxHeaderBytes = 4096
        options.limits.maxBodyBytes = 16 * 1024
        let s = try AhaServer(scenario: scenario ?? LiveFixtures.load(), runAs: LiveFixtures.runAs, options: options)
        s.start()
        return s
    }

    static func post(_ path: String, _ body: String, headers: [(String, String)] = []) -> String {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        for (n, v) in headers { head += "\(n): \(v)\r\n" }
        return head + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    static func exchange(_ port: UInt16, _ request: String) throws -> HTTPResponse {
        let c = try ServeConnection(port: port)
        defer { c.close() }
        c.send(request)
        return try #require(c.response())
    }

    static func signed(_ body: String) -> [(String, String)] {
        [("X-Hub-Signature", HubSignature.sign(body: Array(body.utf8), secret: "It's a Secret to Everybody"))]
    }

    static func healthy(_ port: UInt16) throws -> Bool {
        try exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 200
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 5000))\r\n\r\n", 431),
        ("POST /webhooks/mob HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", 413),
        (ServeTests.post("/webhooks/mob", "{not json"), 400),
        (ServeTests.post("/webhooks/nope", "{}"), 404),
        (
            ServeTests.post(
                "/webhooks/web", LiveFixtures.comment("WEB-1"), headers: [("X-Hub-Signature", "sha256=00")]), 401
        ),
        (ServeTests.post("/webhooks/web", LiveFixtures.comment("WEB-1")), 401),
        ("GET /webhooks/mob HTTP/1.1\r\nHost: x\r\n\r\n", 405),
    ])
    func badRequestsAreAnsweredAndTheServerKeepsServing(_ request: String, _ status: Int) throws {
        let s = try Self.server()
        defer { s.stop() }
        #expect(try Self.exchange(s.port, request).status == status)
        #expect(try Self.healthy(s.port))
    }

    /// The published vector signs "Hello World!": the signature passes, so the answer is about the
    /// body (400, not JSON) rather than the signature (401).
    @Test func publishedSignatureVectorPassesTheCheck() throws {
        let vector = "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9"
        #expect(HubSignature.sign(body: Array("Hello World!".utf8), secret: "It's a Secret to Everybody") == vector)
        let s = try Self.server()
        defer { s.stop() }
        let r = try Self.exchange(
            s.port, Self.post("/webhooks/web", "Hello World!", headers: [("X-Hub-Signature", vector)]))
        #expect(r.status == 400)
        let c = LiveFixtures.comment("WEB-1")
        #expect(try Self.exchange(s.port, Self.post("/webhooks/web", c, headers: Self.signed(c))).status == 202)
    }

    /// A client that sends half a head and stops gets 408 after the read timeout (300 ms here);
    /// meanwhile other clients are answered.
    @Test func slowClientTimesOutWhileOthersAreServed() throws {
        let s = try Self.server()
        defer { s.stop() }
        let slow = try ServeConnection(port: s.port)
        defer { slow.close() }
        slow.send("POST /webhooks/mob HTTP/1.1\r\nHost: x\r\nContent-Le")
        for _ in 0..<5 { #expect(try Self.healthy(s.port)) }
        #expect(slow.response()?.status == 408)
        #expect(try Self.healthy(s.port))
    }

    /// A request followed by a half-close is still answered; a connection reset mid-request costs nothing.
    @Test func halfClosedAndResetConnections() throws {
        let s = try Self.server()
        defer { s.stop() }
        let half = try ServeConnection(port: s.port)
        half.send(Self.post("/webhooks/mob", LiveFixtures.comment("MOB-1")))
        shutdown(half.fd, Int32(SHUT_WR))
        #expect(half.response()?.status == 202)
        half.close()
        for _ in 0..<3 {
            let reset = try ServeConnection(port: s.port)
            reset.send("POST /webhooks/mob HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"webh")
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(reset.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            reset.close()  // RST
        }
        #expect(try Self.healthy(s.port))
        let report = try Self.exchange(s.port, "GET /report HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(String(decoding: report.body, as: UTF8.self).contains("\"received\": 1,"))
    }

    /// The account over HTTP: the two-endpoint duplicate, then the admin endpoints.
    @Test func reportMetricsAndAdmin() throws {
        let s = try Self.server()
        defer { s.stop() }
        let c = LiveFixtures.comment("WEB-1")
        #expect(try Self.exchange(s.port, Self.post("/webhooks/web", c, headers: Self.signed(c))).status == 202)
        #expect(try Self.exchange(s.port, Self.post("/webhooks/mob", c)).status == 202)
        let report = String(
            decoding: try Self.exchange(s.port, "GET /report HTTP/1.1\r\nHost: x\r\n\r\n").body, as: UTF8.self)
        for line in ["\"received\": 2,", "\"applied\": 1,", "\"comments\": 1,", "\"Owner\": 2"] {
            #expect(report.contains(line), "\(line) in \(report)")
        }
        let metrics = String(
            decoding: try Self.exchange(s.port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").body, as: UTF8.self)
        for line in [
            "hooksim_requests_total{integration=\"mob\",status=\"202\"} 1",
            "hooksim_writes_total{author=\"Owner\"} 2", "hooksim_duplicates_total{kind=\"comments\"} 1",
            "hooksim_dropped_total{reason=\"permissionDenied\"} 0",
        ] {
            #expect(metrics.contains(line + "\n"), "\(line)")
        }
        // run-as → Viewer: a new comment on MOB-2 is dropped for permission.
        let runAs = try Self.exchange(
            s.port, "POST /admin/run-as?integration=mob&user=Viewer HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(runAs.status == 200)
        #expect(
            try Self.exchange(s.port, Self.post("/webhooks/mob", LiveFixtures.comment("MOB-2", id: "5"))).status == 202)
        let after = String(
            decoding: try Self.exchange(s.port, "GET /report HTTP/1.1\r\nHost: x\r\n\r\n").body, as: UTF8.self)
        #expect(after.contains("\"permissionDenied\": 1"))
        // outage → 503 with Retry-After.
        let outage = try Self.exchange(
            s.port, "POST /admin/outage?for=1m HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(outage.status == 200)
        let down = try Self.exchange(s.port, Self.post("/webhooks/mob", c))
        #expect(down.status == 503 && down.headers["Retry-After"] == "60")
        // reset → a fresh account, no outage.
        #expect(
            try Self.exchange(s.port, "POST /admin/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").status
                == 200)
        let fresh = String(
            decoding: try Self.exchange(s.port, "GET /report HTTP/1.1\r\nHost: x\r\n\r\n").body, as: UTF8.self)
        #expect(fresh.contains("\"received\": 0,"))
        #expect(try Self.exchange(s.port, Self.post("/webhooks/mob", c)).status == 202)
        let bad = try Self.exchange(
            s.port, "POST /admin/outage?for=soon HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(bad.status == 400)
    }

    /// At time scale 1 the fixture's constant 10 ms service time puts the request on a worker: it is
    /// acknowledged (202) before it is applied, and applied once the worker is done.
    @Test func workersApplyAfterTheServiceTime() throws {
        let s = try Self.server(scale: 1)
        defer { s.stop() }
        #expect(try Self.exchange(s.port, Self.post("/webhooks/mob", LiveFixtures.comment("MOB-1"))).status == 202)
        var applied = false
        for _ in 0..<100 where !applied {
            applied = s.reportJSON().contains("\"applied\": 1,")
            if !applied { usleep(20_000) }
        }
        #expect(applied)
    }

    /// A "2/s" limit holds a bucket of 2: the third request at once is answered 429 with Retry-After.
    @Test func rateLimitAnswers429() throws {
        let text = LiveFixtures.scenario.replacingOccurrences(
            of: "queueLimit: 100", with: "queueLimit: 100, rateLimit: \"2/s\"")
        let s = try Self.server(scale: 1, scenario: try ScenarioLoader.load(text: text, file: "rate.json5"))
        defer { s.stop() }
        let statuses = try (0..<3).map { i in
            try Self.exchange(s.port, Self.post("/webhooks/mob", LiveFixtures.comment("MOB-1", id: "\(i)"))).status
        }
        #expect(statuses == [202, 202, 429])
        let r = try Self.exchange(s.port, Self.post("/webhooks/mob", LiveFixtures.comment("MOB-1", id: "9")))
        #expect(r.status == 429 && r.headers["Retry-After"] == "1")
    }

    /// `hooksim serve` end to end: listens on the port it wrote, stops on SIGTERM with exit 0 and
    /// prints the final report. (SIGTERM is sent only once the command has set its handling up,
    /// which the port file proves.)
    @Test func serveCommandStopsCleanlyOnSIGTERM() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("live.json5").path
        let portFile = dir.appendingPathComponent("port").path
        try LiveFixtures.scenario.write(toFile: scenario, atomically: true, encoding: .utf8)
        let out = OutputBox()
        let done = DispatchSemaphore(value: 0)
        let console = Console(out: { out.append($0) }, err: { _ in })
        Thread.detachNewThread {
            out.status = CLI.main(
                ["serve", scenario, "--listen", "127.0.0.1:0", "--port-file", portFile, "--time-scale", "1e9"],
                console: console)
            done.signal()
        }
        var port: UInt16?
        for _ in 0..<100 where port == nil {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap {
                UInt16($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if port == nil { usleep(50_000) }
        }
        let p = try #require(port)
        #expect(try Self.exchange(p, Self.post("/webhooks/mob", LiveFixtures.comment("MOB-1"))).status == 202)
        kill(getpid(), SIGTERM)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(out.status == 0)
        #expect(out.text.contains("\"applied\": 1,"))
    }

    /// Run-as users come from `aha.integrations[].runAs`, and a topology's webhooks name them for
    /// the integrations they point at (single-vs-multi: `single` has one webhook, on `web`).
    @Test func runAsUsersFromIntegrationsOrTopology() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/single-vs-multi.json5").path
        let scenario = try ScenarioLoader.load(path: file)
        let none = try ServeCommand.runAsUsers(scenario, topology: nil, file: file).get()
        #expect(none.isEmpty)
        let single = try ServeCommand.runAsUsers(scenario, topology: "single", file: file).get()
        #expect(single == ["web": "Integration user"])
        let all = try ServeCommand.runAsUsers(scenario, topology: "per-integration", file: file).get()
        #expect(all == ["web": "Integration user", "mob": "Integration user", "ops": "Integration user"])
        #expect(throws: ServeCommand.Message.self) {
            try ServeCommand.runAsUsers(scenario, topology: "x", file: file).get()
        }
        let fixture = try ServeCommand.runAsUsers(try LiveFixtures.load(), topology: nil, file: "live.json5").get()
        #expect(fixture == LiveFixtures.runAs)
    }

    @Test func serveOptions() throws {
        let o = try ServeOptions.parse([
            "s.json5", "--listen", "0.0.0.0:0", "--port-file", "p", "--time-scale", "60", "--topology", "t",
        ])
        #expect(
            o.file == "s.json5" && o.host == "0.0.0.0" && o.port == 0 && o.portFile == "p" && o.timeScale == 60
                && o.topology == "t")
        let d = try ServeOptions.parse(["s.json5"])
        #expect(d.host == "127.0.0.1" && d.port == 8080 && d.timeScale == 1)
        #expect(throws: UsageError.self) { try ServeOptions.parse(["s.json5", "--listen", "localhost"]) }
        #expect(throws: UsageError.self) { try ServeOptions.parse(["s.json5", "--time-scale", "0"]) }
        #expect(throws: UsageError.self) { try ServeOptions.parse([]) }
        #expect(try Command.parse(["serve", "x.json5"]) == .serve(arguments: ["x.json5"]))
        #expect(try Command.parse(["serve", "--help"]) == .help(topic: "serve"))
    }
}

/// Collects what a command prints, from whichever thread prints it.
final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    private var code: Int32 = -1
    func append(_ s: String) { lock.withLock { parts.append(s) } }
    var text: String { lock.withLock { parts.joined() } }
    var status: Int32 {
        get { lock.withLock { code } }
        set { lock.withLock { code = newValue } }
    }
}
