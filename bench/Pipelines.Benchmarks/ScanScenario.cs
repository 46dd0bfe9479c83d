using System.Diagnostics;
using System.Globalization;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Manifests;

namespace Pipelines.Benchmarks;

/// <summary>
/// Scans one environment of a config repo as a release reads it: a new snapshot of the commit (as every run opens one),
/// pipelines.yaml, then <see cref="EnvironmentScan"/> over the environment's files. Prints each pass's time in
/// milliseconds on a line of its own (<c>pass 1 812.4 ms, …</c>) with what it allocated, the first one paying for the JIT as a CLI run does;
/// bench/scripts/scan-vs-pyyaml.sh compares them with PyYAML parsing the same files.
/// </summary>
static class ScanScenario
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var remote = Argument(args, "--remote") ?? throw new ArgumentException("scan --remote <bare repository> [--environment staging] [--passes 3]");
        var environmentName = Argument(args, "--environment") ?? "staging";
        var passes = int.Parse(Argument(args, "--passes") ?? "3", CultureInfo.InvariantCulture);
        var cache = Directory.CreateTempSubdirectory("pipelines-bench-scan-").FullName;
        try
        {
            var repository = new ConfigRepository(new ConfigRepoOptions(RemoteUrl.Parse(remote, Directory.GetCurrentDirectory()), "main", null, cache, 1,
                new CommitIdentity("bench", "bench@pipelines", null)), TextLog.To(TextWriter.Null));
            string commit;
            using (var fetched = await repository.ReadAsync()) commit = fetched.Commit!;
            for (var pass = 1; pass <= passes; pass++)
            {
                var allocated = GC.GetTotalAllocatedBytes();
                var clock = Stopwatch.StartNew();
                using var snapshot = repository.SnapshotAt(commit);
                var environment = PipelinesConfig.Parse(snapshot.ReadText(PipelinesConfig.FileName)!).Environment(environmentName);
                var workloads = EnvironmentScan.Read(snapshot.AsRepoFiles(), environment).Workloads.Count;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {pass} {clock.Elapsed.TotalMilliseconds:0.0} ms, {workloads} workloads, {(GC.GetTotalAllocatedBytes() - allocated) / 1048576.0:0} MiB allocated"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static string? Argument(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
