using Pipelines.Cli;
using Pipelines.Targets;

namespace Pipelines.Tests.ProductTargets;

/// <summary>Watch's console sign-in parameters: mistakes are usage errors (exit 2) that say what to give, before anything
/// starts, and never print the client secret.</summary>
public sealed class WatchSignInParameterTests : IDisposable
{
    private const string Secret = "client-secret-never-printed-0123";
    private readonly TargetHarness _targets = new();

    public void Dispose() => _targets.Dispose();

    private Task<(int ExitCode, string Stdout, string Stderr)> Watch(params string[] args) =>
        _targets.RunAsync(["Watch", "--config-repo", "git://127.0.0.1:9/config.git", "--listen", "127.0.0.1:0", .. args], new WatchTargets());

    [Theory]
    [InlineData("--ui-oidc-authority https://login.example.com/realms/platform", "--ui-oidc-authority needs --ui-oidc-client-id, the console's client id at the provider.")]
    [InlineData("--ui-oidc-client-id console", "--ui-oidc-client-id needs --ui-oidc-authority, the provider's issuer URL.")]
    [InlineData("--ui-oidc-authority login.example.com --ui-oidc-client-id console", "--ui-oidc-authority login.example.com: not a URL; give the provider's issuer URL")]
    [InlineData("--ui-oidc-authority http://login.example.com/ --ui-oidc-client-id console", "--ui-oidc-authority http://login.example.com/: use https;")]
    [InlineData("--ui-oidc-authority https://login.example.com/ --ui-oidc-client-id console --ui-oidc-client-secret-file missing.txt",
        "--ui-oidc-client-secret-file missing.txt: no such file.")]
    [InlineData("--ui-keys-dir keys --ui-keys-secret pipelines/keys", "--ui-keys-dir and --ui-keys-secret both say where session keys go; give one.")]
    [InlineData("--commit-url https://git.example.com/platform/config/commit/", "--commit-url https://git.example.com/platform/config/commit/: write an http(s) address with {commit}")]
    [InlineData("--commit-url git.example.com/commit/{commit}", "--commit-url git.example.com/commit/{commit}: write an http(s) address with {commit}")]
    public async Task A_sign_in_mistake_is_a_usage_error_that_says_what_to_give(string args, string message)
    {
        _targets.Environment["PIPELINES_UI_OIDC_CLIENT_SECRET"] = Secret;

        var (exitCode, stdout, stderr) = await Watch(args.Split(' '));

        Assert.Equal(Runner.UsageError, exitCode);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain(Secret, stdout + stderr);
    }

    [Fact]
    public async Task A_provider_without_a_client_secret_says_where_to_put_it()
    {
        var (exitCode, _, stderr) = await Watch("--ui-oidc-authority", "https://login.example.com/", "--ui-oidc-client-id", "console");

        Assert.Equal(Runner.UsageError, exitCode);
        Assert.Contains("--ui-oidc-authority needs the console's client secret: set PIPELINES_UI_OIDC_CLIENT_SECRET or give --ui-oidc-client-secret-file.", stderr);
    }
}
