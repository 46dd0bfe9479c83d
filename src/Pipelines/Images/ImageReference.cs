using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pipelines.Images;

/// <summary>
/// The one image vocabulary. A reference parsed by the distribution reference grammar:
/// <c>[registry/]path[:tag][@digest]</c>. Names without a registry mean Docker Hub
/// (<c>docker.io</c>), and single-component Docker Hub names live under <c>library/</c>.
/// Images as manifests and trailers write them (text that keeps its spelling, and may not follow the grammar)
/// are compared and changed by the static members in <c>ImageReference.Written.cs</c>.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    const int MaxNameLength = 255;

    ImageReference(string registry, string repository, string? tag, Digest? digest) =>
        (Registry, Repository, Tag, Digest) = (registry, repository, tag, digest);

    /// <summary>The registry host, with its port if it has one: <c>docker.io</c>, <c>localhost:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry: <c>library/nginx</c>, <c>team/app</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>Registry and repository without tag or digest: <c>docker.io/library/nginx</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The short form Docker names images by (its "familiar name"): <c>nginx</c> for <c>docker.io/library/nginx</c>,
    /// <c>team/app</c> for <c>docker.io/team/app</c>, <see cref="Name"/> for every other registry.</summary>
    public string FamiliarName =>
        Registry == DockerHub
            ? Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository["library/".Length..] : Repository
            : Name;

    public ImageReference WithTag(string tag) =>
        TagPattern().IsMatch(tag) ? new(Registry, Repository, tag, null) : throw new ImageReferenceException(tag, "tag", TagRule);

    /// <summary>The repository alone, with tag and digest dropped.</summary>
    public ImageReference WithoutTagOrDigest() => new(Registry, Repository, null, null);

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw error;

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(text, out reference, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out ImageReferenceException? error)
    {
        reference = null;
        error = Check(text ?? "", out var registry, out var repository, out var tag, out var digest);
        if (error is not null)
            return false;
        reference = new ImageReference(registry!, repository!, tag, digest);
        return true;
    }

    const string TagRule = "a tag is 1 to 128 characters of letters, digits, '_', '.' and '-', and does not start with '.' or '-'";
    const string PathRule = "each path component is lowercase letters and digits, separated by '.', '_', '__' or dashes, and components are joined by '/'";
    const string HostRule = "a registry host is DNS labels of letters, digits and inner dashes joined by '.', optionally followed by ':' and a port number";

    static ImageReferenceException? Check(string input, out string? registry, out string? repository, out string? tag, out Digest? digest)
    {
        registry = repository = tag = null;
        digest = null;
        if (input.Length == 0)
            return new(input, "reference", "it is empty; write it as [registry/]repository[:tag][@digest], e.g. localhost:5000/team/app:1.0");
        if (input.Trim() != input || input.Any(char.IsWhiteSpace))
            return new(input, "reference", "it contains whitespace");

        var rest = input;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var digestText = rest[(at + 1)..];
            if (!Digest.TryParse(digestText, out digest, out _))
                return new(input, $"digest '{digestText}'", "a digest is sha256: followed by 64 lowercase hex characters");
            rest = rest[..at];
        }

        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            if (!TagPattern().IsMatch(tag))
                return new(input, $"tag '{tag}'", TagRule);
            rest = rest[..colon];
        }

        if (rest.Length == 0)
            return new(input, "repository", "the name before the tag or digest is missing");

        var firstSlash = rest.IndexOf('/');
        string path;
        if (firstSlash > 0 && LooksLikeHost(rest[..firstSlash]))
        {
            registry = rest[..firstSlash];
            path = rest[(firstSlash + 1)..];
            if (!HostPattern().IsMatch(registry))
                return new(input, $"registry host '{registry}'", HostRule);
        }
        else
        {
            registry = DockerHub;
            path = rest;
        }

        if (registry is "index.docker.io" or "registry-1.docker.io")
            registry = DockerHub;
        if (registry == DockerHub && !path.Contains('/'))
            path = "library/" + path;

        if (path.Length == 0)
            return new(input, "repository", "the repository path after the registry host is missing");
        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
                return new(input, $"repository '{path}'", "it has an empty path component (a leading, trailing or doubled '/')");
            if (component.Any(char.IsUpper))
                return new(input, $"repository '{path}'", "repository names must be lowercase");
            if (!PathComponentPattern().IsMatch(component))
                return new(input, $"path component '{component}'", PathRule);
        }
        if (registry.Length + 1 + path.Length > MaxNameLength)
            return new(input, "name", $"registry and repository together are longer than {MaxNameLength} characters");

        repository = path;
        return null;
    }

    /// <summary>Docker's rule: the first component names a registry when it has a '.', a ':', is 'localhost', or has uppercase.</summary>
    static bool LooksLikeHost(string first) =>
        first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsUpper);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();
}
