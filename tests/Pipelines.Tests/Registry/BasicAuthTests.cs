using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class BasicAuthTests(BasicAuthRegistry fixture) : IClassFixture<BasicAuthRegistry>
{
    const string User = TestRegistries.Username;
    const string Password = TestRegistries.Password;

    async Task<ImageReference> RepositoryWithTagAsync(string tag)
    {
        using var client = new RegistryClient(TestOptions.For(User, Password));
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(client, repository, tag);
        return repository;
    }

    [Fact]
    public async Task Username_and_password_parameters_list_tags()
    {
        var repository = await RepositoryWithTagAsync("1.0");
        using var client = new RegistryClient(TestOptions.For(User, Password));

        Assert.Equal(["1.0"], await client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task Anonymous_access_is_refused_with_advice_to_log_in()
    {
        var repository = await RepositoryWithTagAsync("1.0");
        using var client = new RegistryClient(TestOptions.For());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("anonymous access", error.Message);
        Assert.Contains("--registry-username", error.Message);
        Assert.Contains(fixture.Registry.Host, error.Message);
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_the_message_names_the_user_but_not_the_password()
    {
        var repository = await RepositoryWithTagAsync("1.0");
        const string wrong = "not-the-Password-42";
        using var client = new RegistryClient(TestOptions.For(User, wrong));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains($"user '{User}'", error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
    }

    [Fact]
    public async Task Credentials_come_from_docker_config_auths()
    {
        var repository = await RepositoryWithTagAsync("2.0");
        var dir = Directory.CreateTempSubdirectory("pipelines-docker-config").FullName;
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"));
        File.WriteAllText(Path.Combine(dir, "config.json"), $$"""{ "auths": { "http://{{fixture.Registry.Host}}": { "auth": "{{auth}}" } } }""");
        using var client = new RegistryClient(TestOptions.For() with { DockerConfigPath = Path.Combine(dir, "config.json") });

        Assert.Equal(["2.0"], await client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task Credentials_come_from_a_docker_credential_helper_named_in_cred_helpers()
    {
        var repository = await RepositoryWithTagAsync("3.0");
        var dir = Directory.CreateTempSubdirectory("pipelines-docker-config").FullName;
        var helper = Path.Combine(dir, "docker-credential-testvault");
        File.WriteAllText(helper, $$"""
            #!/bin/sh
            read registry
            [ "$1" = get ] && [ "$registry" = "{{fixture.Registry.Host}}" ] || exit 1
            echo '{"ServerURL":"{{fixture.Registry.Host}}","Username":"{{User}}","Secret":"{{Password}}"}'
            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "config.json"), $$"""{ "credHelpers": { "{{fixture.Registry.Host}}": "testvault" } }""");
        using var client = new RegistryClient(TestOptions.For() with { DockerConfigPath = Path.Combine(dir, "config.json") }, credentialHelperPath: [dir]);

        Assert.Equal(["3.0"], await client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task A_credential_helper_that_is_not_installed_is_named_in_the_error()
    {
        var repository = await RepositoryWithTagAsync("1.0");
        var dir = Directory.CreateTempSubdirectory("pipelines-docker-config").FullName;
        File.WriteAllText(Path.Combine(dir, "config.json"), """{ "credsStore": "nonexistent-store" }""");
        using var client = new RegistryClient(TestOptions.For() with { DockerConfigPath = Path.Combine(dir, "config.json") }, credentialHelperPath: [dir]);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Contains("docker-credential-nonexistent-store", error.Message);
    }

    [Fact]
    public async Task ListImages_with_a_broken_docker_config_exits_1_naming_the_file()
    {
        var repository = await RepositoryWithTagAsync("1.0");
        var dir = Directory.CreateTempSubdirectory("pipelines-docker-config").FullName;
        var path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, "{ not json");
        var log = new StringWriter();

        var exit = await new ListImagesCommand().RunAsync(
            new ListImagesOptions(repository.Name) { Registry = TestOptions.For() with { DockerConfigPath = path } }, new StringWriter(), log);

        Assert.Equal(1, exit);
        Assert.Contains(path, log.ToString());
        Assert.Contains("--registry-username", log.ToString());
    }
}
