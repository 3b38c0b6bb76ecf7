import Dispatch
import Foundation

/// `hooksim serve FILE`'s options, read by a pure function so they are unit-tested.
public struct ServeOptions: Equatable, Sendable {
    public var file: String
    public var topology: String?
    /// Loopback unless `--listen` names another address (DESIGN.md §7.5).
    public var host: String
    public var port: UInt16
    public var portFile: String?
    public var timeScale: Double

    /// Reads the arguments after `serve` through its table.
    public static func parse(_ args: [String]) throws(UsageError) -> ServeOptions {
        let p = try OptionTable.serve.parse(args)
        let listen = p.defaulted("--listen", as: hostAndPort)
        return ServeOptions(
            file: p.positional(0) ?? "", topology: p.value("--topology"), host: listen.host, port: listen.port,
            portFile: p.value("--port-file"), timeScale: p.defaulted("--time-scale", as: { Double($0) }))
    }

    /// `host:port` with an IPv4 host, or nil.
    static func hostAndPort(_ text: String) -> (host: String, port: UInt16)? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]),
            isIPv4(String(text[..<colon]))
        else { return nil }
        return (String(text[..<colon]), port)
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && (UInt8($0) != nil) }
    }
}

/// `hooksim serve`: loads the scenario, serves until SIGINT or SIGTERM, prints the final report.
enum ServeCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options: ServeOptions
        switch OptionTable.serve.read(arguments, console: console, ServeOptions.parse) {
        case .success(let v): options = v
        case .failure(let status): return status.code
        }
        guard let scenario = CLI.load(options.file, console: console) else { return CLI.exitBadInput }
        let runAs: [String: String]
        switch runAsUsers(scenario, topology: options.topology, file: options.file) {
        case .success(let r): runAs = r
        case .failure(let message):
            console.err(message.text + "\n")
            return CLI.exitBadInput
        }
        for i in scenario.aha.integrations where runAs[i.id] == nil {
            console.err(
                "note: integration '\(i.id)' has no run-as user here; its endpoint writes nothing (permissionDenied)\n")
        }
        var serverOptions = AhaServer.Options()
        serverOptions.host = options.host
        serverOptions.port = options.port
        serverOptions.timeScale = options.timeScale
        let server: AhaServer
        do { server = try AhaServer(scenario: scenario, runAs: runAs, options: serverOptions) } catch {
            console.err("error: cannot listen on \(options.host):\(options.port): \(error)\n")
            return CLI.exitBadInput
        }
        let stopped = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stopped.signal() }
            source.resume()
            sources.append(source)
        }
        server.start()
        if let portFile = options.portFile {
            do { try OutputFiles.write("\(server.port)\n", to: portFile) } catch {
                console.err(error.description + "\n")
                server.stop()
                return CLI.exitBadInput
            }
        }
        let ids = scenario.aha.integrations.map(\.id).joined(separator: "|")
        console.err(
            "hooksim serve: \(scenario.name) on http://\(options.host):\(server.port) — "
                + "POST /webhooks/<\(ids)>, GET /report; Ctrl-C stops\n")
        stopped.wait()
        server.stop()
        for s in sources { s.cancel() }
        console.out(server.reportJSON() + "\n")
        return CLI.exitOK
    }

    struct Message: Error { var text: String }

    /// Each integration's run-as user: its `runAs`, or what topology T's webhooks name for it.
    static func runAsUsers(_ scenario: Scenario, topology: String?, file: String) -> Result<[String: String], Message> {
        var out: [String: String] = [:]
        for i in scenario.aha.integrations { if let u = i.runAs { out[i.id] = u } }
        guard let topology else { return .success(out) }
        guard let t = scenario.topologies.first(where: { $0.name == topology }) else {
            let known = scenario.topologies.map(\.name).joined(separator: ", ")
            return .failure(Message(text: "error: no topology named '\(topology)' in \(file) (topologies: \(known))"))
        }
        for w in t.webhooks { out[w.integration] = w.runAs }
        return .success(out)
    }
}
