using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Releases;

/// <summary>Mistakes give a clear error naming the thing, exit 2 for usage, and leave the config repo untouched.</summary>
public sealed class BadInputTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    private async Task<string> Fails(int expectedExitCode, string target, params string[] args)
    {
        var (exitCode, _, stderr) = await _world.Run(target, args);
        Assert.True(exitCode == expectedExitCode, $"exit {exitCode}: {stderr}");
        Assert.Equal(1, _world.Commits());
        return stderr;
    }

    [Fact]
    public async Task Unknown_environment_exits_2_naming_the_environments()
    {
        var stderr = await Fails(2, "Release", "--environment", "qa", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));
        Assert.Contains("--environment qa: no such environment in pipelines.yaml; environments: staging, production.", stderr);
    }

    [Fact]
    public async Task Unknown_service_exits_2_suggesting_near_names()
    {
        var stderr = await Fails(2, "Release", "--environment", "staging", "--service", "crts", "--image", _world.Image("carts", "1.2.0"));
        Assert.Contains("--service crts: no such workload in staging", stderr);
        Assert.Contains("Did you mean carts", stderr);
        stderr = await Fails(2, "Rollback", "--environment", "staging", "--service", "crts");
        Assert.Contains("--service crts: no such workload", stderr);
        stderr = await Fails(2, "Lock", "--environment", "staging", "--service", "crts", "--message", "m");
        Assert.Contains("--service crts: no such workload", stderr);
    }

    [Fact]
    public async Task Invalid_image_reference_exits_2_naming_the_part_that_is_wrong()
    {
        var stderr = await Fails(2, "Release", "--environment", "staging", "--service", "carts", "--image", "Registry.example.com/Carts:1.0");
        Assert.Contains("--image: 'Registry.example.com/Carts:1.0' is not a valid image reference", stderr);
        stderr = await Fails(2, "Release", "--environment", "staging", "--service", "carts", "--image", "registry.example.com/team/carts");
        Assert.Contains("has no tag", stderr);
    }

    [Fact]
    public async Task Missing_or_contradictory_choices_exit_2_saying_what_to_write()
    {
        Assert.Contains("Name what to release: --service <name> (repeatable) or --all.", await Fails(2, "Release", "--environment", "staging", "--update-all-images"));
        Assert.Contains("--image <reference> or --update-all-images", await Fails(2, "Release", "--environment", "staging", "--all"));
        Assert.Contains("Release requires --environment", await Fails(2, "Release", "--all", "--update-all-images"));
        Assert.Contains("give one --service", await Fails(2, "Rollback", "--environment", "staging", "--service", "carts", "orders"));
    }

    [Fact]
    public async Task Malformed_pipelines_yaml_fails_with_file_line_and_what_to_write()
    {
        Pipelines.Tests.ConfigRepo.Fixtures.Git.CommitAndPush(_world.Url, "main", "break it", ("pipelines.yaml", "environments:\n  staging:\n    pth: environments/staging\n"));
        var (exitCode, _, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));
        Assert.Equal(1, exitCode);
        Assert.Contains("pipelines.yaml:3:5: unknown key 'pth'; allowed here: path,", stderr);
        Assert.Equal(2, _world.Commits());
    }

    [Fact]
    public async Task Unreachable_config_repo_fails_naming_it()
    {
        var (exitCode, _, stderr) = await _world.RunRaw("Release", "--config-repo", "git://127.0.0.1:1/config.git", "--environment", "staging", "--service", "carts",
            "--image", _world.Image("carts", "1.2.0"), "--apply", "false", "--lock", "none");
        Assert.Equal(1, exitCode);
        Assert.Contains("git fetch of git://127.0.0.1:1/config.git failed", stderr);
    }

    [Fact]
    public async Task Unreachable_registry_fails_naming_it_before_anything_is_committed()
    {
        var stderr = await Fails(1, "Release", "--environment", "staging", "--all", "--image", "127.0.0.1:1/team/carts:1.2.0");
        Assert.Contains("127.0.0.1:1", stderr);
    }
}
