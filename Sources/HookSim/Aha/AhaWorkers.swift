import SimKit

/// Aha!'s processing: a fixed pool of workers taking accepted requests in arrival order.
struct AhaWorkers {
    /// The job each worker holds, nil when idle.
    private var busy: [Job?]
    private var idle: [Int32]
    private(set) var waiting = Ring<Job>()
    /// Per running import job, the integrations already linked at its check; slots are reused.
    private(set) var importChecks: [[Int32]] = []
    private var freeImportChecks: [Int32] = []
    private let service: Sampler

    init(_ processing: ProcessingSpec) {
        let count = max(1, processing.workers)
        busy = Array(repeating: nil, count: count)
        idle = (0..<Int32(count)).reversed()
        service = Sampler(processing.serviceTime)
    }

    var hasIdleWorker: Bool { !idle.isEmpty }

    /// An accepted job: the idle worker that takes it at once, or nil when it waits in the queue.
    @inline(__always) mutating func take(_ job: Job) -> Int32? {
        if let w = idle.popLast() { return w }
        waiting.push(job)
        return nil
    }

    /// Worker `w` starts `job` at `now` and holds it until the returned time. For a create, this is
    /// when Aha! checks whether the issue is already linked: `linked` lists the integrations where it
    /// was (`AhaAccount.linkedIntegrations`); the record is only created when the job finishes, so
    /// overlapping jobs both import.
    mutating func start(_ w: Int32, _ job: Job, at now: SimTime, linked: [Int32], keyed: KeyedRandom, hookHash: UInt64)
        -> SimTime
    {
        var job = job
        if !linked.isEmpty {
            if let slot = freeImportChecks.popLast() {
                importChecks[Int(slot)] = linked
                job.linkedAtCheck = slot
            } else {
                importChecks.append(linked)
                job.linkedAtCheck = Int32(importChecks.count - 1)
            }
        }
        var rng = keyed.few(
            Streams.service, UInt64(job.change), hookHash, UInt64(job.kind.rawValue), UInt64(job.attempt))
        busy[Int(w)] = job
        return now + service.duration(using: &rng)
    }

    /// Whether integration `k` was linked when the import `job` checked.
    @inline(__always) func wasLinkedAtCheck(_ job: Job, integration k: Int) -> Bool {
        job.linkedAtCheck >= 0 && importChecks[Int(job.linkedAtCheck)].contains(Int32(k))
    }

    /// Worker `w` is done: the job it held (its import check stays readable until `processed`).
    @inline(__always) mutating func finish(_ w: Int32) -> Job? {
        guard let job = busy[Int(w)] else { return nil }
        busy[Int(w)] = nil
        return job
    }

    /// A finished job has been processed: its import check's slot is free again.
    @inline(__always) mutating func processed(_ job: Job) {
        guard job.linkedAtCheck >= 0 else { return }
        importChecks[Int(job.linkedAtCheck)] = []
        freeImportChecks.append(job.linkedAtCheck)
    }

    /// What worker `w` does next: the oldest waiting job, or nil (it is idle).
    @inline(__always) mutating func next(_ w: Int32) -> Job? {
        if let job = waiting.pop() { return job }
        idle.append(w)
        return nil
    }
}
