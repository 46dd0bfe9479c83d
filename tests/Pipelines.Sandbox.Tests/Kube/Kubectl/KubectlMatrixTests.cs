using System.Text;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Kubectl;

/// <summary>
/// The contract with every kubectl on the machine (1.27 to 1.33): the realistic script of <see cref="KubectlScript"/>
/// against a fresh emulator per version. At least 95% of its steps pass on every version, and each step that does not is
/// listed, for that version, in the emulator README's table of kubectl gaps with its reason — so a gap is a decision,
/// written down, never a surprise.
/// </summary>
public sealed class KubectlMatrixTests
{
    public static TheoryData<string> Versions => new(global::Pipelines.Sandbox.Kube.Tools.Kubectl.Versions);

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Kubectl_passes_the_realistic_script_and_every_gap_is_written_down(string version)
    {
        var folder = Directory.CreateTempSubdirectory($"kubectl-{version}-").FullName;
        try
        {
            await using var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200), CrdEstablishDelay = TimeSpan.FromMilliseconds(300) });
            var kubectl = new global::Pipelines.Sandbox.Kube.Tools.Kubectl(emulator.WriteKubeconfig(Path.Combine(folder, "kubeconfig")), Path.Combine(folder, "cache"), version);
            KubectlScript.WriteFiles(folder);
            var failed = new List<(string Id, string Output)>();
            var steps = KubectlScript.Steps(folder);
            foreach (var step in steps)
            {
                var (code, output) = await kubectl.Run(step.Environment ?? new Dictionary<string, string>(), step.Arguments);
                if (!step.Passing.Contains(code)) failed.Add((step.Id, $"exit {code}: {output.Trim()}"));
            }

            var known = KnownGaps(version);
            var report = new StringBuilder($"kubectl {version}: {steps.Count - failed.Count} of {steps.Count} steps passed.\n");
            foreach (var (id, output) in failed) report.AppendLine($"  {id}{(known.Contains(id) ? " (known gap)" : "")}: {output}");
            var unlisted = failed.Where(f => !known.Contains(f.Id)).ToList();
            Assert.True(unlisted.Count == 0, "steps that fail without being listed in src/Pipelines.Sandbox/README.md:\n" + report);
            Assert.True(steps.Count - failed.Count >= 0.95 * steps.Count, "less than 95% passed:\n" + report);
            Assert.True(failed.Count == known.Count(id => steps.Any(s => s.Id == id)), "the README lists gaps that pass now; take them out:\n" + report);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The README's "kubectl gaps" table: lines <c>| step | versions | reason |</c>, versions as "all" or a list.</summary>
    private static HashSet<string> KnownGaps(string version)
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src", "Pipelines.Sandbox", "README.md"));
        var start = Array.FindIndex(readme, l => l.StartsWith("### kubectl gaps", StringComparison.Ordinal));
        var gaps = new HashSet<string>(StringComparer.Ordinal);
        if (start < 0) return gaps;
        foreach (var line in readme.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            var id = cells[1].Trim('`');
            var versions = cells[2];
            if (versions == "all" || versions.Split(',', StringSplitOptions.TrimEntries).Contains(version)) gaps.Add(id);
        }
        return gaps;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipelines.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"no Pipelines.sln above {AppContext.BaseDirectory}");
    }
}
