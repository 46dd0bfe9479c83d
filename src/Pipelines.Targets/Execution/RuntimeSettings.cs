namespace Pipelines.Targets;

/// <summary>
/// build.sh starts this program with .NET runtime settings that only environment variables can give (no early
/// tier-1 recompiling, no W^X double mapping: a short CLI run starts faster without them) and names the ones it set
/// in <see cref="Variable"/>. They are meant for this process alone: removed from its environment as it starts, the
/// processes it runs (dotnet build and test, kubectl, git, a Kubernetes API emulator) get the environment they
/// would have had without build.sh's settings. A value the user set is never named, so it stays.
/// </summary>
public static class RuntimeSettings
{
    public const string Variable = "PIPELINES_RUNTIME_SETTINGS";

    public static void RemoveFromEnvironment()
    {
        var names = Environment.GetEnvironmentVariable(Variable);
        if (names is null) return;
        foreach (var name in NamesIn(names)) Environment.SetEnvironmentVariable(name, null);
        Environment.SetEnvironmentVariable(Variable, null);
    }

    /// <summary>The runtime settings a <see cref="Variable"/> value names: only DOTNET_ variables, whatever else it holds.</summary>
    public static IEnumerable<string> NamesIn(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(name => name.StartsWith("DOTNET_", StringComparison.Ordinal));
}
