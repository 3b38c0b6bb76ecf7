/// Who may write where in the Aha! account, and which user each integration's endpoint runs as.
struct AhaRights {
    /// Role per user (row) per workspace (column).
    private(set) var roles: [[Role]]
    /// Every state `roles` has been in, oldest first (the timeline's `setRole` adds one), so a
    /// delivery can be judged on the rights of its dispatch.
    private(set) var epochs: [[[Role]]]
    /// The Aha! user each integration's endpoint runs as (-1 before a webhook points at it): run-as
    /// belongs to the endpoint, shared by every webhook that points at it.
    private(set) var runAs: [Int]

    init(_ aha: AhaSpec) {
        roles = aha.users.map { u in aha.workspaces.map { u.role(on: $0) } }
        epochs = [roles]
        runAs = Array(repeating: -1, count: aha.integrations.count)
    }

    /// The current epoch: an index into `epochs`.
    var epoch: Int32 { Int32(epochs.count - 1) }

    @inline(__always) func canWrite(_ user: Int, _ workspace: Int) -> Bool { roles[user][workspace].canWrite }

    @inline(__always) func canWrite(_ user: Int, _ workspace: Int, atEpoch epoch: Int) -> Bool {
        epochs[epoch][user][workspace].canWrite
    }

    /// A webhook points at the endpoint of `integration`: one that already runs as someone keeps its user.
    mutating func join(endpoint integration: Int, as user: Int) {
        if runAs[integration] < 0 { runAs[integration] = user }
    }

    /// The timeline's `setRunAs`: the endpoint, and so every webhook pointing at it, runs as `user`.
    mutating func setRunAs(endpoint integration: Int, to user: Int) { runAs[integration] = user }

    /// The timeline's `setRole`: a new epoch begins.
    mutating func setRole(user: Int, workspace: Int, to role: Role) {
        roles[user][workspace] = role
        epochs.append(roles)
    }
}
