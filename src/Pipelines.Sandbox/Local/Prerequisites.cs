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
        await InstallAsync(needed.Where(n => Find(n.Program) is null).Select(n => n.Package).Distinct().ToList(), log, cancellationToken);
    }

    private static async Task InstallAsync(IReadOnlyList<string> missing, Log log, CancellationToken cancellationToken)
    {
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

    /// <summary>Packages whose files matter, not only a program on PATH (a dynamic busybox would not run on FROM scratch).</summary>
    public static async Task EnsurePackagesAsync(IReadOnlyList<string> packages, Log log, CancellationToken cancellationToken = default)
    {
        var missing = new List<string>();
        foreach (var package in packages)
        {
            var status = new List<string>();
            var exit = Find("dpkg-query") is null ? 1 : await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${Status}", package], status.Add, cancellationToken: cancellationToken);
            if (exit != 0 || !string.Concat(status).Contains("install ok installed", StringComparison.Ordinal)) missing.Add(package);
        }
        await InstallAsync(missing, log, cancellationToken);
    }

    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
