using Pipelines.Images;
using Pipelines.Reporting;

namespace Pipelines.Registry;

/// <summary>The parameters of <c>ListImages --repository &lt;host/path&gt; [--tag-filter ..] [--limit N] [--output json]</c>.</summary>
public sealed record ListImagesOptions(string Repository)
{
    /// <summary><c>glob:</c>, <c>regex:</c> or <c>semver:</c> filter; null lists every tag, <c>latest</c> included.</summary>
    public string? TagFilter { get; init; }

    /// <summary>Show at most this many images; null shows all.</summary>
    public int? Limit { get; init; }

    /// <summary>Text: a table like <c>fluxctl list-images</c> (tag, short digest, created); JSON: an array of <c>{"tag","digest","created"}</c>.</summary>
    public OutputFormat Output { get; init; } = OutputFormat.Text;

    public RegistryOptions Registry { get; init; } = new();
}
