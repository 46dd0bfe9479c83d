using Pipelines.ConfigRepo;
using Pipelines.Locking;
using Pipelines.Releases;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ConfigRepo;

public sealed class ConfigRepositoryTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly ConfigRepoHarness _harness = new();

    public void Dispose()
    {
        _harness.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Update_commits_with_trailers_and_pushes_over_git_protocol()
    {
        _server.CreateRepository("config", ("environments/staging/app.yaml", "image: a:1\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));

        var result = await repository.UpdateAsync(ConfigRepoHarness.AppendLine("environments/staging/app.yaml", "image: a:2"), new NoLock());

        Assert.True(result.Pushed);
        Assert.Equal("image: a:1\nimage: a:2\n", _server.Show("config", "environments/staging/app.yaml"));
        var message = _server.Log("config", format: "%an <%ae>%n%B");
        Assert.StartsWith("Alice <alice@example.com>\nRelease image: a:2\n", message);
        Assert.Contains("Pipelines-Action: release\nPipelines-Release: rel-", message);
        Assert.Contains("Pipelines-Change: sock-shop:deployment/front-end front-end front-end:1 -> image: a:2", message);
        Assert.Contains("Pipelines-Cause: Alice, https://ci.example.com/job/7", message);
        Assert.Equal(2, _server.Log("config").Trim().Split('\n').Length);
    }

    [Fact]
    public async Task Nothing_to_commit_takes_no_lock_and_pushes_nothing()
    {
        _server.CreateRepository("config", ("app.yaml", "image: a:1\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));

        var result = await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "image: a:1"), new ForbiddenLock());

        Assert.False(result.Pushed);
        Assert.Single(_server.Log("config").Trim().Split('\n'));
    }

    [Fact]
    public async Task Remote_that_moved_before_the_push_gets_the_same_edit_on_its_new_head()
    {
        var bare = _server.CreateRepository("config", ("app.yaml", "base\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));
        var calls = new List<string?>();
        var competitorPushed = false;
        ConfigUpdate update = snapshot =>
        {
            calls.Add(snapshot.Commit);
            // Another CI job pushes between our fetch and our push, the first time we are called under the lock.
            if (calls.Count == 2 && !competitorPushed)
            {
                competitorPushed = true;
                Git.CommitAndPush(bare, "main", "competitor", ("other.yaml", "theirs\n"));
            }
            return ConfigRepoHarness.AppendLine("app.yaml", "ours")(snapshot);
        };

        var result = await repository.UpdateAsync(update, new NoLock());

        Assert.True(result.Pushed);
        Assert.Equal(2, result.Attempts);
        // Called on the first head before and under the lock, then again on the competitor's new head.
        Assert.Equal(3, calls.Count);
        Assert.Equal(calls[0], calls[1]);
        Assert.NotEqual(calls[1], calls[2]);
        Assert.Equal("Release ours\ncompetitor\nInitial manifests", _server.Log("config").Trim());
        Assert.Equal("theirs\n", _server.Show("config", "other.yaml"));
        Assert.Equal("base\nours\n", _server.Show("config", "app.yaml"));
        Assert.Contains("moved on the remote", _harness.Output.ToString());
    }

    [Fact]
    public async Task A_branch_set_back_meanwhile_refuses_the_push_by_its_lease_so_the_commits_removed_are_not_brought_back()
    {
        var bare = _server.CreateRepository("config", ("app.yaml", "base\n"));
        Git.CommitAndPush(bare, "main", "a mistake", ("app.yaml", "base\nmistake\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));
        var calls = 0;
        ConfigUpdate update = snapshot =>
        {
            // Someone resets main to before the mistake while we commit on top of it: our commit would fast-forward it.
            if (++calls == 2) Git.Run(bare, "--git-dir", bare, "update-ref", "refs/heads/main", "refs/heads/main~1");
            return ConfigRepoHarness.AppendLine("app.yaml", "ours")(snapshot);
        };

        var result = await repository.UpdateAsync(update, new NoLock());

        Assert.Equal(2, result.Attempts);
        Assert.Equal("base\nours\n", _server.Show("config", "app.yaml"));
        Assert.DoesNotContain("a mistake", _server.Log("config"));
        Assert.Contains("moved on the remote (refs/heads/main is at", _harness.Output.ToString());
    }

    [Fact]
    public async Task Edit_already_made_by_someone_else_meanwhile_is_not_committed_twice()
    {
        var bare = _server.CreateRepository("config", ("app.yaml", "base\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));
        var first = true;
        ConfigUpdate update = snapshot =>
        {
            if (first)
            {
                first = false;
                Git.CommitAndPush(bare, "main", "same edit by hand", ("app.yaml", "base\nours\n"));
            }
            return ConfigRepoHarness.AppendLine("app.yaml", "ours")(snapshot);
        };

        var result = await repository.UpdateAsync(update, new NoLock());

        Assert.False(result.Pushed);
        Assert.Equal("same edit by hand\nInitial manifests", _server.Log("config").Trim());
    }

    [Fact]
    public async Task Push_refused_every_time_fails_saying_nothing_was_pushed()
    {
        var bare = _server.CreateRepository("config", ("app.yaml", "base\n"));
        var repository = _harness.Repository(_server.GitUrl("config"), pushAttempts: 2);
        var n = 0;
        ConfigUpdate update = snapshot =>
        {
            Git.CommitAndPush(bare, "main", $"competitor {++n}", ($"other{n}.yaml", "x\n"));
            return ConfigRepoHarness.AppendLine("app.yaml", "ours")(snapshot);
        };

        var error = await FaultAssert.FailedAsync(() => repository.UpdateAsync(update, new NoLock()));

        Assert.Contains("refused the push 2 times", error.Message);
        Assert.Contains("Nothing was pushed and nothing is lost", error.Message);
        Assert.DoesNotContain("Release ours", _server.Log("config"));
    }

    [Fact]
    public async Task Update_that_no_longer_applies_pushes_nothing_and_says_why()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));
        var calls = 0;
        ConfigUpdate update = snapshot => ++calls == 1
            ? ConfigRepoHarness.AppendLine("app.yaml", "ours")(snapshot)
            : throw new InvalidOperationException("workload sock-shop:deployment/front-end was removed from environments/staging");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => repository.UpdateAsync(update, new NoLock()));
        Assert.Contains("was removed", error.Message);
        Assert.Single(_server.Log("config").Trim().Split('\n'));
    }

    [Fact]
    public async Task Empty_remote_gets_its_first_commit()
    {
        _server.CreateRepository("empty");
        var repository = _harness.Repository(_server.GitUrl("empty"));

        var result = await repository.UpdateAsync(ConfigRepoHarness.AppendLine("pipelines.yaml", "environments: {}"), new NoLock());

        Assert.True(result.Pushed);
        Assert.Equal("environments: {}\n", _server.Show("empty", "pipelines.yaml"));
    }

    [Theory]
    [InlineData("path")]
    [InlineData("file")]
    public async Task Local_paths_and_file_urls_work_too(string kind)
    {
        var bare = _server.CreateRepository("config", ("app.yaml", "base\n"));
        var repository = _harness.Repository(kind == "path" ? bare : new Uri(bare).AbsoluteUri);

        Assert.True((await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "ours"), new NoLock())).Pushed);
        Assert.Equal("base\nours\n", _server.Show("config", "app.yaml"));
    }

    [Fact]
    public async Task Cache_is_reused_across_runs_and_a_damaged_cache_is_fetched_anew()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        await _harness.Repository(_server.GitUrl("config")).UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "one"), new NoLock());
        var cacheFolder = Directory.GetDirectories(_harness.CacheRoot).Single();
        Assert.True(Directory.Exists(Path.Combine(cacheFolder, "cache.git", "objects")));

        File.WriteAllText(Path.Combine(cacheFolder, "cache.git", "HEAD"), "garbage");
        await _harness.Repository(_server.GitUrl("config")).UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "two"), new NoLock());

        Assert.Equal("base\none\ntwo\n", _server.Show("config", "app.yaml"));
        Assert.Contains("fetching it anew", _harness.Output.ToString());
    }

    [Fact]
    public async Task History_reads_the_tools_commits_newest_first_from_trailers()
    {
        var bare = _server.CreateRepository("config", ("app.yaml", "base\n"));
        var repository = _harness.Repository(_server.GitUrl("config"));
        await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "v1"), new NoLock());
        Git.CommitAndPush(bare, "main", "a hand-made commit", ("notes.txt", "x"));
        await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "v2"), new NoLock());

        var history = await ConfigHistory.ReadAsync(repository.Cache, "main", "staging", null, 10);

        Assert.Equal(["v2", "v1"], history.Select(h => h.Changes.Single().To));
        Assert.All(history, h => Assert.Equal(ReleaseAction.Release, h.Action));
        Assert.All(history, h => Assert.True(ReleaseId.IsValid(h.Release), h.Release));
        Assert.Empty(await ConfigHistory.ReadAsync(repository.Cache, "main", "production", null, 10));
    }

    [Fact]
    public async Task Smart_http_with_a_token_works_and_never_shows_the_token()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        using var http = new GitHttpServer(_server.Root, "ci-bot", "tok-3f9a7c1e5d");
        var good = _harness.Repository(http.Url("config"), GitCredentials.From(null, null, "tok-3f9a7c1e5d"));
        // GitCredentials.From with a token sends it as x-access-token's password; this server wants ci-bot.
        var withUser = _harness.Repository(http.Url("config"), GitCredentials.From("ci-bot", null, "tok-3f9a7c1e5d"));

        Assert.True((await withUser.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "over http"), new NoLock())).Pushed);
        Assert.Equal("base\nover http\n", _server.Show("config", "app.yaml"));

        var refused = await Assert.ThrowsAsync<GitRemoteException>(() => good.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "x"), new NoLock()));
        Assert.Contains(http.Url("config"), refused.Message);
        Assert.DoesNotContain("tok-3f9a7c1e5d", refused.ToString());
        Assert.DoesNotContain("tok-3f9a7c1e5d", _harness.Output.ToString());
    }

    [Fact]
    public async Task Password_written_into_the_url_is_used_but_never_shown()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        using var http = new GitHttpServer(_server.Root, "ci-bot", "pw-77c0ffee");
        var url = http.Url("config").Replace("http://", "http://ci-bot:pw-77c0ffee@");
        var remote = RemoteUrl.Parse(url, "/");

        Assert.DoesNotContain("pw-77c0ffee", remote.Display);
        Assert.DoesNotContain("pw-77c0ffee", remote.Value);
        Assert.True((await _harness.Repository(url).UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "embedded"), new NoLock())).Pushed);
        Assert.DoesNotContain("pw-77c0ffee", _harness.Output.ToString());
        var config = File.ReadAllText(Path.Combine(Directory.GetDirectories(_harness.CacheRoot).Single(), "cache.git", "config"));
        Assert.DoesNotContain("pw-77c0ffee", config);
    }
}
