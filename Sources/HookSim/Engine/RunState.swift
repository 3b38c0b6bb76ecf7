import JQL
import SimKit

/// A webhook as installed in one run. Plain values only, so reading one costs no reference
/// counting on the hot path; its name and JQL filter live in `TopologySimulation.hookNames` /
/// `hookQueries`.
struct HookState {
    var nameHash: UInt64
    var integration: Int
    var instance: Int
    var version: IntegrationVersion
    /// Bit per `JiraEventName` index.
    var events: UInt8
    var enabled: Bool
    var installed: Bool = true

    func subscribes(_ e: JiraEventName) -> Bool {
        events & (1 << UInt8(JiraEventName.allCases.firstIndex(of: e) ?? 0)) != 0
    }
}

/// An Aha! integration as it stands in one run: its records, by issue index.
struct IntegrationState {
    var spec: IntegrationSpec
    var workspace: Int
    var instance: Int
    var project: Int
    /// Record index per issue index, -1 when the issue is not linked, `deletedInAha` when its record
    /// was deleted by a delivery (so a late import that re-creates it is seen as stale).
    var recordOf: [Int32]

    static let deletedInAha: Int32 = -2
    /// Bit per `Field` that this integration syncs.
    var fieldMask: Int32
    /// Whether each issue type (by `JiraWorld.typeNames` index) is mapped to a record type.
    var mapped: [Bool]
    var autoImport: Bool

    /// The record linked to an issue, or -1. Issues created after the start are linked lazily,
    /// so the array grows only for integrations that import.
    @inline(__always) func record(of issue: Int32) -> Int32 {
        Int(issue) < recordOf.count ? recordOf[Int(issue)] : -1
    }

    mutating func link(_ issue: Int32, to record: Int32) {
        if Int(issue) >= recordOf.count {
            recordOf.append(contentsOf: repeatElement(-1, count: Int(issue) + 1 - recordOf.count))
        }
        recordOf[Int(issue)] = record
    }

    func maps(_ type: Int16) -> Bool { Int(type) < mapped.count && mapped[Int(type)] }

    /// The oracle's links: what would be linked had every intended import happened. Kept apart
    /// from `recordOf` so that what is intended never depends on the topology (DESIGN.md §3).
    var ideal: [Bool] = []

    @inline(__always) func ideallyLinked(_ issue: Int32) -> Bool {
        Int(issue) < ideal.count && ideal[Int(issue)]
    }

    mutating func setIdeal(_ issue: Int32, _ linked: Bool) {
        if Int(issue) >= ideal.count {
            guard linked else { return }
            ideal.append(contentsOf: repeatElement(false, count: Int(issue) + 1 - ideal.count))
        }
        ideal[Int(issue)] = linked
    }
}

/// A linked Aha! record.
struct Record {
    var integration: Int32
    var issue: Int32
    var values: FieldValues
    var versions: FieldValues
    var deleted = false
}

/// One attempt-carrying delivery on the Jira side, alive from dispatch until Jira is done with it
/// and every attempt of it has arrived or been lost.
struct Delivery {
    var hook: Int32
    var change: Int32
    /// The oracle's slot for the change, or -1 when it has no intended pairs.
    var track: Int32
    var kind: EventKind
    var issue: Int32
    var values: FieldValues
    var versions: FieldValues
    var attempt: Int32 = 0
    var lastStatus: Int16 = 0
    var jiraDone = false
    var pendingArrivals: Int32 = 0
    var answerDelay: SimDuration = .zero
    /// Carries the change's pairs (false for the extra `issue_commented` update).
    var carries = true
    var echo = false
    /// Sent by a datacenter dispatch thread that stays busy until the attempt ends.
    var holdsThread = false
    /// About an issue no integration served by the receiving endpoint links or imports (exposure,
    /// counted when the first attempt leaves Jira).
    var exposed = false
}

/// How a delivery's loss is judged (DESIGN.md §3), kept beside `Delivery`, by slot, so the delivery
/// stays small enough to copy without `memcpy` (seen in callgrind).
///
/// A webhook is able when its run-as user may write, judged when Aha! processed the delivery, or at
/// dispatch if it never did. A processed delivery already raised each pair to what processing found
/// (`permissionDenied`, `recordMissing`, or applied), so only a never-processed one raises its
/// failure stage, on the rights at dispatch (`user`, and the roles by `roleEpochs` index). Whether a
/// delivery is ever processed is known only once Jira is done with it and every attempt has arrived
/// and every job of it has run, so its failure waits until then (`pendingFailure`).
struct Judge {
    var user: Int32
    var epoch: Int32
    /// Jobs of this delivery accepted by Aha! and not yet processed.
    var openJobs: Int32 = 0
    var processed = false
    /// The failure stage Jira ended the delivery with, while jobs or arrivals are pending.
    var pendingFailure: Stage?
}

/// A webhook request accepted by Aha!, waiting for or in the hands of a worker.
struct Job {
    var hook: Int32
    var change: Int32
    var track: Int32
    var kind: EventKind
    var issue: Int32
    var attempt: Int32
    var values: FieldValues
    var versions: FieldValues
    /// For imports: where in `TopologySimulation.importChecks` the integrations are listed in which
    /// the issue was already linked when the worker checked (the check and the creation are not
    /// atomic); -1 when none was. NB: an index, not an array, so copying a job costs no reference
    /// counting (seen in callgrind).
    var linkedAtCheck: Int32 = -1
    var carries = true
    var echo = false
    /// The delivery slot this job came from; held (not reused) until the job has run.
    var delivery: Int32 = -1
}

/// The state of one intended pair (change, record).
struct PairState {
    var integration: Int32
    var appliedAt: Int64 = -1
    var stage: Stage = .noWebhook
}

/// The oracle's view of one change still able to produce writes.
struct ChangeTrack {
    var change: Change
    var pairs: [PairState]
    /// Deliveries and jobs that may still carry this change.
    var outstanding: Int32 = 0
}

/// A FIFO queue in a ring buffer: push and pop without shifting or per-element allocation.
struct Ring<Element> {
    private var storage: [Element?] = Array(repeating: nil, count: 16)
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func push(_ e: Element) {
        if count == storage.count {
            var grown: [Element?] = Array(repeating: nil, count: storage.count * 2)
            for i in 0..<count { grown[i] = storage[(head + i) % storage.count] }
            storage = grown
            head = 0
        }
        storage[(head + count) % storage.count] = e
        count += 1
    }

    mutating func pop() -> Element? {
        guard count > 0 else { return nil }
        let e = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return e
    }
}
