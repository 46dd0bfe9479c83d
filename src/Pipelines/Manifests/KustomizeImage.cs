using System.Text.RegularExpressions;
using Pipelines.Images;

namespace Pipelines.Manifests;

/// <summary>
/// An entry of a kustomization's <c>images:</c> (<c>{name, newName, newTag, digest}</c>), with kustomize's rules for which
/// images it matches and what it renders them as: the name matches an image written with that name and any tag or digest;
/// <c>newName</c> replaces the name; a <c>newTag</c> or a <c>digest</c> replaces both the tag and the digest the image had
/// (so a new tag alone drops a digest, and a digest alone drops the tag).
/// </summary>
public sealed partial record KustomizeImage(string File, int Index, string Name, string? NewName, string? NewTag, string? Digest, int Line)
{
    public static readonly string[] FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static bool IsKustomization(string path) => FileNames.Contains(System.IO.Path.GetFileName(path));

    /// <summary>Whether kustomize applies this entry to <paramref name="image"/> (its name, then an optional tag and digest).</summary>
    public bool Matches(string image) =>
        image.StartsWith(Name, StringComparison.Ordinal) && Rest().IsMatch(image.AsSpan(Name.Length));

    /// <summary>The image as kustomize writes it after applying this entry.</summary>
    public string Apply(string image)
    {
        var (name, tag, digest) = Split(image);
        name = NewName ?? name;
        (tag, digest) = (NewTag, Digest) switch
        {
            ({ } t, { } d) => (t, d),
            ({ } t, null) => (t, (string?)null),
            (null, { } d) => (null, d),
            _ => (tag, digest),
        };
        return name + (tag is null ? "" : ":" + tag) + (digest is null ? "" : "@" + digest);
    }

    /// <summary>Name, tag and digest of an image as written (a registry port is part of the name).</summary>
    public static (string Name, string? Tag, string? Digest) Split(string image)
    {
        var at = image.IndexOf('@');
        var digest = at >= 0 ? image[(at + 1)..] : null;
        var withoutDigest = at >= 0 ? image[..at] : image;
        return (ImageReference.NameAsWritten(withoutDigest), ImageReference.TagOf(withoutDigest), digest);
    }

    [GeneratedRegex(@"^(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")]
    private static partial Regex Rest();
}
