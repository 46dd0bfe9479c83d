using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class DockerConfigTests
{
    [Fact]
    public void Auths_are_found_by_host_whatever_the_key_is_written_as()
    {
        var config = DockerConfig.Parse("""
            {"auths":{
              "https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNzOndvcmQ="},
              "http://localhost:5000":{"username":"bob","password":"pw"},
              "quay.io":{"identitytoken":"refresh-me"}
            }}
            """, "config.json");

        Assert.Equal(("user", "pass:word"), (config.AuthFor("docker.io")!.Username, config.AuthFor("docker.io")!.Secret));
        Assert.Equal("bob", config.AuthFor("localhost:5000")!.Username);
        Assert.True(config.AuthFor("quay.io")!.IsIdentityToken);
        Assert.Null(config.AuthFor("ghcr.io"));
    }

    [Fact]
    public void A_registry_specific_helper_comes_before_the_default_store()
    {
        var config = DockerConfig.Parse("""{"credsStore":"desktop","credHelpers":{"gcr.io":"gcloud"}}""", "config.json");

        Assert.Equal("gcloud", config.HelperFor("gcr.io"));
        Assert.Equal("desktop", config.HelperFor("quay.io"));
    }

    [Fact]
    public void A_broken_auth_value_names_the_file_and_the_registry_but_not_the_value()
    {
        var dir = Directory.CreateTempSubdirectory("pipelines-docker-config").FullName;
        var path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, """{"auths":{"quay.io":{"auth":"%%%secret%%%"}}}""");

        var error = Assert.Throws<FormatException>(() => DockerConfig.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("docker login quay.io", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_empty_config()
    {
        Assert.Empty(DockerConfig.Load("/nonexistent/config.json").Auths);
    }

    [Fact]
    public void Options_and_credentials_never_print_secrets()
    {
        var options = new RegistryOptions { Username = "alice", Password = "hunter2-secret" };
        var credential = new RegistryCredential("alice", "hunter2-secret");

        Assert.DoesNotContain("hunter2", options.ToString());
        Assert.Contains("alice", options.ToString());
        Assert.DoesNotContain("hunter2", credential.ToString());
    }
}
