using Pipelines.Sandbox.Git;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>Bare repositories in a temp folder served by the real <c>git daemon</c> on 127.0.0.1, also reachable
/// as local paths and file:// URLs.</summary>
public sealed class GitServer : IDisposable
{
    private readonly GitDaemon _daemon = GitDaemon.Start(Directory.CreateTempSubdirectory("pipelines-gitserver-").FullName);

    public string Root => _daemon.Root;

    public string CreateRepository(string name, params (string Path, string Content)[] files) => _daemon.CreateRepository(name, files);

    public string GitUrl(string name) => _daemon.Url(name);

    public string Log(string name, string branch = "main", string format = "%s") =>
        Git.Run(Root, "--git-dir", Path.Combine(Root, name + ".git"), "log", $"--format={format}", branch);

    public string Show(string name, string path, string branch = "main") =>
        Git.Run(Root, "--git-dir", Path.Combine(Root, name + ".git"), "show", $"{branch}:{path}");

    public void Dispose()
    {
        _daemon.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
