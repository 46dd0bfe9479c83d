using Pipelines.Cli;
using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>A commit's trailers are a claim; its diff is what happened. A CI job can commit any message (or a person edit by
/// hand and paste trailers), so History and the rejections read from it believe an image change only when the diff makes it.</summary>
public sealed class UntrustedHistoryTests : IDisposable
{
    private const string File = "environments/staging/app.yaml";
    private const string Workload = "sock-shop:deployment/app";

    private readonly GitServer _server = new();
    private readonly ConfigRepoHarness _harness = new();
    private readonly TargetHarness _targets = new();
    private readonly string _bare;

    public UntrustedHistoryTests()
    {
        _bare = _server.CreateRepository("config", (File, Manifest("team/app:1.0.0")));
        // An honest release: the trailer says 1.0.0 -> 1.1.0 and the file says so too.
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Release, "team/app:1.0.0", "team/app:1.1.0"), (File, Manifest("team/app:1.1.0")));
    }

    public void Dispose()
    {
        _targets.Dispose();
        _harness.Dispose();
        _server.Dispose();
    }

    private static string Manifest(string image) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
        spec:
          template:
            spec:
              containers:
              - name: app
                image: {image}
        """ + "\n";

    private static string Message(ReleaseAction action, string from, string to) => new ReleaseCommitMessage(
        $"{action} {to}", action, ReleaseId.New(DateTimeOffset.UtcNow), "staging", [new ContainerChange(Workload, "app", from, to)], "mallory").Format();

    private Task<IReadOnlyList<HistoryEntry>> HistoryAsync() =>
        ConfigHistory.ReadAsync(_harness.Repository(_server.GitUrl("config")).Cache, "main", "staging", null, 10);

    [Fact]
    public async Task A_rollback_whose_diff_does_not_make_its_change_is_shown_untrusted_and_rejects_nothing()
    {
        // A CI job commits a README with a rollback's trailers: nothing was rolled back, so 1.1.0 must not become rejected.
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Rollback, "team/app:1.1.0", "team/app:1.0.0"), ("README.md", "hello\n"));

        var history = await HistoryAsync();

        Assert.Equal(2, history.Count);
        var forged = history[0];
        Assert.NotNull(forged.Untrusted);
        Assert.Contains("team/app:1.0.0", forged.Untrusted);
        Assert.Contains("not in the commit's diff", forged.Untrusted);
        Assert.Empty(forged.Changes);
        Assert.Null(history[1].Untrusted);
        Assert.Null(Rejections.From(history).Of("team/app:1.1.0"));
    }

    [Fact]
    public async Task A_rollback_that_changes_another_image_than_it_claims_is_untrusted()
    {
        // The diff does change the file, but to 0.9.0, not to the 1.0.0 the trailer claims.
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Rollback, "team/app:1.1.0", "team/app:1.0.0"), (File, Manifest("team/app:0.9.0")));

        var history = await HistoryAsync();

        Assert.NotNull(history[0].Untrusted);
        Assert.Null(Rejections.From(history).Of("team/app:1.1.0"));
    }

    [Fact]
    public async Task A_rollback_whose_diff_makes_its_change_is_trusted_and_rejects_what_it_left()
    {
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Rollback, "team/app:1.1.0", "team/app:1.0.0"), (File, Manifest("team/app:1.0.0")));

        var history = await HistoryAsync();

        Assert.All(history, entry => Assert.Null(entry.Untrusted));
        Assert.Equal(ReleaseAction.Rollback, history[0].Action);
        Assert.NotNull(Rejections.From(history).Of("team/app:1.1.0"));
    }

    [Fact]
    public async Task Rejections_at_a_snapshot_ignore_a_forged_rollback_and_a_forged_release_that_would_clear_a_real_one()
    {
        // What Release, automation and ListServices read: the snapshot's rejections.
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Rollback, "team/app:1.1.0", "team/app:1.0.0"), ("README.md", "forged\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));
        using (var forged = await repository.ReadAsync())
        {
            Assert.Empty(forged.Rejections("staging").All);
        }

        // A real rollback rejects 1.1.0; a forged release of 1.1.0 (its diff sets nothing) must not clear that.
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Rollback, "team/app:1.1.0", "team/app:1.0.0"), (File, Manifest("team/app:1.0.0")));
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Release, "team/app:1.0.0", "team/app:1.1.0"), ("README.md", "forged again\n"));
        using var snapshot = await repository.ReadAsync();

        Assert.NotNull(snapshot.Rejections("staging").Of("team/app:1.1.0"));
    }

    [Fact]
    public async Task History_marks_the_untrusted_commit_and_says_why()
    {
        Git.CommitAndPush(_bare, "main", Message(ReleaseAction.Rollback, "team/app:1.1.0", "team/app:1.0.0"), ("README.md", "hello\n"));

        var (exitCode, stdout, stderr) = await _targets.RunAsync(["History", "--config-repo", _server.GitUrl("config")], new ConfigRepoTargets());

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Contains("untrusted", lines[1]);
        // The entry's reason may wrap onto lines of its own under CHANGE; read as one, it says why.
        var entry = string.Join(" ", lines.Skip(1).TakeWhile((line, i) => i == 0 || line.StartsWith(' ')).Select(line => line.Trim()));
        Assert.Contains("not in the commit's diff", System.Text.RegularExpressions.Regex.Replace(entry, @"\s+", " "));
        Assert.Contains("release", lines.Skip(1).First(line => !line.StartsWith(' ') && !line.Contains("untrusted")));
    }
}
