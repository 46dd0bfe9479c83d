using System.Globalization;
using Pipelines.Reporting;

namespace Pipelines.Images;

/// <summary>Renders a list of tagged images as the <c>ListImages</c> table or JSON.</summary>
internal static class ImageListing
{
    /// <summary>Columns <c>TAG DIGEST CREATED</c>, the digest shortened to 12 hex characters, times in UTC, '-' when unknown.</summary>
    public static void WriteText(IReadOnlyList<TaggedImage> images, TextWriter writer)
    {
        var rows = images.Select(i => new[] { i.Tag, i.Digest.Short, Format(i.Created) ?? "-" }).Prepend(["TAG", "DIGEST", "CREATED"]).ToList();
        // DIGEST is as wide as a short digest even when no image is listed.
        foreach (var line in TextTable.Format(rows, new TextTable.Column(), new TextTable.Column(MinWidth: 12)))
            writer.WriteLine(line);
    }

    /// <summary>An ImageList document: <c>items</c> of <c>{"tag","digest","created"}</c>; <c>created</c> is null when unknown.</summary>
    public static void WriteJson(string repository, IReadOnlyList<TaggedImage> images, TextWriter writer) =>
        writer.WriteLine(Documents.ResultWriter.Json(new Documents.ImageListDocument(repository,
            images.Select(i => new Documents.TaggedImageJson(i.Tag, i.Digest.ToString(), i.Created?.UtcDateTime)).ToList())));

    static string? Format(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
