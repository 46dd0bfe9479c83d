using Pipelines.Cli;
using Pipelines.Sandbox.Targets;
using Pipelines.Server;
using Pipelines.Targets;

/// <summary>
/// This repository's own build: compile, clean and test the solution. The product targets (BuildImage …
/// Watch) live in src/Pipelines and join here as they are written, so that `./build.sh` and the packaged
/// `pipelines` tool compose the same definitions.
/// </summary>
sealed class Build : TargetSet
{
    public static Task<int> Main(string[] args) => Runner.RunAsync(args,
        new RunnerSettings
        {
            SettingsFolder = ".nuke", ToolName = "./build.sh", DefaultTarget = nameof(Compile),
            GroupOrder = [Stages.V1, Stages.V2, Stages.V3, Stages.Inspect, SandboxTargets.SandboxHeading, ThisRepository],
        },
        [new Build(), .. ProductTargets.All(), new KubeEmulatorTargets(), new SandboxTargets(), new DemoTargets()]);

    [Parameter("Configuration to compile and test.")]
    public Configuration Configuration = Configuration.Debug;

    const string ThisRepository = "This repository (Pipelines itself)";

    string Solution => Path.Combine(RootDirectory, "Pipelines.sln");

    Target Clean => _ => _
        .Group(ThisRepository)
        .Description("Deletes bin/ and obj/ under src/, tests/ and bench/, and the test results.")
        .Before(Compile)
        .Executes(() => Workspace.Clean(RootDirectory, Context.TempDirectory, Log));

    Target Compile => _ => _
        .Group(ThisRepository)
        .Description("Builds the solution (warnings are errors).")
        .Executes(() => DotNet.RunAsync(Log, RootDirectory, "build", Solution, "-c", Configuration.ToString(), "-nologo", "-clp:NoSummary"));

    Target Pack => _ => _
        .Group(ThisRepository)
        .Description("Packs the `pipelines` .NET tool (Pipelines.Tool) into .nuke/temp/packages.")
        .Executes(() => DotNet.RunAsync(Log, RootDirectory, "pack", Path.Combine(RootDirectory, "src", "Pipelines.Tool"), "-c", Configuration.ToString(),
            "-nologo", "-o", Path.Combine(Context.TempDirectory, "packages")));

    Target Schemas => _ => _
        .Group(ThisRepository)
        .Description("Writes docs/schemas/<kind>.json, the JSON Schema of every result document (--output json, the Watch API, notifications), from the records they are written from; a test fails when the files are out of date.")
        .Executes(() =>
        {
            var folder = Path.Combine(RootDirectory, "docs", "schemas");
            Directory.CreateDirectory(folder);
            foreach (var kind in Pipelines.Documents.ResultSchemas.Kinds)
            {
                File.WriteAllText(Path.Combine(folder, Pipelines.Documents.ResultSchemas.FileName(kind)), Pipelines.Documents.ResultSchemas.Text(kind));
                Log.Info($"docs/schemas/{Pipelines.Documents.ResultSchemas.FileName(kind)}");
            }
        });

    [Parameter("Soak: how many operations the model-based test runs (Test runs 60).")]
    public int SoakOperations { get; set; } = 300;

    [Parameter("Soak: replay the model-based test with this CsCheck seed (printed by a failing run).")]
    public string? SoakSeed { get; set; }

    [Parameter("Soak: how long to look for a shorter failing sequence after a failure.")]
    public TimeSpan SoakShrink { get; set; } = TimeSpan.FromMinutes(10);

    Target Soak => _ => _
        .Group(ThisRepository)
        .Description("The long model-based run: --soak-operations random releases, rollbacks, promotions, locks, CI jobs and out-of-band changes against real git, registry and the API emulator, every promise checked after every step.")
        .DependsOn(Compile)
        .Executes(async () =>
        {
            var settings = new Dictionary<string, string?>(DotNet.Quiet)
            {
                ["SOAK_OPERATIONS"] = SoakOperations.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SOAK_SEED"] = SoakSeed,
                ["SOAK_SHRINK_MINUTES"] = SoakShrink.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var exitCode = await ProcessRunner.RunAsync("dotnet",
                ["test", Path.Combine(RootDirectory, "tests", "Pipelines.Tests"), "--no-build", "-c", Configuration.ToString(), "--nologo",
                 "--filter", "FullyQualifiedName~Pipelines.Tests.Model.ModelBasedTests", "--logger", "console;verbosity=detailed"],
                Log.Info, RootDirectory, settings);
            if (exitCode != 0) throw new BuildFailure($"the soak run found a broken promise (dotnet test exited {exitCode}); the seed and the shortest failing sequence are above.");
        });

    Target Test => _ => _
        .Group(ThisRepository)
        .Description("Runs every test project; the last line says 'N passed, N failed'.")
        .DependsOn(Compile)
        .Executes(async () =>
        {
            var totals = await TestRun.RunAsync(Log, RootDirectory, Solution, Configuration.ToString(), Path.Combine(Context.TempDirectory, "test-results"));
            Context.SetClosingLine(totals.ClosingLine);
            foreach (var failure in TestRun.Failures(Path.Combine(Context.TempDirectory, "test-results"))) Log.Error("failed: " + failure);
            if (totals.Failed > 0 || totals.Total == 0) throw new BuildFailure(totals.Total == 0 ? "no test ran." : $"{totals.Failed} test(s) failed; see above.");
        });
}

public enum Configuration
{
    Debug,
    Release,
}
