using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

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
/// <see cref="Display"/> never contains a password or token, even if the URL carried one.
/// </summary>
public sealed partial class RemoteUrl
{
    private RemoteUrl(string value, RemoteKind kind)
    {
        // Credentials written into an http(s) URL are moved out of it, so that the URL can be stored
        // in a repository's config and printed; they are handed to git through the credentials callback.
        var match = kind == RemoteKind.Http ? UserInfo().Match(value) : Match.Empty;
        if (match.Success && match.Groups["user"].Success)
        {
            var password = value[(match.Groups["user"].Index + match.Groups["user"].Length + 1)..(match.Index + match.Length - 1)];
            EmbeddedCredentials = GitCredentials.From(Uri.UnescapeDataString(match.Groups["user"].Value), Uri.UnescapeDataString(password), null);
            value = match.Groups["scheme"].Value + match.Groups["user"].Value + "@" + value[(match.Index + match.Length)..];
        }
        Value = value;
        Kind = kind;
    }

    /// <summary>The URL handed to git, without any password (see <see cref="EmbeddedCredentials"/>).</summary>
    public string Value { get; }

    /// <summary>A user name and password that were written into the URL, if any.</summary>
    public GitCredentials? EmbeddedCredentials { get; }

    public RemoteKind Kind { get; }

    public string Display => Value;

    /// <summary>A short stable name for the remote's cache folder (the credentials are not part of it).</summary>
    public string CacheKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value)))[..16];

    public override string ToString() => Display;

    public static RemoteUrl Parse(string text, string workingDirectory)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The config repo URL is empty; pass --config-repo <url or path>.");
        text = text.Trim();
        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return new RemoteUrl(text, RemoteKind.File);
        if (text.StartsWith("git://", StringComparison.OrdinalIgnoreCase)) return new RemoteUrl(text, RemoteKind.Git);
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return new RemoteUrl(text, RemoteKind.Http);
        if (text.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || ScpLike().IsMatch(text)) return new RemoteUrl(text, RemoteKind.Ssh);
        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{new RemoteUrl(text, RemoteKind.Http).Display}' uses a scheme git cannot use here; write a path, file://, git://, http(s)://, ssh:// or user@host:path.");
        }
        return new RemoteUrl(Path.GetFullPath(text, workingDirectory), RemoteKind.LocalPath);
    }

    // scp-like: [user@]host:path, where the host is not a single letter (a Windows drive).
    [GeneratedRegex(@"^([A-Za-z0-9._-]+@)?[A-Za-z0-9._-]{2,}:(?!//)")]
    private static partial Regex ScpLike();

    // scheme://user:password@ — only the form with a password; a bare user@ is kept as written.
    [GeneratedRegex(@"^(?<scheme>[a-z][a-z0-9+.-]*://)(?<user>[^:@/]*):[^@/]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfo();
}
