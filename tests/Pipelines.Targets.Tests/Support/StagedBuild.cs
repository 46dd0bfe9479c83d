namespace Pipelines.Targets.Tests.Support;

/// <summary>Parameters two stages share, as a component: common ones marked for the global help, with short aliases.</summary>
internal interface ISharedParameters : IParameterComponent
{
    [Parameter("The environment to act on.", Short = 'e', Common = true)]
    string? Environment => this.Value<string?>();

    [Parameter("Result format.", Short = 'o', Common = true, RefusedWhereUnused = true)]
    OutputFormat Output => this.Value(OutputFormat.Text);
}

/// <summary>A build whose targets are grouped by stage and carry examples, as the product's are.</summary>
internal sealed class DeploySet : TargetSet, ISharedParameters
{
    public List<string> Seen { get; } = [];

    [Parameter("The image to deploy, as repository:tag.")] public string? Image { get; set; }
    [Parameter("Give up after this long.")] public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    public Target Deploy => _ => _
        .Description("Deploys an image to an environment and waits for it to roll out; the description is long enough that an 80-column terminal wraps it.")
        .Group("Stage one")
        .Requires(() => Image)
        .Example("./build.sh Deploy --image shop/carts:1.2.0 -e staging", "deploy one image to staging")
        .Example("./build.sh Deploy --image shop/carts:1.2.0 -e staging -o json")
        .Executes(() => Seen.Add($"{((ISharedParameters)this).Environment} {Image} {((ISharedParameters)this).Output}"));
}

internal sealed class ReportSet : TargetSet, ISharedParameters
{
    [Parameter("How many entries to show.")] public int Limit { get; set; } = 10;
    [Parameter("A message to record.")] public string? Message { get; set; }

    public List<string> Seen { get; } = [];

    public Target Report => _ => _
        .Description("Reports what ran.")
        .Group("Stage two")
        .Executes(() => Seen.Add($"{Limit} {Message}"));

    public Target Tidy => _ => _
        .Description("Tidies up.")
        .Executes(() => Seen.Add("tidy"));
}
