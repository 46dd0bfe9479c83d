using Pipelines.Sandbox.Local;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Targets;

/// <summary>A local stand-in for everything Pipelines talks to, to try it before configuring anything.</summary>
public sealed class SandboxTargets : TargetSet, ISandboxParameters, ISandboxStopParameters
{
    /// <summary>Where <c>--help</c> lists the sandbox's targets (Sandbox, KubeEmulator, Demo).</summary>
    public const string SandboxHeading = "Sandbox (git, registry, Docker and Kubernetes on 127.0.0.1)";

    public SandboxPaths Paths => new(Path.GetFullPath(((ISandboxParameters)this).SandboxDir ?? Path.Combine(Context.TempDirectory, "sandbox"), Context.WorkingDirectory), RootDirectory, Context.SettingsDirectory);

    public Target Sandbox => _ => _
        .Group(SandboxHeading)
        .Example("./build.sh Sandbox", "start it; prints the config repo, registry and kubeconfig to use")
        .Example("./build.sh Sandbox --stop")
        .Description("Starts (or reuses) a local sandbox on 127.0.0.1: git server with the config repo, registry, Docker engine, Kubernetes API emulators; --stop stops it.")
        .Executes(async () =>
        {
            if (((ISandboxStopParameters)this).Stop)
            {
                await LocalSandbox.StopAsync(Paths.Directory, Log);
                if (File.Exists(Paths.ProfileFile)) File.Delete(Paths.ProfileFile);
                Log.Success("The sandbox is stopped and its folder removed.");
                return;
            }
            var state = await new LocalSandbox(Paths, Log).StartAsync();
            Describe(state);
        });

    private void Describe(SandboxState state)
    {
        var profile = Path.GetRelativePath(RootDirectory, Paths.ProfileFile);
        Log.Success("The sandbox is up:");
        Log.Info($"  config repo      {state.ConfigRepo}");
        Log.Info($"  registry         {state.Registry} (plain HTTP)");
        Log.Info($"  docker engine    {state.DockerHost}");
        foreach (var (environment, server) in state.Clusters) Log.Info($"  cluster          {server} ({environment}: kubeconfig context {environment})");
        Log.Info($"  parameters       {profile}: use them with --profile sandbox, e.g.");
        Log.Info("                   ./build.sh ListServices --profile sandbox --environment staging");
        Log.Info($"  kubectl          kubectl --kubeconfig {Paths.Kubeconfig} get deploy -A");
        Log.Info($"  git              git clone {state.ConfigRepo}");
        // The folder it was started in, when it is not the default: a stop without it would look in the default one.
        var where = ((ISandboxParameters)this).SandboxDir is null ? "" : " --sandbox-dir " + ShellWord.Quote(Paths.Directory);
        Log.Info($"  stop it          ./build.sh Sandbox --stop{where}");
        Context.Results.WriteLine(Paths.Kubeconfig);
    }
}
