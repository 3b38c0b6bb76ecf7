// The small valid scenario tests build on, in one place.

/// A small valid scenario: one instance, one workspace, one user, one integration, one webhook.
let minimal = """
    {
      jira: [{id: "acme", projects: [{key: "WEB", issues: 10}]}],
      aha: {
        workspaces: ["WEB"],
        users: [{name: "Ann", roles: {WEB: "owner"}}],
        integrations: [{id: "web", workspace: "WEB", jira: "acme", project: "WEB"}],
      },
      topologies: [{name: "one", webhooks: [{name: "hook", integration: "web", runAs: "Ann"}]}],
    }
    """

/// `minimal` with extra top-level keys on a line of their own after the opening brace.
func minimal(adding line: String) -> String { "{\n" + line + "\n" + String(minimal.dropFirst(2)) }
