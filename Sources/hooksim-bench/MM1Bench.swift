import CReferenceMM1
import HookSim
import SimKit

/// What `hooksim-bench mm1` was asked to do.
struct MM1Options: Equatable {
    var customers: Int
    var seed: UInt64
    var repeats: Int
    var json: Bool
    var compareC: Bool
    var help: Bool
}

/// Reads `mm1`'s options through its table: a pure function, so that its errors are easy to check.
func parseMM1Options(_ arguments: [String]) -> Result<MM1Options, UsageError> {
    let p: ParsedOptions
    do { p = try BenchOptions.mm1.parse(arguments) } catch { return .failure(error) }
    // NB: with help asked for, nothing else was read: every option takes its table default.
    return .success(
        MM1Options(
            customers: BenchOptions.count(p, "--customers"), seed: p.defaulted("--seed", as: { UInt64($0) }),
            repeats: BenchOptions.count(p, "--repeat"), json: p.flag("--json"), compareC: p.flag("--compare-c"),
            help: p.helpRequested))
}

// MARK: - The model

/// The two things that happen in an M/M/1 queue.
enum MM1Event {
    case arrival
    case departure
}

/// What one run of the model produced; equal runs mean equal simulations.
struct MM1Result: Equatable {
    var events: Int
    var served: Int
    /// Sum of every customer's time in system, in microseconds (exact: integers).
    var totalTimeInSystem: Int64
    var endTime: SimTime

    var meanTimeInSystemSeconds: Double { served > 0 ? Double(totalTimeInSystem) / Double(served) / 1e6 : 0 }
}

/// Arrival times of the customers in the system, oldest first: a ring over a power-of-two array.
struct ArrivalFIFO {
    private var items = [Int64](repeating: 0, count: 64)
    private var head = 0
    private(set) var count = 0

    mutating func append(_ time: Int64) {
        if count == items.count {
            // NB: unroll the ring into a twice-as-large array, oldest first.
            items =
                (0..<count).map { items[(head + $0) & (items.count - 1)] }
                + [Int64](repeating: 0, count: count)
            head = 0
        }
        items[(head &+ count) & (items.count &- 1)] = time
        count &+= 1
    }

    mutating func removeFirst() -> Int64 {
        let time = items[head]
        head = (head &+ 1) & (items.count &- 1)
        count &-= 1
        return time
    }
}

/// An M/M/1 queue: Poisson arrivals (λ = 0.9/s), exponential service (μ = 1/s), one FIFO server.
///
/// Draws come from one xoshiro256** stream in a fixed order — at an arrival, the next
/// interarrival time, then the service time if the server was idle; at a departure, the
/// next service time if someone waits — exactly as in the C reference, which therefore
/// gives identical results.
struct MM1Model {
    static let interarrival = Distribution.exponential(mean: .microseconds(1_111_111))  // 1/λ, λ = 0.9/s
    static let service = Distribution.exponential(mean: .seconds(1))  // 1/μ, μ = 1/s

    var rng: Xoshiro256StarStar
    let customers: Int
    var arrived = 0
    var served = 0
    var totalTimeInSystem: Int64 = 0
    var inSystem = ArrivalFIFO()

    init(customers: Int, seed: UInt64) {
        self.customers = customers
        rng = Xoshiro256StarStar(seed: seed)
    }

    mutating func handle(_ event: MM1Event, on loop: inout EventLoop<MM1Event>) {
        switch event {
        case .arrival:
            arrived &+= 1
            if arrived < customers { loop.schedule(.arrival, after: Self.interarrival.sample(using: &rng)) }
            inSystem.append(loop.now.microseconds)
            if inSystem.count == 1 { loop.schedule(.departure, after: Self.service.sample(using: &rng)) }
        case .departure:
            totalTimeInSystem &+= loop.now.microseconds &- inSystem.removeFirst()
            served &+= 1
            if inSystem.count > 0 { loop.schedule(.departure, after: Self.service.sample(using: &rng)) }
        }
    }
}

/// Runs the M/M/1 model on SimKit's event loop.
func runMM1Swift(customers: Int, seed: UInt64) -> MM1Result {
    var model = MM1Model(customers: customers, seed: seed)
    var loop = EventLoop<MM1Event>()
    loop.reserveCapacity(16)
    if customers > 0 { loop.schedule(.arrival, after: MM1Model.interarrival.sample(using: &model.rng)) }
    _ = loop.run { loop, event in model.handle(event, on: &loop) }
    return MM1Result(
        events: loop.eventsProcessed, served: model.served, totalTimeInSystem: model.totalTimeInSystem,
        endTime: loop.now)
}

