using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>The parameters of <c>ListImages --repository &lt;host/path&gt; [--tag-filter ..] [--limit N] [--output json]</c>.</summary>
public sealed record ListImagesOptions(string Repository)
{
    /// <summary><c>glob:</c>, <c>regex:</c> or <c>semver:</c> filter; null lists every tag, <c>latest</c> included.</summary>
    public string? TagFilter { get; init; }

    /// <summary>Show at most this many images; null shows all.</summary>
    public int? Limit { get; init; }

    public ImageListingFormat Output { get; init; } = ImageListingFormat.Text;

    public RegistryOptions Registry { get; init; } = new();
}

public enum ImageListingFormat
{
    /// <summary>A table like <c>fluxctl list-images</c>: tag, short digest, created.</summary>
    Text,

    /// <summary>An array of <c>{"tag","digest","created"}</c>.</summary>
    Json,
}
