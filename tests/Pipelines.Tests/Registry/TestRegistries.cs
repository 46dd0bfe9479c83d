using Pipelines.Sandbox.Registry;

namespace Pipelines.Tests.Registry;

/// <summary>The sandbox's <see cref="DistributionRegistry"/> in the shapes the tests use, with one known user.</summary>
public static class TestRegistries
{
    public const string Username = "alice";
    public const string Password = "s3cret-Passw0rd";

    public static Task<DistributionRegistry> StartAnonymousAsync() => DistributionRegistry.StartAsync();

    public static Task<DistributionRegistry> StartWithSelfSignedTlsAsync() => DistributionRegistry.StartAsync(new RegistryLaunchOptions { SelfSignedTls = true });

    public static Task<DistributionRegistry> StartWithBasicAuthAsync() => DistributionRegistry.StartAsync(new RegistryLaunchOptions { BasicAuth = (Username, Password) });

    public static Task<DistributionRegistry> StartWithTokenAuthAsync(TokenServer tokens) => DistributionRegistry.StartAsync(new RegistryLaunchOptions
    {
        Token = new TokenAuth(tokens.Realm, TokenServer.Service, TokenServer.Issuer, tokens.CertificatePem),
    });
}
