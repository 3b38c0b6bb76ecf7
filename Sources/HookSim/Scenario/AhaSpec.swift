import SimKit

/// A user's role on one Aha! workspace. Only owners and contributors can write records.
public enum Role: String, Sendable, Equatable, CaseIterable, Comparable {
    case none, viewer, reviewer, contributor, owner

    /// Whether this role may write records (DESIGN.md §2: owner and contributor only).
    public var canWrite: Bool { self == .owner || self == .contributor }

    public static func < (a: Role, b: Role) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// The Aha! integration versions; an endpoint serves only integrations of its own version.
public enum IntegrationVersion: String, Sendable, Equatable, CaseIterable {
    case v1 = "1.0"
    case v2 = "2.0"
}

/// The Aha! record types a Jira issue type can be mapped to.
public enum RecordType: String, Sendable, Equatable, CaseIterable { case initiative, epic, feature, requirement }

/// What an echo (a change made by the integration account) does in Aha!.
public enum EchoPolicy: String, Sendable, Equatable, CaseIterable { case ignore, apply }

/// The Aha! account: workspaces, users and their roles, integrations, and how webhooks are processed.
public struct AhaSpec: Sendable, Equatable {
    public var workspaces: [String]
    public var users: [UserSpec]
    public var integrations: [IntegrationSpec]
    public var processing: ProcessingSpec
    public var echo: EchoPolicy

    public init(
        workspaces: [String], users: [UserSpec], integrations: [IntegrationSpec],
        processing: ProcessingSpec = ProcessingSpec(), echo: EchoPolicy = .ignore
    ) {
        self.workspaces = workspaces
        self.users = users
        self.integrations = integrations
        self.processing = processing
        self.echo = echo
    }
}

/// An Aha! user and a role per workspace; `"*"` gives a role on every workspace not named.
public struct UserSpec: Sendable, Equatable {
    public var name: String
    /// `(workspace or "*", role)` in file order.
    public var roles: [(String, Role)]

    public init(name: String, roles: [(String, Role)]) {
        self.name = name
        self.roles = roles
    }

    /// The role on a workspace: its own entry, else the `"*"` entry, else `none`.
    public func role(on workspace: String) -> Role {
        if let own = roles.first(where: { $0.0 == workspace }) { return own.1 }
        if let all = roles.first(where: { $0.0 == "*" }) { return all.1 }
        return .none
    }

    public static func == (a: UserSpec, b: UserSpec) -> Bool {
        a.name == b.name && a.roles.map(\.0) == b.roles.map(\.0) && a.roles.map(\.1) == b.roles.map(\.1)
    }
}

/// What an integration syncs back from Jira.
public struct SyncSpec: Sendable, Equatable {
    public var status: Bool
    public var comments: Bool
    /// Jira fields mapped to Aha! fields (summary, description, priority, assignee, labels, components, …).
    public var fields: [String]

    public init(
        status: Bool = true, comments: Bool = true,
        fields: [String] = ["summary", "description", "priority", "assignee"]
    ) {
        self.status = status
        self.comments = comments
        self.fields = fields
    }
}

/// One Aha! integration: a workspace connected to one Jira project.
public struct IntegrationSpec: Sendable, Equatable {
    public var id: String
    public var version: IntegrationVersion
    public var workspace: String
    public var jira: String
    public var project: String
    /// Jira issue type → Aha! record type; unmapped types are not linked.
    public var records: [(String, RecordType)]
    /// Share of existing issues of mapped types linked when the run starts.
    public var linked: Double
    /// Import new Jira issues created under a linked parent.
    public var autoImport: Bool
    public var sync: SyncSpec
    /// The Aha! user this integration's webhook endpoint runs as, unless a topology's webhooks name one.
    public var runAs: String?
    /// Where Jira sends this integration's webhooks (`webhookUrl`): how webhooks imported from Jira
    /// find their integration; nil: HookSim's stand-in, `https://aha.example/api/v1/webhooks/jira/<id>`
    /// (DESIGN.md §7.4), where `hooksim trace` says they were sent.
    public var webhookUrl: String?
    /// Shared secret of Jira's admin webhooks: `hooksim serve` checks `X-Hub-Signature` against it.
    public var secret: String?

    public static let defaultRecords: [(String, RecordType)] = [
        ("Epic", .epic), ("Story", .feature), ("Bug", .feature), ("Task", .feature), ("Sub-task", .requirement),
    ]

    public init(
        id: String, version: IntegrationVersion = .v2, workspace: String, jira: String, project: String,
        records: [(String, RecordType)]? = nil, linked: Double = 1.0, autoImport: Bool = true,
        sync: SyncSpec = SyncSpec(),
        runAs: String? = nil, webhookUrl: String? = nil, secret: String? = nil
    ) {
        self.runAs = runAs
        self.webhookUrl = webhookUrl
        self.secret = secret
        self.id = id
        self.version = version
        self.workspace = workspace
        self.jira = jira
        self.project = project
        self.records = records ?? IntegrationSpec.defaultRecords
        self.linked = linked
        self.autoImport = autoImport
        self.sync = sync
    }

    public func recordType(for issueType: String) -> RecordType? {
        records.first(where: { $0.0.lowercased() == issueType.lowercased() })?.1
    }

    public static func == (a: IntegrationSpec, b: IntegrationSpec) -> Bool {
        a.id == b.id && a.version == b.version && a.workspace == b.workspace && a.jira == b.jira
            && a.project == b.project && a.records.map(\.0) == b.records.map(\.0)
            && a.records.map(\.1) == b.records.map(\.1) && a.linked == b.linked && a.autoImport == b.autoImport
            && a.sync == b.sync && a.runAs == b.runAs && a.webhookUrl == b.webhookUrl && a.secret == b.secret
    }
}

/// How Aha! processes received webhooks: a queue served by workers.
public struct ProcessingSpec: Sendable, Equatable {
    public var workers: Int
    public var serviceTime: Distribution
    /// Requests waiting beyond this are answered 429 (nil: unbounded).
    public var queueLimit: Int?
    /// Requests per second accepted before answering 429 (nil: no limit).
    /// Rate limits that all hold at once (Aha!'s documented account limits are `["300/m", "20/s"]`);
    /// a request past any of them is answered 429.
    public var rateLimits: [Rate]
    /// The single rate limit, for scenarios with one (nil: none).
    public var rateLimit: Rate? {
        get { rateLimits.first }
        set { rateLimits = newValue.map { [$0] } ?? [] }
    }

    public init(
        workers: Int = 4, serviceTime: Distribution = .lognormal(median: .milliseconds(150), p99: .seconds(2)),
        queueLimit: Int? = 10_000, rateLimit: Rate? = nil
    ) {
        self.workers = workers
        self.serviceTime = serviceTime
        self.queueLimit = queueLimit
        self.rateLimits = rateLimit.map { [$0] } ?? []
    }
}