/// Runs the same model in the C reference loop.
func runMM1C(customers: Int, seed: UInt64) -> MM1Result {
    let r = cref_mm1_run(UInt64(customers), seed, 1_111_111, 1_000_000)
    return MM1Result(
        events: Int(r.events), served: Int(r.served), totalTimeInSystem: r.total_time_in_system_us,
        endTime: SimTime(microseconds: r.end_time_us))
}

// MARK: - Measuring and reporting

/// A result and the fastest wall time it was produced in.
struct Timed {
    var result: MM1Result
    var seconds: Double
    var eventsPerSecond: Double { seconds > 0 ? Double(result.events) / seconds : 0 }
}

/// Times one run of `body` and keeps it in `best` if it is the fastest so far; every run
/// must give the same result.
func timeRun(_ best: inout Timed?, _ body: () -> MM1Result) {
    let start = monotonicSeconds()
    let result = body()
    let seconds = monotonicSeconds() - start
    if let previous = best {
        precondition(previous.result == result, "the same seed gave different results in one process")
        if seconds >= previous.seconds { return }
    }
    best = Timed(result: result, seconds: seconds)
}

func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int64((x * scale).rounded())
    let whole = n / Int64(scale)
    let frac = n % Int64(scale)
    let fracText = String(frac)
    return digits == 0 ? String(whole) : "\(whole)." + String(repeating: "0", count: digits - fracText.count) + fracText
}

/// `hooksim-bench mm1`: events per second of SimKit's event loop on an M/M/1 queue.
func runMM1Bench(arguments: [String]) -> Int32 {
    var out = StandardOutput()
    var err = StandardError()
    let options: MM1Options
    switch parseMM1Options(arguments) {
    case .success(let o): options = o
    case .failure(let e):
        print(e.description, to: &err)
        return 2
    }
    if options.help {
        print(BenchOptions.mm1.help, terminator: "", to: &out)
        return 0
    }

    // NB: with --compare-c the two loops alternate, so that a change in the machine's load
    // during the measurement affects both alike; each keeps its fastest run.
    var bestSwift: Timed?
    var bestC: Timed?
    for _ in 0..<options.repeats {
        timeRun(&bestSwift) { runMM1Swift(customers: options.customers, seed: options.seed) }
        if options.compareC { timeRun(&bestC) { runMM1C(customers: options.customers, seed: options.seed) } }
    }
    guard let swift = bestSwift else { return 1 }
    let c = bestC
    let identical = c.map { $0.result == swift.result }

    if options.json {
        var fields: [(String, String)] = [
            ("customers", String(options.customers)),
            ("events", String(swift.result.events)),
            ("eventsPerSecond", fixed(swift.eventsPerSecond, 0)),
            ("meanTimeInSystem", fixed(swift.result.meanTimeInSystemSeconds, 6)),
            ("seconds", fixed(swift.seconds, 6)),
            ("seed", String(options.seed)),
            ("simulatedSeconds", fixed(swift.result.endTime.sinceStart.seconds, 6)),
        ]
        if let c, let identical {
            fields += [
                (
                    "c",
                    "{\"events\":\(c.result.events),\"eventsPerSecond\":\(fixed(c.eventsPerSecond, 0)),"
                        + "\"meanTimeInSystem\":\(fixed(c.result.meanTimeInSystemSeconds, 6)),\"seconds\":\(fixed(c.seconds, 6))}"
                ),
                ("identicalResults", String(identical)),
                ("ratio", fixed(swift.eventsPerSecond / c.eventsPerSecond, 3)),
            ]
            fields.sort { $0.0 < $1.0 }
        }
        print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}", to: &out)
    } else {
        print("mm1: M/M/1, λ = 0.9/s, μ = 1/s, \(options.customers) customers, seed \(options.seed)", to: &out)
        print("events processed:     \(swift.result.events)", to: &out)
        print("mean time in system:  \(fixed(swift.result.meanTimeInSystemSeconds, 6)) s (theory 10 s)", to: &out)
        print("simulated time:       \(fixed(swift.result.endTime.sinceStart.seconds, 6)) s", to: &out)
        print("wall seconds:         \(fixed(swift.seconds, 6))", to: &out)
        print("events per second:    \(fixed(swift.eventsPerSecond, 0))", to: &out)
        if let c, let identical {
            print("c reference:          \(fixed(c.seconds, 6)) s, \(fixed(c.eventsPerSecond, 0)) events/s", to: &out)
            print("swift / c:            \(fixed(swift.eventsPerSecond / c.eventsPerSecond, 3))", to: &out)
            print("identical results:    \(identical ? "yes" : "NO")", to: &out)
        }
    }
    if identical == false {
        print("error: the Swift and C loops disagree; the models or the random mapping have diverged", to: &err)
        return 1
    }
    return 0
}
