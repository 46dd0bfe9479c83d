using Pipelines.Targets;

/// <summary>Runs the dotnet CLI with its output in the build log.</summary>
static class DotNet
{
    public static async Task RunAsync(Log log, string workingDirectory, params string[] arguments)
    {
        var exitCode = await ProcessRunner.RunAsync("dotnet", arguments, log.Info, workingDirectory, Quiet);
        if (exitCode != 0) throw new BuildFailure($"dotnet {arguments[0]} exited with code {exitCode}; its errors are above.");
    }

    public static readonly IReadOnlyDictionary<string, string?> Quiet = new Dictionary<string, string?>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };
}
