using Pipelines.Targets;

namespace Pipelines.Sandbox.Local;

/// <summary>
/// The programs the sandbox runs, and the Debian packages they come in. Missing ones are installed with
/// apt-get when running as root on Debian/Ubuntu; otherwise the error names the packages to install.
/// </summary>
public static class Prerequisites
{
    public static readonly (string Program, string Package)[] Always = [("git", "git"), ("docker-registry", "docker-registry"), ("setsid", "util-linux")];

    public static readonly (string Program, string Package)[] ForDocker = [("dockerd", "docker.io"), ("busybox", "busybox-static")];

    public static async Task EnsureAsync(IEnumerable<(string Program, string Package)> needed, Log log, CancellationToken cancellationToken = default)
    {
        var missing = needed.Where(n => Find(n.Program) is null).Select(n => n.Package).Distinct().ToList();
        if (missing.Count == 0) return;
        if (!Environment.IsPrivilegedProcess || Find("apt-get") is null)
        {
            throw new BuildFailure($"the sandbox needs the Debian/Ubuntu packages {string.Join(" ", missing)}; install them (sudo apt-get install {string.Join(" ", missing)}) and run again.");
        }
        log.Info($"Installing {string.Join(" ", missing)} with apt-get (the sandbox runs them).");
        var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await ProcessRunner.RunAsync("apt-get", ["update", "-qq"], log.Debug, environment: environment, cancellationToken: cancellationToken);
        var exit = await ProcessRunner.RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", .. missing], log.Info, environment: environment, cancellationToken: cancellationToken);
        if (exit != 0) throw new BuildFailure($"apt-get install {string.Join(" ", missing)} failed (exit code {exit}); install them by hand and run again.");
    }

    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
