using Pipelines.Diagnostics;
using Pipelines.ConfigRepo;
using Pipelines.Locking;
using Pipelines.Targets;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>
/// Config repos over ssh, through the machine's OpenSSH as libgit2's exec transport runs it, against a real sshd.
/// GIT_SSH_COMMAND is process-wide, so these tests share one collection and set it themselves.
/// </summary>
[Collection(nameof(SshRemoteTests))]
public sealed class SshRemoteTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly ConfigRepoHarness _harness = new();
    private readonly SshGitServer _ssh;

    public SshRemoteTests()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        _ssh = new SshGitServer(_server.Root);
    }

    public void Dispose()
    {
        SshGitServer.SetGitSshCommand(null);
        _ssh.Dispose();
        _harness.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Ssh_and_scp_like_urls_update_the_config_repo_under_the_git_lock()
    {
        SshGitServer.SetGitSshCommand(_ssh.SshCommand());

        foreach (var (url, line) in new[] { (_ssh.SshUrl("config"), "over ssh://"), (_ssh.ScpLikeUrl("config"), "over scp-like") })
        {
            var repository = _harness.Repository(url, cacheRoot: Directory.CreateTempSubdirectory("pipelines-ssh-cache-").FullName);
            var owner = new LockOwner($"alice@test/{Guid.NewGuid():N}", "alice", "test-host", null);
            var gitLock = new GitLock(repository.Cache, "pipelines-lock", owner, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(60), _harness.Log);

            var result = await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", line), gitLock);

            Assert.True(result.Pushed, _harness.Output.ToString());
        }
        Assert.Equal("base\nover ssh://\nover scp-like\n", _server.Show("config", "app.yaml"));
        Assert.Contains("Lock released", _harness.Output.ToString());
        Assert.Contains("free", _server.Log("config", "pipelines-lock", "%B"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_key_the_server_refuses_fails_naming_the_remote_and_what_to_check()
    {
        SshGitServer.SetGitSshCommand(_ssh.SshCommand(authorizedKey: false));
        var repository = _harness.Repository(_ssh.SshUrl("config"));

        var error = await Assert.ThrowsAsync<GitRemoteException>(() => repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "x"), new NoLock()));

        Assert.Contains(_ssh.SshUrl("config"), error.Message);
        Assert.Contains("OpenSSH", error.Message);
        Assert.Equal("base\n", _server.Show("config", "app.yaml"));
    }
}
