using Pipelines.Images;
using Pipelines.Sandbox.Docker;
using Pipelines.Sandbox.Registry;
using Pipelines.Tests.ProductTargets;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Docker;

/// <summary>
/// One Docker engine for the whole test run (a private dockerd when none answers), an anonymous registry and
/// one that wants basic auth. Starting dockerd costs seconds, so every Docker test shares it.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    DockerEngine? _engine;
    DistributionRegistry? _registry;
    DistributionRegistry? _authRegistry;

    public DockerEngine Engine => _engine ?? throw new InvalidOperationException("The Docker fixture has not started.");

    public DistributionRegistry Registry => _registry ?? throw new InvalidOperationException("The Docker fixture has not started.");

    public DistributionRegistry AuthRegistry => _authRegistry ?? throw new InvalidOperationException("The Docker fixture has not started.");

    public async Task InitializeAsync()
    {
        // The engine first: it is the slow one, and if it cannot start the registries are not needed.
        _engine = await DockerEngine.StartOrFindAsync();
        _registry = await TestRegistries.StartAnonymousAsync();
        _authRegistry = await TestRegistries.StartWithBasicAuthAsync();
    }

    public async Task DisposeAsync()
    {
        if (_authRegistry is not null) await _authRegistry.DisposeAsync();
        if (_registry is not null) await _registry.DisposeAsync();
        if (_engine is not null) await _engine.DisposeAsync();
    }

    /// <summary>A repository no other test uses, in the given registry (default the anonymous one).</summary>
    public string NewRepository(DistributionRegistry? registry = null, string name = "app") =>
        $"{(registry ?? Registry).Host}/tests/{name}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A copy of examples/app with Debian's static busybox in it, as examples/app/prepare.sh makes it.</summary>
    public static string ExampleAppContext(string into)
    {
        var source = Path.Combine(BuiltCli.RepositoryRoot, "examples", "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(into, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        PlaceBusybox(into);
        return into;
    }

    public static void PlaceBusybox(string context)
    {
        if (!File.Exists("/bin/busybox"))
            throw new InvalidOperationException("/bin/busybox is missing: the Docker tests build FROM scratch with Debian's busybox-static (apt-get install busybox-static).");
        File.Copy("/bin/busybox", Path.Combine(context, "busybox"), overwrite: true);
    }

    public static ImageReference Parse(string text) => ImageReference.Parse(text);
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "Docker engine";
}
