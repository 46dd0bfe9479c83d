using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Releases;

/// <summary><c>ListImages --service</c> (issue 24): a container's tags newest first as fluxctl lists them, against a real git
/// server and registry — '-&gt; on the running tag, | above it, and marks on tags the filter does not allow or a rollback rejected.</summary>
public sealed class ListImagesServiceTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Front_end_shows_its_tags_newest_first_with_the_running_one_and_what_its_filter_refuses()
    {
        await _world.PushUsualAsync();   // front-end 1.0.0, 1.0.1, 1.1.0; staging runs 1.0.0 with semver:~1.0

        var (exitCode, stdout, stderr) = await _world.Run("ListImages", "-s", "front-end", "-e", "staging", "--container", "front-end");

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^WORKLOAD\s+CONTAINER\s+IMAGE\s+CREATED$", lines[0]);
        Assert.Matches(@"^sock-shop:deployment/front-end\s+front-end\s+t[0-9a-f]{8}/front-end \(semver:~1\.0\)$", lines[1]);   // the shared registry dropped
        Assert.Matches(@"^\s+\|   1\.1\.0\s+2026-01-0\d \d\d:\d\d\s+filtered out$", lines[2]);
        Assert.Matches(@"^\s+\|   1\.0\.1\s+2026-01-0\d \d\d:\d\d$", lines[3]);
        Assert.Matches(@"^\s+'-> 1\.0\.0\s+2026-01-0\d \d\d:\d\d$", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task The_limit_keeps_the_running_tag_and_json_gives_the_marks_as_values()
    {
        await _world.PushUsualAsync();

        var (exitCode, stdout, stderr) = await _world.Run("ListImages", "-s", "front-end", "-e", "staging", "--container", "front-end", "--limit", "1", "-o", "json");

        Assert.True(exitCode == 0, stderr);
        var container = Schemas.AssertConforms(stdout)["items"]!.AsArray().Single()!;
        Assert.Equal(3, (int)container["total"]!);
        Assert.Equal(["1.1.0", "1.0.0"], container["images"]!.AsArray().Select(i => (string)i!["tag"]!));
        Assert.Equal([false, true], container["images"]!.AsArray().Select(i => (bool)i!["running"]!));
        Assert.Equal([false, true], container["images"]!.AsArray().Select(i => (bool)i!["allowed"]!));
    }

    [Fact]
    public async Task A_tag_a_rollback_rejected_is_marked_with_the_rollback_that_rejected_it()
    {
        await _world.PushUsualAsync();
        Assert.Equal(0, (await _world.Run("Release", "-e", "staging", "-s", "carts", "--image", _world.Image("carts", "1.2.0"))).ExitCode);
        Assert.Equal(0, (await _world.Run("Rollback", "-e", "staging", "-s", "carts")).ExitCode);

        var (exitCode, stdout, stderr) = await _world.Run("ListImages", "-s", "carts", "-e", "staging", "-o", "wide");   // wide: each mark on its row's line

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"\|   1\.2\.0\s+\S+ \S+\s+rejected \(rel-[0-9a-z]+\)\n", stdout);
        Assert.Matches(@"'-> 1\.0\.0", stdout);
    }

    [Fact]
    public async Task Without_an_environment_every_environment_with_the_service_is_listed()
    {
        await _world.PushUsualAsync();

        var (exitCode, stdout, stderr) = await _world.Run("ListImages", "-s", "carts");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("staging sock-shop:deployment/carts", stdout);
        Assert.Contains("production shop-production:deployment/carts", stdout);
    }

    [Fact]
    public async Task An_unknown_service_is_a_usage_error_naming_the_workloads_there_are()
    {
        var (exitCode, _, stderr) = await _world.Run("ListImages", "-s", "cart", "-e", "staging");

        Assert.Equal(2, exitCode);
        Assert.Contains("--service cart: no such workload in staging. Workloads: sock-shop:deployment/carts", stderr);
    }
}
