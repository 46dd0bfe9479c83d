using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// What reading an environment needs of the config repo: its files by folder, their texts and sizes. A snapshot gives it
/// (<c>ConfigSnapshot.AsRepoFiles</c>); tests give it from a dictionary, so that reading a layout is a pure function of files.
/// </summary>
public sealed record RepoFiles(Func<string, IEnumerable<string>> FilesUnder, Func<string, string?> ReadText, Func<string, long> SizeOf)
{
    /// <summary>Files given as path → text (paths with '/').</summary>
    public static RepoFiles Of(IReadOnlyDictionary<string, string> files) => new(
        folder => files.Keys.Where(p => folder.Trim('/').Length == 0 || p.StartsWith(folder.Trim('/') + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
        path => files.GetValueOrDefault(path.Trim('/')),
        path => files.TryGetValue(path.Trim('/'), out var text) ? System.Text.Encoding.UTF8.GetByteCount(text) : -1);

    /// <summary>Parsed documents kept by path for the length of one scan, where several readers look at one file (workloads,
    /// Flux markers, Applications, values); null parses every time.</summary>
    public Dictionary<string, IReadOnlyList<YamlNode?>>? Parsed { get; init; }

    /// <summary>The documents of <paramref name="path"/>, whose text is <paramref name="text"/>: parsed once when <see cref="Parsed"/> keeps them.</summary>
    public IReadOnlyList<YamlNode?> Documents(string path, string text)
    {
        if (Parsed is null) return YamlDocuments.Parse(text, path);
        if (!Parsed.TryGetValue(path, out var documents)) Parsed[path] = documents = YamlDocuments.Parse(text, path);
        return documents;
    }

    public bool Exists(string path) => SizeOf(path) >= 0;

    /// <summary>Whether <paramref name="path"/> lies in <paramref name="folder"/> (or is it).</summary>
    public static bool IsUnder(string path, string folder)
    {
        var f = folder.Trim('/');
        return f.Length == 0 || path == f || path.StartsWith(f + "/", StringComparison.Ordinal);
    }

    /// <summary>Joins a path written in a file in <paramref name="folder"/> (relative, with <c>..</c> and <c>.</c>) to a repository path;
    /// null when it leaves the repository.</summary>
    public static string? Join(string folder, string relative)
    {
        var parts = new List<string>();
        foreach (var part in (relative.StartsWith('/') ? relative : folder + "/" + relative).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    public static string FolderOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";
}
