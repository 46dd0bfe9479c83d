namespace Pipelines.Shared;

/// <summary>
/// The credentials written into a URL (<c>https://user:password@host/…</c>, or a token as the user name,
/// <c>https://TOKEN@host/…</c>, GitHub's form), and the URL without them.
/// </summary>
/// <remarks><para>
/// One source compiled into two assemblies (src/Shared, linked by Pipelines.Targets and Pipelines): the runner masks exactly
/// the secrets the library takes out of a config repo URL, and neither assembly references the other.
/// </para><para>The authority ends at the first <c>/</c>, <c>?</c> or <c>#</c> after <c>scheme://</c>, and its user information at the
/// <em>last</em> <c>@</c> of the authority, as browsers split it (WHATWG URL): a raw <c>@</c> in a password (which
/// RFC 3986 does not allow, but people write) stays in the password instead of leaking its tail into the host. The
/// rest — host, port, path — is then read by <see cref="Uri"/>, with the user information percent-encoded.</para>
/// </remarks>
/// <param name="User">The user name, decoded; for a user-only http(s) URL this is usually a token.</param>
/// <param name="Password">The password, decoded; null when the URL has none.</param>
/// <param name="Without">The URL as written, minus its user information (and the <c>@</c>).</param>
internal sealed record UrlCredentials(string User, string? Password, string Without)
{
    /// <summary>The credentials of <paramref name="url"/>, or null when it is not a <c>scheme://</c> URL with user information.</summary>
    public static UrlCredentials? Parse(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !IsScheme(url[..schemeEnd])) return null;
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at < 0) return null;
        var userInfo = url[authorityStart..at];
        var colon = userInfo.IndexOf(':');
        var (user, password) = colon < 0 ? (userInfo, (string?)null) : (userInfo[..colon], userInfo[(colon + 1)..]);
        var without = url[..authorityStart] + url[(at + 1)..];
        // The host and path must make a URL once the user information is out; a "URL" that does not is not one.
        if (!Uri.TryCreate(without, UriKind.Absolute, out _)) return null;
        return new UrlCredentials(Decode(user), password is null ? null : Decode(password), without);
    }

    /// <summary>Whether this is an http(s) URL, where a user name alone is a token (<c>https://TOKEN@github.com/…</c>).</summary>
    public bool IsHttp => Without.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || Without.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>What must never be printed or stored: the password, or a user-only http(s) URL's user name (a token), each as
    /// written and as decoded. A user name next to a password is not secret.</summary>
    public IEnumerable<string> Secrets(string url)
    {
        var secret = Password ?? (IsHttp ? User : null);
        if (string.IsNullOrEmpty(secret)) yield break;
        yield return secret;
        var written = RawUserInfo(url) is { } raw ? (Password is null ? raw : raw[(raw.IndexOf(':') + 1)..]) : null;
        if (written is not null && written != secret) yield return written;
    }

    /// <summary>Every secret of every URL in <paramref name="text"/> (a command line word may hold several, e.g. a list).</summary>
    public static IEnumerable<string> SecretsIn(string text)
    {
        foreach (var word in text.Split([' ', ',', '\t', '\n', '\r', '"', '\'', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            for (var start = word.IndexOf("://", StringComparison.Ordinal); start > 0; start = word.IndexOf("://", start + 3, StringComparison.Ordinal))
            {
                var schemeStart = start;
                while (schemeStart > 0 && IsSchemeChar(word[schemeStart - 1])) schemeStart--;
                var candidate = word[schemeStart..];
                if (Parse(candidate) is { } credentials) foreach (var secret in credentials.Secrets(candidate)) yield return secret;
            }
        }
    }

    private static string? RawUserInfo(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], schemeEnd + 3);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - schemeEnd - 3);
        return at < 0 ? null : url[(schemeEnd + 3)..at];
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static bool IsScheme(string text) => text.Length > 0 && char.IsAsciiLetter(text[0]) && text.All(IsSchemeChar);

    private static bool IsSchemeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.';

    public override string ToString() => Without;
}
