using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Tests.Registry;

/// <summary>One registry per test class; each test uses its own repository name, so tests do not see each other's tags.</summary>
public abstract class RegistryFixture : IAsyncLifetime
{
    DistributionRegistry? _registry;

    public DistributionRegistry Registry => _registry ?? throw new InvalidOperationException("The registry fixture has not started.");

    protected abstract Task<DistributionRegistry> StartAsync();

    public async Task InitializeAsync() => _registry = await StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (_registry is not null)
            await _registry.DisposeAsync();
    }

    /// <summary>A repository name no other test uses.</summary>
    public ImageReference NewRepository(string name = "app") =>
        ImageReference.Parse($"{Registry.Host}/tests/{name}-{Guid.NewGuid().ToString("N")[..8]}");
}

public sealed class AnonymousRegistry : RegistryFixture
{
    protected override Task<DistributionRegistry> StartAsync() => TestRegistries.StartAnonymousAsync();
}

public sealed class BasicAuthRegistry : RegistryFixture
{
    protected override Task<DistributionRegistry> StartAsync() => TestRegistries.StartWithBasicAuthAsync();
}

public sealed class TokenAuthRegistry : RegistryFixture
{
    TokenServer? _tokens;

    public TokenServer Tokens => _tokens ?? throw new InvalidOperationException("The token server has not started.");

    protected override Task<DistributionRegistry> StartAsync()
    {
        _tokens = TokenServer.Start(new Dictionary<string, string> { [TestRegistries.Username] = TestRegistries.Password });
        return TestRegistries.StartWithTokenAuthAsync(_tokens);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _tokens?.Dispose();
    }
}

/// <summary>Options for tests: a private cache folder, no Docker config of the machine, quick retries.</summary>
public static class TestOptions
{
    public static RegistryOptions For(string? username = null, string? password = null) => new()
    {
        Username = username,
        Password = password,
        CacheDirectory = Path.Combine(Path.GetTempPath(), "pipelines-cache-" + Guid.NewGuid().ToString("N")[..12]),
        DockerConfigPath = Path.Combine(Path.GetTempPath(), "pipelines-no-docker-config", "config.json"),
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };
}
