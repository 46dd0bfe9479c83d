using k8s;

namespace Pipelines.Server.SignIn;

/// <summary>
/// How people sign in to the web console and where their sessions' keys live. Sessions are cookies protected by ASP.NET
/// Core Data Protection: with the keys in a folder every replica mounts, or in a Kubernetes Secret, a restart or another
/// replica reads the same cookie; with neither, the keys live in this process and a restart signs everyone out.
/// </summary>
public sealed record ConsoleSignIn
{
    /// <summary>Null: people sign in by pasting an API token (as before); set: with the provider only.</summary>
    public OidcSettings? Oidc { get; init; }

    /// <summary>A folder for the Data Protection keys (<c>--ui-keys-dir</c>).</summary>
    public string? KeysDirectory { get; init; }

    /// <summary>A Kubernetes Secret for the Data Protection keys (<c>--ui-keys-secret</c>).</summary>
    public SecretKeyStore? KeysSecret { get; init; }

    /// <summary>How long a session lasts from sign-in.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);
}

/// <summary>The Secret <c>namespace/name</c> that holds the keys, and the client that reads and writes it.</summary>
public sealed record SecretKeyStore(IKubernetes Client, string Namespace, string Name)
{
    /// <summary>The longest one read or write of the Secret may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public override string ToString() => $"Secret {Namespace}/{Name}";
}
