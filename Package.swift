// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "HookSim",
    products: [
        .executable(name: "hooksim", targets: ["hooksim"]),
        .executable(name: "hooksim-bench", targets: ["hooksim-bench"]),
        .library(name: "HookSim", targets: ["HookSim"]),
    ],
    targets: [
        // The deterministic kernel: time, events, random numbers, statistics. Knows nothing of Jira or Aha!.
        .target(name: "SimKit"),
        // Jira Query Language: lexer, parser, evaluator. Knows nothing of webhooks.
        .target(name: "JQL"),
        // HTTP/1.1 over POSIX sockets: parser with limits, event-driven server, client pool, HMAC. No Jira.
        .target(name: "HTTP1"),
        // The domain: scenarios, Jira and Aha! models, the oracle, measures, reports, command parsing.
        .target(name: "HookSim", dependencies: ["SimKit", "JQL", "HTTP1"]),
        // Thin executable: arguments in, report out, exit status.
        .executableTarget(name: "hooksim", dependencies: ["HookSim"]),
        // A plain C event loop of the M/M/1 benchmark model: the yardstick for `hooksim-bench mm1 --compare-c`.
        .target(name: "CReferenceMM1"),
        .executableTarget(name: "hooksim-bench", dependencies: ["HookSim", "SimKit", "JQL", "HTTP1", "CReferenceMM1"]),
        .testTarget(name: "SimKitTests", dependencies: ["SimKit"]),
        .testTarget(name: "JQLTests", dependencies: ["JQL"]),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"]),
        // Corpus/ holds scenario files the tests read through #filePath, not resources to bundle.
        .testTarget(name: "HookSimTests", dependencies: ["HookSim", "SimKit", "JQL", "HTTP1"], exclude: ["Corpus"]),
    ],
    swiftLanguageModes: [.v6]
)
