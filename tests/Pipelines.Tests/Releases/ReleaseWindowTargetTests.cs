using Pipelines.Tests.Documents;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Releases;

/// <summary>
/// Release windows against real git and the registry (issue 25): while an environment's windows are closed, automation holds
/// its changes back and Promote is refused, unless a person forces it with a message the report and the commit carry; a
/// person's own Release is not held. A window that is always closed stands in for "outside business hours".
/// </summary>
public sealed class ReleaseWindowTargetTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    private void CloseWindowsOf(string environment)
    {
        var yaml = _world.Show("pipelines.yaml");
        var at = yaml.IndexOf($"  {environment}:\n", StringComparison.Ordinal) + $"  {environment}:\n".Length;
        _world.CommitFile("pipelines.yaml", yaml.Insert(at, "    windows: [ { deny: \"* 00:00-24:00\", timeZone: Europe/London } ]\n"));
    }

    [Fact]
    public async Task A_promotion_into_closed_windows_is_refused_and_goes_through_forced_with_a_message()
    {
        await _world.PushUsualAsync();
        Assert.Equal(0, (await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"))).ExitCode);
        CloseWindowsOf("production");
        var commits = _world.Commits();

        var (refused, _, why) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--force");

        Assert.Equal(1, refused);
        Assert.Contains("the release window is closed (deny * 00:00-24:00 Europe/London)", why);
        Assert.Contains("pass --force with --message", why);
        Assert.Equal(commits, _world.Commits());

        var (forced, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--force",
            "--message", "incident 42: the fix cannot wait for Monday", "--output", "json");

        Assert.True(forced == 0, stderr);
        var report = Schemas.AssertConforms(stdout);
        Assert.Contains(report["steps"]!.AsArray(), s => (string?)s!["kind"] == "note" && (string?)s["topic"] == "release-window"
            && ((string?)s["text"])!.Contains("promoted anyway (--force): incident 42"));
        Assert.Contains("carts:1.2.0", _world.Show("environments/production/carts.yaml"));
        Assert.Contains("incident 42: the fix cannot wait for Monday", _world.Log("%B"));
    }

    [Fact]
    public async Task Automation_holds_back_while_the_windows_are_closed_and_a_person_may_still_release()
    {
        await _world.PushUsualAsync();
        CloseWindowsOf("staging");
        var commits = _world.Commits();

        var (_, automated, _) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");

        var carts = Schemas.AssertConforms(automated)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!;
        Assert.Equal("skipped", (string?)carts["status"]);
        Assert.StartsWith("held back: the release window is closed (deny * 00:00-24:00 Europe/London)", (string?)carts["reason"]);
        Assert.Equal(commits, _world.Commits());

        var (released, _, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        Assert.True(released == 0, stderr);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));
    }
}
