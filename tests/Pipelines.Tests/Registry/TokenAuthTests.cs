using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class TokenAuthTests(TokenAuthRegistry fixture) : IClassFixture<TokenAuthRegistry>
{
    const string User = TestRegistries.Username;
    const string Password = TestRegistries.Password;

    [Fact]
    public async Task Bearer_token_flow_pushes_and_lists_with_credentials()
    {
        using var client = new RegistryClient(TestOptions.For(User, Password));
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(client, repository, "1.0");

        Assert.Equal(["1.0"], await client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task A_token_is_reused_for_its_scope_until_it_expires()
    {
        var repository = fixture.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For(User, Password)))
            await TestImages.PushImageAsync(pusher, repository, "1.0");
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var client = new RegistryClient(TestOptions.For(User, Password), time: time);
        var before = fixture.Tokens.Requests;

        await client.ListTagsAsync(repository);
        await client.ListTagsAsync(repository);
        await client.GetManifestAsync(repository, "1.0");
        var afterReuse = fixture.Tokens.Requests;
        time.Advance(TimeSpan.FromSeconds(fixture.Tokens.ExpiresInSeconds));
        await client.ListTagsAsync(repository);

        Assert.Equal(before + 1, afterReuse);
        Assert.Equal(before + 2, fixture.Tokens.Requests);
    }

    [Fact]
    public async Task Anonymous_pull_gets_a_token_without_access_and_is_refused()
    {
        var repository = fixture.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For(User, Password)))
            await TestImages.PushImageAsync(pusher, repository, "1.0");
        using var client = new RegistryClient(TestOptions.For());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("anonymous access", error.Message);
    }

    [Fact]
    public async Task Wrong_password_is_refused_by_the_token_server_without_revealing_it()
    {
        var repository = fixture.NewRepository();
        const string wrong = "Wrong-Passw0rd-xyz";
        using var client = new RegistryClient(TestOptions.For(User, wrong));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("token server", error.Message);
        Assert.Contains(User, error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
    }

    [Fact]
    public async Task An_identity_token_from_docker_config_is_exchanged_by_the_OAuth2_refresh_token_grant()
    {
        var repository = fixture.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For(User, Password)))
            await TestImages.PushImageAsync(pusher, repository, "1.0");
        fixture.Tokens.RefreshTokens["refresh-" + Guid.NewGuid()] = User;
        var refresh = fixture.Tokens.RefreshTokens.Keys.Last();
        var dir = Directory.CreateTempSubdirectory("pipelines-docker-config").FullName;
        File.WriteAllText(Path.Combine(dir, "config.json"), $$"""{ "auths": { "{{fixture.Registry.Host}}": { "identitytoken": "{{refresh}}" } } }""");
        using var client = new RegistryClient(TestOptions.For() with { DockerConfigPath = Path.Combine(dir, "config.json") });

        Assert.Equal(["1.0"], await client.ListTagsAsync(repository));
    }
}
