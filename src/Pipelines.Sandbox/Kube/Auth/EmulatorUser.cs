namespace Pipelines.Sandbox.Kube.Auth;

/// <summary>Who a request is from, as the API server's authenticators name users: a user name and its groups.</summary>
public sealed record EmulatorUser(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The administrator of the written kubeconfigs (its token is the cluster name): member of system:masters.</summary>
    public static EmulatorUser Admin { get; } = new("emulator-admin", ["system:masters", "system:authenticated"]);

    /// <summary>A service account's user, as its token would authenticate it.</summary>
    public static EmulatorUser ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);
}
