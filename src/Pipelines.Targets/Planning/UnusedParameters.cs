using Pipelines.Targets.Parameters;

namespace Pipelines.Targets.Planning;

/// <summary>
/// A parameter given on the command line that no target of the run reads is most often a typo of intent
/// (<c>Release --to rel-1</c>, which is Rollback's): the run goes on, but says so. Only the command line counts: variables
/// and profile files are shared by every job of a pipeline, so one job not using them is normal. A target reads the
/// parameters of the set that declares it.
/// </summary>
internal static class UnusedParameters
{
    /// <summary>The warning naming the given parameters no running target takes; null when every one is taken. A parameter
    /// marked <see cref="ParameterAttribute.RefusedWhereUnused"/> throws instead.</summary>
    public static string? Warning(IReadOnlyList<TargetNode> plan, IReadOnlySet<string> skipped, IReadOnlyList<string> invoked,
        IReadOnlyList<ParameterDefinition> parameters, IReadOnlyList<TargetNode> targets)
    {
        var running = plan.Where(t => !skipped.Contains(t.Name)).Select(t => t.Definition?.Owner).OfType<TargetSet>().ToHashSet();
        // Planning tests have no definitions: nothing to say about them.
        if (running.Count == 0) return null;
        var given = parameters.Where(p => p.Source == "command line" && !p.Owners.Any(running.Contains)).ToList();
        if (given.FirstOrDefault(p => p.IsRefusedWhereUnused) is { } refused)
        {
            var takers = targets.Where(t => t.Definition is { } d && refused.Owners.Contains(d.Owner)).Select(t => t.Name);
            throw new UsageException($"--{refused.CommandLineName}: {string.Join(", ", invoked)} {(invoked.Count == 1 ? "takes" : "take")} no --{refused.CommandLineName}: " +
                $"{(invoked.Count == 1 ? "it has" : "they have")} no result to give in another form. Leave it out; the targets that take it: {string.Join(", ", takers)}.");
        }
        var unused = given.Select(p => "--" + p.CommandLineName).ToList();
        if (unused.Count == 0) return null;
        var names = unused.Count == 1 ? unused[0] : string.Join(", ", unused[..^1]) + " and " + unused[^1];
        return $"{names} {(unused.Count == 1 ? "is" : "are")} not used by {string.Join(", ", invoked)}; {(unused.Count == 1 ? "it is" : "they are")} ignored.";
    }
}
