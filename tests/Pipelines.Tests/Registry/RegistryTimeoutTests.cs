using System.Diagnostics;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Sandbox.Registry;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Registry;

/// <summary>--registry-timeout bounds every registry call: a registry or token server that accepts connections and never
/// answers, or the real registry frozen with SIGSTOP, is reported as not answering within the timeout, naming it.</summary>
public sealed class RegistryTimeoutTests
{
    private static RegistryOptions Options() => TestOptions.For() with { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 0 };

    [Fact]
    public async Task A_registry_that_accepts_and_never_answers_is_reported_naming_it_and_registry_timeout()
    {
        using var silent = new SilentServer();
        using var client = new RegistryClient(Options());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(ImageReference.Parse($"127.0.0.1:{silent.Port}/shop/carts")).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(RegistryErrorKind.Unreachable, error.Kind);
        Assert.Contains($"Registry 127.0.0.1:{silent.Port} did not answer within 1 s", error.Message);
        Assert.Contains("raise --registry-timeout", error.Message);
    }

    [Fact]
    public async Task The_real_registry_frozen_with_sigstop_is_reported_as_not_answering()
    {
        await using var registry = await TestRegistries.StartAnonymousAsync();
        using var client = new RegistryClient(Options());
        Signal("STOP", registry.ProcessId);
        try
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(ImageReference.Parse($"{registry.Host}/shop/carts")).WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains($"Registry {registry.Host} did not answer within 1 s", error.Message);
        }
        finally
        {
            Signal("CONT", registry.ProcessId);
        }
    }

    [Fact]
    public async Task A_token_server_that_never_answers_is_reported_naming_it()
    {
        using var silent = new SilentServer();
        using var signer = TokenServer.Start(new Dictionary<string, string>());
        await using var registry = await DistributionRegistry.StartAsync(new RegistryLaunchOptions
        {
            Token = new TokenAuth($"http://127.0.0.1:{silent.Port}/token", TokenServer.Service, TokenServer.Issuer, signer.CertificatePem),
        });
        using var client = new RegistryClient(Options());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(ImageReference.Parse($"{registry.Host}/shop/carts")).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains($"The token server http://127.0.0.1:{silent.Port}/token that registry {registry.Host} sends clients to did not answer within 1 s", error.Message);
        Assert.Contains("--registry-timeout", error.Message);
    }

    private static void Signal(string signal, int pid)
    {
        foreach (var each in ProcessTree.Of(pid))
        {
            using var kill = Process.Start("kill", [$"-{signal}", each.ToString()])!;
            kill.WaitForExit();
        }
    }
}
