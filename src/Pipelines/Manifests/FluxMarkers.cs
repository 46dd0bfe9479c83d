using System.Text.RegularExpressions;
using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Finds Flux setter markers in a YAML file, as the image-automation-controller reads them: a comment
/// <c># {"$imagepolicy": "&lt;namespace&gt;:&lt;policy&gt;[:tag|:name|:digest]"}</c> on the line of a scalar value marks that value.
/// Pure: text in, markers out; a file without the word <c>$imagepolicy</c> costs one search.
/// </summary>
internal static partial class FluxMarkers
{
    public const string Word = "$imagepolicy";

    public static IReadOnlyList<FluxMarker> Find(string file, string text, IReadOnlyList<YamlNode?>? parsed = null, List<string>? warnings = null)
    {
        if (!text.Contains(Word, StringComparison.Ordinal)) return [];
        var documents = parsed ?? YamlDocuments.Parse(text, file);
        // Scalar values by the line they end on: a marker marks the value its line holds.
        var values = new Dictionary<int, (int Document, YamlPath Path, YamlPath Parent, YamlScalar Value)>();
        for (var d = 0; d < documents.Count; d++) Index(documents[d], d, YamlPath.Root, YamlPath.Root, values);
        var markers = new List<FluxMarker>();
        foreach (Match match in Marker().Matches(text))
        {
            var line = 1 + text.AsSpan(0, match.Index).Count('\n');
            var setter = match.Groups[1].Value.Split(':');
            if (!values.TryGetValue(line, out var marked) || marked.Value.End > match.Index)
            {
                warnings?.Add($"{file}:{line}: a Flux marker ({match.Groups[1].Value}) on a line without a value; put it after the value it marks.");
                continue;
            }
            MarkedPart? part = setter.Length switch
            {
                2 => MarkedPart.Image,
                3 => setter[2] switch { "name" => MarkedPart.Name, "tag" => MarkedPart.Tag, "digest" => MarkedPart.Digest, _ => null },
                _ => null,
            };
            if (part is null || setter[0].Length == 0 || setter[1].Length == 0)
            {
                warnings?.Add($"{file}:{line}: the Flux marker \"{match.Groups[1].Value}\" is not <namespace>:<policy>[:name|:tag|:digest]; it is not read.");
                continue;
            }
            markers.Add(new FluxMarker(file, marked.Document, marked.Path, marked.Parent, marked.Value, setter[0], setter[1], part.Value, line));
        }
        return markers;
    }

    private static void Index(YamlNode? node, int document, YamlPath path, YamlPath parent, Dictionary<int, (int, YamlPath, YamlPath, YamlScalar)> values)
    {
        switch (node)
        {
            case YamlScalar scalar:
                // The last value of a line is the one a comment at its end marks.
                if (path.Segments.Count > 0) values[LineOfEnd(scalar)] = (document, path, parent, scalar);
                break;
            case YamlMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    if (key is not null) Index(value, document, path.Then(key.Value), path, values);
                }
                break;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++) Index(sequence.Items[i], document, path.Then(i), path, values);
                break;
        }
    }

    // Single-line scalars end on the line they start on; that is the line of a marker after them.
    private static int LineOfEnd(YamlScalar scalar) => scalar.Line;

    [GeneratedRegex("""#\s*\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}""")]
    private static partial Regex Marker();
}
