using System.Text.RegularExpressions;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Sandbox.Git;

namespace Pipelines.Sandbox.Local;

/// <summary>
/// What the sandbox starts with: manifests-example as the config repo, its images moved to the sandbox
/// registry (<c>weaveworksdemos/front-end:0.3.12</c> becomes <c>127.0.0.1:PORT/weaveworksdemos/front-end:0.3.12</c>),
/// and those images present in the registry, so that releases find them and pods can "pull" them.
/// </summary>
public static partial class SandboxSeed
{
    [GeneratedRegex(@"^(?<lead>\s*(?:-\s+)?image:\s*)(?<quote>['""]?)(?<image>[^'""\s#]+)\k<quote>", RegexOptions.Multiline)]
    private static partial Regex ImageLine();

    /// <summary>The example's files with every image rewritten to <paramref name="registryHost"/>, and the images named.</summary>
    public static ((string Path, string Content)[] Files, IReadOnlyList<string> Images) ConfigRepoFiles(string exampleFolder, string registryHost)
    {
        var images = new SortedSet<string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(exampleFolder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(file =>
            {
                var text = File.ReadAllText(file);
                var rewritten = ImageLine().Replace(text, m =>
                {
                    var image = $"{registryHost}/{m.Groups["image"].Value}";
                    images.Add(image);
                    return m.Groups["lead"].Value + m.Groups["quote"].Value + image + m.Groups["quote"].Value;
                });
                return (Path.GetRelativePath(exampleFolder, file).Replace('\\', '/'), rewritten);
            })
            .ToArray();
        return (files, images.ToList());
    }

    public static void CreateConfigRepo(string gitRoot, (string Path, string Content)[] files)
    {
        var bare = Path.Combine(gitRoot, "config.git");
        Directory.CreateDirectory(gitRoot);
        GitCommand.Run(gitRoot, "init", "-q", "--bare", "--initial-branch=main", bare);
        GitCommand.CommitAndPush(bare, "main", "The sock-shop, staging and production (seeded by the sandbox from manifests-example)", files);
    }

    /// <summary>Pushes a small image for each reference, built "a day ago", so that newer pushes are newer.</summary>
    public static async Task PushImagesAsync(string registryHost, IEnumerable<string> images, CancellationToken cancellationToken = default)
    {
        using var client = new RegistryClient(new RegistryOptions { InsecureRegistries = [registryHost] });
        var created = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var image in images)
        {
            var reference = ImageReference.Parse(image);
            await SyntheticImage.PushAsync(client, reference.WithoutTagOrDigest(), reference.Tag ?? "latest", created, cancellationToken);
        }
    }
}
