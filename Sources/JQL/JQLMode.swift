/// Which rules a query is validated against.
///
/// Jira Cloud's dynamic (app-registered) webhooks accept only a small subset of JQL; the
/// simulator must reject the same filters Jira would reject at registration time.
public enum JQLMode: Sendable {
    /// Everything Jira's issue search accepts.
    case standard
    /// Only `issueKey`, `project`, `issuetype`, `status`, `assignee`, `reporter`, `issue.property[…]` and
    /// `cf[id]`, with `=`, `!=`, `IN`, `NOT IN`, joined by AND, OR and NOT.
    case dynamicWebhook
}
