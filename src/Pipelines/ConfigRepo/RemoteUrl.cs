using Pipelines.Shared;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Text;
using Pipelines.Faults;

namespace Pipelines.ConfigRepo;

public enum RemoteKind
{
    LocalPath,
    File,
    Git,
    Http,
    Ssh,
}

/// <summary>
/// A config repo's remote as the user wrote it: a local path, <c>file://</c>, <c>git://</c>, <c>http(s)://</c>,
/// <c>ssh://</c> or scp-like <c>user@host:path</c> (ssh goes through OpenSSH, as libgit2's exec transport does).
/// <see cref="Value"/> and <see cref="Display"/> never contain a password or token, even if the URL carried one.
/// </summary>
public sealed partial class RemoteUrl
{
    private RemoteUrl(string value, RemoteKind kind)
    {
        // Credentials written into a URL are moved out of it, so that the URL can be stored in a repository's config and
        // printed; they are handed to git through the credentials callback. For http(s) every user information goes: a
        // user name alone is how GitHub writes a token (https://TOKEN@github.com/…). For ssh the user name stays (ssh
        // needs it, and it is not secret); a password never does.
        if (UrlCredentials.Parse(value) is { } credentials && (kind == RemoteKind.Http || credentials.Password is not null))
        {
            EmbeddedCredentials = credentials.Password is { } password
                ? GitCredentials.From(credentials.User, password, null)
                : GitCredentials.From(null, null, credentials.User);
            if (credentials.Password is null && kind == RemoteKind.Http) UserOnly = credentials.User;
            value = kind == RemoteKind.Http || credentials.User.Length == 0 ? credentials.Without : WithUser(credentials);
        }
        Value = value;
        Kind = kind;
    }

    /// <summary>The URL handed to git, without any password or token (see <see cref="EmbeddedCredentials"/>).</summary>
    public string Value { get; }

    /// <summary>The credentials that were written into the URL, if any: a user name and password, or a token (a user-only
    /// http(s) URL), which is sent as <see cref="GitCredentials.TokenUserName"/>'s password as <c>GIT_TOKEN</c> is.</summary>
    public GitCredentials? EmbeddedCredentials { get; }

    public RemoteKind Kind { get; }

    /// <summary>The user name of a user-only http(s) URL: a token, unless a password or token is given besides
    /// (<c>https://alice@bitbucket.org/…</c> with <c>--git-password</c>), when it is the user name to send with it.</summary>
    internal string? UserOnly { get; }

    public string Display => Value;

    /// <summary>A short stable name for the remote's cache folder (the credentials are not part of it).</summary>
    public string CacheKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value)))[..16];

    public override string ToString() => Display;

    /// <summary>Reads <c>--config-repo</c>. A local path (or <c>file://</c> URL) must exist: libgit2 would otherwise take it
    /// for a URL and say "unsupported URL protocol".</summary>
    public static RemoteUrl Parse(string text, string workingDirectory)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new PipelinesException(FaultKind.Usage, "--config-repo is empty; pass --config-repo <url or path>.");
        text = text.Trim();
        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return Existing(new RemoteUrl(text, RemoteKind.File), text);
        if (text.StartsWith("git://", StringComparison.OrdinalIgnoreCase)) return new RemoteUrl(text, RemoteKind.Git);
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return new RemoteUrl(text, RemoteKind.Http);
        if (text.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || ScpLike().IsMatch(text)) return new RemoteUrl(text, RemoteKind.Ssh);
        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new PipelinesException(FaultKind.Usage, $"--config-repo '{UrlCredentials.Parse(text)?.Without ?? text}' uses a scheme git cannot use here; write a path, file://, git://, http(s)://, ssh:// or user@host:path.");
        }
        return Existing(new RemoteUrl(Path.GetFullPath(text, workingDirectory), RemoteKind.LocalPath), text);
    }

    private static RemoteUrl Existing(RemoteUrl remote, string written)
    {
        var path = remote.Kind == RemoteKind.File ? new Uri(remote.Value).LocalPath : remote.Value;
        if (Directory.Exists(path)) return remote;
        throw new PipelinesException(FaultKind.Usage, $"--config-repo {written}: there is no folder {path}. Give the path of the config repo's git repository (bare or not), " +
            "or its URL (git://, http(s)://, ssh:// or user@host:path).");
    }

    private static string WithUser(UrlCredentials credentials)
    {
        var schemeEnd = credentials.Without.IndexOf("://", StringComparison.Ordinal) + 3;
        return credentials.Without[..schemeEnd] + Uri.EscapeDataString(credentials.User) + "@" + credentials.Without[schemeEnd..];
    }

    // scp-like: [user@]host:path, where the host is not a single letter (a Windows drive).
    [GeneratedRegex(@"^([A-Za-z0-9._-]+@)?[A-Za-z0-9._-]{2,}:(?!//)")]
    private static partial Regex ScpLike();
}
