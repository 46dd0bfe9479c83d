namespace Pipelines.Kubernetes;

/// <summary>
/// What a server-side apply dry run (dryRun=All, fieldValidation=Strict) of a change says before it is committed: per
/// object what the apply would do, which objects the API server refuses and why, which could not be checked yet (their
/// namespace or CRD comes with the same change), or that the cluster could not be reached at all.
/// </summary>
public sealed record DryRunReport(IReadOnlyList<AppliedObject> Objects, IReadOnlyList<ObjectProblem> Refused, IReadOnlyList<ObjectProblem> NotChecked, string? Unreachable)
{
    /// <summary>The cluster answered for every object (some may still be <see cref="NotChecked"/>).</summary>
    public bool Reached => Unreachable is null;

    /// <summary>Reached, and the API server refuses nothing: safe to commit.</summary>
    public bool Valid => Reached && Refused.Count == 0;

    public static DryRunReport CouldNotReach(string why) => new([], [], [], why);

    /// <summary>Lines for a release report: "validation: …".</summary>
    public IEnumerable<string> Lines()
    {
        if (!Reached)
        {
            yield return $"validation: not done, the cluster could not be reached ({Unreachable})";
            yield break;
        }
        yield return Refused.Count == 0
            ? $"validation: the API server accepts all {Objects.Count} object(s) (server-side dry run)"
            : $"validation: the API server refuses {Refused.Count} object(s):";
        foreach (var refused in Refused) yield return "  " + refused.Text;
        foreach (var skipped in NotChecked) yield return "  not checked: " + skipped.Text;
    }
}
