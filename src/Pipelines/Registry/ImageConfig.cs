using System.Globalization;
using System.Text.Json;
using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// What the client reads from an image's config blob: when it was built and its labels. The
/// <c>org.opencontainers.image.created</c> label wins over the config's <c>created</c> field, because
/// reproducible builds set that field to a fixed time; a time at or before the Unix epoch means unknown.
/// </summary>
internal sealed record ImageConfig(DateTimeOffset? Created, IReadOnlyDictionary<string, string> Labels)
{
    public static ImageConfig Parse(ReadOnlySpan<byte> content)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(content.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"the image config blob is not JSON ({e.Message})");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException("the image config blob is not a JSON object");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
                && config.TryGetProperty("Labels", out var labelsElement) && labelsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var label in labelsElement.EnumerateObject())
                    if (label.Value.ValueKind == JsonValueKind.String)
                        labels[label.Name] = label.Value.GetString()!;
            }
            var fromConfig = root.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.String
                ? ParseTime(created.GetString())
                : null;
            var fromLabel = labels.TryGetValue(TaggedImage.CreatedLabel, out var label2) ? ParseTime(label2) : null;
            return new ImageConfig(fromLabel ?? fromConfig, labels);
        }
    }

    static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
        && time > DateTimeOffset.UnixEpoch
            ? time
            : null;
}
