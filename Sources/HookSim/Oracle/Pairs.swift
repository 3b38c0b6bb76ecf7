/// How far a pair got, for the drop reason (DESIGN.md §3). The first six are configuration stages
/// (why no webhook could ever apply the pair); the last three are run-time stages, reached only by
/// a webhook that was *able* to apply it, and any of them outranks every configuration stage.
enum Stage: Int8, CaseIterable, Sendable {
    case noWebhook = 0
    case webhookDisabled, notSubscribed, jqlFiltered, versionMismatch, permissionDenied
    case deliveryFailed, rateLimited, recordMissing

    /// Whether only an able webhook reaches this stage.
    var isRunTime: Bool { rawValue >= Stage.deliveryFailed.rawValue }

    /// The name used in reports (`dropped.byReason.<name>`): `ReportPath.dropReasons` lists them
    /// in this same order, the one list the loader, the engine and the renderers share.
    var name: String { ReportPath.dropReasons[Int(rawValue)] }
}

/// The state of one intended pair (change, record).
struct PairState {
    var integration: Int32
    var appliedAt: Int64 = -1
    var stage: Stage = .noWebhook

    /// The pair got as far as `stage` (a drop reason only ever moves up).
    @inline(__always) mutating func raise(to stage: Stage) {
        if self.stage.rawValue < stage.rawValue { self.stage = stage }
    }
}

/// The oracle's view of one change still able to produce writes.
struct ChangeTrack {
    var change: Change
    var pairs: [PairState]
    /// Deliveries and jobs that may still carry this change.
    var outstanding: Int32 = 0
}

/// How a delivery's loss is judged (DESIGN.md §3), kept by the oracle by delivery slot, so the
/// delivery stays small enough to copy without `memcpy` (seen in callgrind).
///
/// A webhook is able when its run-as user may write, judged when Aha! processed the delivery, or at
/// dispatch if it never did. A processed delivery already raised each pair to what processing found
/// (`permissionDenied`, `recordMissing`, or applied), so only a never-processed one raises its
/// failure stage, on the rights at dispatch (`user`, and the roles by `AhaRights.epochs` index).
/// Whether a delivery is ever processed is known only once Jira is done with it and every attempt
/// has arrived and every job of it has run, so its failure waits until then (`pendingFailure`).
struct Judge {
    var user: Int32
    var epoch: Int32
    /// Jobs of this delivery accepted by Aha! and not yet processed.
    var openJobs: Int32 = 0
    var processed = false
    /// The failure stage Jira ended the delivery with, while jobs or arrivals are pending.
    var pendingFailure: Stage?
}
