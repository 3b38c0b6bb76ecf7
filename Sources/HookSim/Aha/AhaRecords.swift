/// The records one integration links, by Jira issue index.
struct RecordLinks {
    /// Record index per issue index, -1 when the issue is not linked, `deletedInAha` when its record
    /// was deleted by a delivery (so a late import that re-creates it is seen as stale).
    private(set) var recordOf: [Int32]

    static let deletedInAha: Int32 = -2

    init(issues: Int) { recordOf = Array(repeating: -1, count: issues) }

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
}

/// A linked Aha! record.
struct Record {
    var integration: Int32
    var issue: Int32
    var values: FieldValues
    var versions: FieldValues
    var deleted = false
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
    /// For imports: where in `AhaWorkers.importChecks` the integrations are listed in which the
    /// issue was already linked when the worker checked (the check and the creation are not
    /// atomic); -1 when none was. NB: an index, not an array, so copying a job costs no reference
    /// counting (seen in callgrind).
    var linkedAtCheck: Int32 = -1
    var carries = true
    var echo = false
    /// The delivery slot this job came from; held (not reused) until the job has run.
    var delivery: Int32 = -1
}
