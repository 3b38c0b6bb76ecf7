import SimKit

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
    var pendingArrivals: Int32 = 0
    var answerDelay: SimDuration = .zero
    /// What kind of delivery this is and where Jira stands with it, one bit each.
    var flags: Flags = .carries

    struct Flags: OptionSet {
        var rawValue: UInt8
        /// Carries the change's pairs (not the extra `issue_commented` update).
        static let carries = Flags(rawValue: 1)
        /// The echo of an edit made in Aha!.
        static let echo = Flags(rawValue: 2)
        /// Sent by a Data Center dispatch thread that stays busy until the attempt ends.
        static let holdsThread = Flags(rawValue: 4)
        /// About an issue no integration served by the receiving endpoint links or imports
        /// (exposure, counted when the first attempt leaves Jira).
        static let exposed = Flags(rawValue: 8)
        /// Jira is done with it (succeeded or gave up).
        static let jiraDone = Flags(rawValue: 16)
    }

    var carries: Bool {
        get { flags.contains(.carries) }
        set { set(.carries, newValue) }
    }
    var echo: Bool {
        get { flags.contains(.echo) }
        set { set(.echo, newValue) }
    }
    var holdsThread: Bool {
        get { flags.contains(.holdsThread) }
        set { set(.holdsThread, newValue) }
    }
    var exposed: Bool {
        get { flags.contains(.exposed) }
        set { set(.exposed, newValue) }
    }
    var jiraDone: Bool {
        get { flags.contains(.jiraDone) }
        set { set(.jiraDone, newValue) }
    }

    @inline(__always) private mutating func set(_ flag: Flags, _ on: Bool) {
        if on { flags.insert(flag) } else { flags.remove(flag) }
    }
}

/// How one Jira instance delivers webhook requests, fixed for the run (DESIGN.md §2, Delivery); its
/// distributions (dispatch delay, retry backoff) are in `JiraDelivery`, so this stays a plain value
/// that costs nothing to copy.
struct DeliveryPolicy {
    var kind: JiraKind
    var mode: DispatchMode
    /// Data Center async: events waiting for a thread; a full queue with every thread busy loses the event.
    var queue: Int
    var threads: Int
    var timeout: SimDuration
    /// Data Center sync: time to evaluate one webhook's JQL on the user's thread.
    var jqlCost: SimDuration
    var commentAlsoUpdates: Bool

    init(_ instance: JiraInstance) {
        let d = instance.delivery
        kind = instance.kind
        mode = d.mode
        queue = d.queue
        threads = max(1, d.threads)
        timeout = d.timeout
        jqlCost = d.jqlCost
        commentAlsoUpdates = d.commentAlsoUpdates
        usesThreads = kind == .datacenter && mode == .async
        isSync = kind == .datacenter && mode == .sync
    }

    /// Data Center async: events wait for one of a few dispatch threads.
    let usesThreads: Bool
    /// Data Center sync: the user's thread evaluates every webhook's JQL before the change completes.
    let isSync: Bool
}

/// What one attempt will do, worked out when it leaves Jira (nothing it draws or reads changes
/// before then): whether the connection fails, how long each way takes, and whether Jira reads
/// the answer before its timeout.
struct Attempt {
    var fails: Bool
    var there: SimDuration
    var back: SimDuration
    var answered: Bool
    var timeout: SimDuration
    /// The step of the report's series it was sent in.
    var step: Int
}

/// What Jira does after an attempt failed: send again after a wait, queue again for a Data Center
/// thread (like a new event), or give up.
enum RetryDecision {
    case send(at: SimTime)
    case requeue(at: SimTime)
    case giveUp
}
