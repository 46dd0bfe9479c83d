namespace Pipelines.Docker;

/// <summary>What BuildImage was asked to build: the parameters, checked and defaulted.</summary>
public sealed record BuildRequest(string Repository, string Tag, string ContextDirectory)
{
    public string? Dockerfile { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The stage of a multi-stage Dockerfile to stop at.</summary>
    public string? Target { get; init; }

    public bool NoCache { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string Image => $"{Repository}:{Tag}";

    /// <summary>Parses <c>--build-arg</c> values <c>KEY=VALUE</c>; a bare <c>KEY</c> takes the environment's value, as the CLI does.</summary>
    public static IReadOnlyDictionary<string, string> ParseBuildArgs(IEnumerable<string> values, Func<string, string?> environment)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=');
            var key = equals < 0 ? value : value[..equals];
            if (key.Length == 0)
                throw new FormatException($"--build-arg {value}: expected KEY=VALUE.");
            var text = equals < 0 ? environment(key) : value[(equals + 1)..];
            if (text is not null) args[key] = text;
        }
        return args;
    }
}
