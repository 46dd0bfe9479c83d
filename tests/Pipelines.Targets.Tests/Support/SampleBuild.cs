namespace Pipelines.Targets.Tests.Support;

public enum OutputFormat
{
    Text,
    Json,
}

/// <summary>A build with every kind of declaration, recording which targets ran.</summary>
internal sealed class SampleBuild : TargetSet
{
    public List<string> Ran { get; } = [];

    [Parameter("Environment to release to.")] public string? Environment { get; set; }
    [Parameter("Apply to the cluster after the push.")] public bool Apply = true;
    [Parameter("Push attempts before giving up.")] public int PushAttempts = 3;
    [Parameter("How long to wait for a rollout.")] public TimeSpan RolloutTimeout = TimeSpan.FromMinutes(5);
    [Parameter("Services to release.")] public string[] Services = [];
    [Parameter("Result format.")] public OutputFormat Output { get; set; }
    [Parameter("Kubeconfig file.", EnvironmentVariables = ["KUBECONFIG"])] public string? Kubeconfig { get; set; }
    [Parameter("Registry password."), Secret] public string? RegistryPassword { get; set; }
    [Parameter("Fail the Deploy target.")] public bool FailDeploy { get; set; }

    public Target Restore => _ => _
        .Description("Restores packages.")
        .Executes(() => Ran.Add(nameof(Restore)));

    public Target Compile => _ => _
        .Description("Compiles.")
        .DependsOn(Restore)
        .Executes(() => Ran.Add(nameof(Compile)));

    public Target Test => _ => _
        .Description("Tests.")
        .DependsOn(Compile)
        .Executes(() => Ran.Add(nameof(Test)));

    public Target Deploy => _ => _
        .Description("Deploys.")
        .DependsOn(Compile)
        .Requires(() => Environment)
        .Triggers(Notify)
        .Executes(() =>
        {
            Ran.Add(nameof(Deploy));
            Log.Info($"deploying with password {RegistryPassword}");
            Context.Results.WriteLine($"result: password {RegistryPassword}");
            if (FailDeploy) throw new BuildFailure($"rollout failed (password {RegistryPassword})");
        });

    public Target Notify => _ => _
        .Description("Notifies.")
        .OnlyWhen(() => Apply)
        .Executes(() => Ran.Add(nameof(Notify)));
}
