using System.Net;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Server;

/// <summary>The API answers a broken config repo with the status that says whose fault it is: 422 and the file, not a 5xx.</summary>
public sealed class WatchApiFaultTests : IDisposable
{
    private readonly GitServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_config_repo_without_pipelines_yaml_answers_422_saying_what_to_add()
    {
        _server.CreateRepository("config", ("README.md", "# not a config repo yet\n"));
        await using var watch = await WatchHarness.StartAsync(_server.GitUrl("config"), TimeSpan.FromHours(1), automation: false);
        using var client = watch.Client(WatchHarness.ReadToken);

        var response = await client.GetAsync("/api/environments");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("has no pipelines.yaml at main", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_pipelines_yaml_that_repeats_an_environment_answers_422_naming_file_line_and_key()
    {
        _server.CreateRepository("config", ("pipelines.yaml", "environments:\n  staging:\n    path: a\n  staging:\n    path: b\n"));
        await using var watch = await WatchHarness.StartAsync(_server.GitUrl("config"), TimeSpan.FromHours(1), automation: false);
        using var client = watch.Client(WatchHarness.ReadToken);

        var response = await client.GetAsync("/api/environments");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("pipelines.yaml:4:3: repeats the key 'staging' (first at line 2)", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_access_section_answers_422_naming_the_line_and_the_roles_to_write()
    {
        _server.CreateRepository("config", ("pipelines.yaml", "environments:\n  staging:\n    path: a\naccess:\n  staging:\n    deployers: [group:ops]\n"));
        await using var watch = await WatchHarness.StartAsync(_server.GitUrl("config"), TimeSpan.FromHours(1), automation: false);
        using var client = watch.Client(WatchHarness.OperatorToken);

        var response = await client.PostAsync("/api/environments/staging/services/default/web/lock", new StringContent("{\"message\":\"x\"}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("pipelines.yaml:6:5: access of 'staging': unknown role 'deployers'; write one of: viewer, deployer, approver, admin",
            await response.Content.ReadAsStringAsync());
    }
}
