using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Locking;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>Builds the code under test the way a CI job would: its own cache folder, identity and log.</summary>
internal sealed class ConfigRepoHarness : IDisposable
{
    public ConfigRepoHarness() => CacheRoot = Directory.CreateTempSubdirectory("pipelines-cache-").FullName;

    public string CacheRoot { get; }

    public StringWriter Output { get; } = new();

    public ILog Log => TextLog.To(Output, verbose: true);

    public ConfigRepository Repository(string url, GitCredentials? credentials = null, int pushAttempts = 5, string? cacheRoot = null) =>
        new(new ConfigRepoOptions(RemoteUrl.Parse(url, Directory.GetCurrentDirectory()), "main", credentials, cacheRoot ?? CacheRoot, pushAttempts,
            new CommitIdentity("Alice", "alice@example.com", "https://ci.example.com/job/7")), Log);

    /// <summary>An update that appends a line to a file: easy to check that every update landed exactly once.</summary>
    public static ConfigUpdate AppendLine(string path, string line) => snapshot =>
    {
        var text = snapshot.ReadText(path) ?? "";
        if (text.Split('\n').Contains(line)) return null;
        return new ConfigChange([new FileEdit(path, text + line + "\n")], Message(line));
    };

    public static ReleaseCommitMessage Message(string what) => new(
        $"Release {what}", ReleaseAction.Release, ReleaseId.New(DateTimeOffset.UtcNow), "staging",
        [new ContainerChange("sock-shop:deployment/front-end", "front-end", "front-end:1", what)], "Alice, https://ci.example.com/job/7");

    public void Dispose() => Directory.Delete(CacheRoot, recursive: true);
}

/// <summary>A lock that fails the test if taken.</summary>
internal sealed class ForbiddenLock : IGlobalLock
{
    public string Description => "forbidden";

    public Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The lock must not be taken when there is nothing to commit.");
}
