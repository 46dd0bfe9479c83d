using Pipelines.Sandbox.Demo;
using Pipelines.Sandbox.Local;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Targets;

/// <summary>The whole V1 → V3 story in one command, against the local sandbox.</summary>
public sealed class DemoTargets : TargetSet, ISandboxParameters
{
    public Target Demo => _ => _
        .Group(SandboxTargets.SandboxHeading)
        .Description("Starts the sandbox if needed and walks through V1 (CI deploys), V2 (config repo) and V3 (release manager) against it; exits 0 only when every step did what it said.")
        .Executes(async () =>
        {
            var paths = new SandboxPaths(Path.GetFullPath(((ISandboxParameters)this).SandboxDir ?? Path.Combine(Context.TempDirectory, "sandbox"), Context.WorkingDirectory), RootDirectory, Context.SettingsDirectory);
            await Prerequisites.EnsurePackagesAsync(["busybox-static"], Log);   // examples/app runs Debian's static busybox on FROM scratch
            var state = await new LocalSandbox(paths, Log).StartAsync();
            var report = await new DemoScript(paths, state, Log).RunAsync();
            Log.Info("");
            Log.Info("── What ran ──");
            foreach (var line in report.Summary()) Context.Results.WriteLine(line);
            Log.Info("");
            Log.Info("Where to look next:");
            Log.Info($"  kubectl --kubeconfig {Path.GetRelativePath(RootDirectory, paths.Kubeconfig)} --context production get deploy -n sock-shop -o wide");
            Log.Info($"  git clone {state.ConfigRepo} && git -C config log --format='%h %s%n%b' -5");
            Log.Info("  ./build.sh ListServices --profile sandbox --environment staging");
            Log.Info("  docs/getting-started.md: the same steps on your own cluster;  ./build.sh Sandbox --stop: stop the sandbox");
            if (!report.AllOk)
            {
                throw new BuildFailure($"{report.Steps.Count(s => !s.Ok)} of {report.Steps.Count} demo steps did not do what they said; see ✗ above (logs of the sandbox: {paths.Logs}).");
            }
        });
}
