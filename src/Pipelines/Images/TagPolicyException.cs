namespace Pipelines.Images;

/// <summary>A tag filter that cannot be used; names the filter and what to write instead.</summary>
public sealed class TagPolicyException(string filter, string reason)
    : FormatException($"Tag filter '{filter}' is not valid: {reason}.")
{
    public string Filter { get; } = filter;
}
