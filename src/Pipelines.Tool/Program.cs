using Pipelines.Cli;
using Pipelines.Targets;

// The packaged `pipelines` command: the product targets only (none of this repository's Compile, Test…),
// with its settings in .pipelines/ found from the working directory upward (or --root), so that it never
// reads or rewrites a Nuke build's .nuke/ files in the repositories it runs in.
return await Runner.RunAsync(args,
    new RunnerSettings
    {
        SettingsFolder = ".pipelines",
        ToolName = "pipelines",
        WorkingDirectoryIsDefaultRoot = true,
        GroupOrder = [Stages.V1, Stages.V2, Stages.V3, Stages.Inspect],
        // A generated CI file installs this very version (from PIPELINES_FEED when set, else the agent's NuGet sources).
        CiTool = new CiToolInvocation(".tools/pipelines",
            [$"[ -x .tools/pipelines ] || dotnet tool install Pipelines.Tool --version {ToolVersion()} --tool-path .tools ${{PIPELINES_FEED:+--add-source \"$PIPELINES_FEED\"}}"]),
    },
    ProductTargets.All());

// The package version (0.1.0), without the source revision the SDK appends to the informational version.
static string ToolVersion() =>
    (System.Reflection.Assembly.GetEntryAssembly()?.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.1.0").Split('+')[0];
