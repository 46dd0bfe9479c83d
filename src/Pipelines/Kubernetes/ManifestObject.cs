using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Manifests;
using Pipelines.Yaml;
using YamlDotNet.Core;

namespace Pipelines.Kubernetes;

/// <summary>One Kubernetes object of a manifest file, as JSON for the API, with where it came from.</summary>
public sealed record ManifestObject(string File, int Line, string ApiVersion, string Kind, string? Namespace, string Name, JsonObject Body)
{
    /// <summary><c>deployment.apps/front-end</c>, as kubectl names objects in its output.</summary>
    public string Display(string? group) => $"{Kind.ToLowerInvariant()}{(string.IsNullOrEmpty(group) ? "" : "." + group)}/{Name}";

    /// <summary>
    /// Every object of a YAML file (empty documents skipped, <c>List</c> kinds flattened). Scalars are typed
    /// by the YAML 1.2 core schema, as the API server's YAML decoder types them: plain <c>3</c> is a number,
    /// <c>"3"</c> a string.
    /// </summary>
    public static IReadOnlyList<ManifestObject> Read(string file, string text)
    {
        var objects = new List<ManifestObject>();
        foreach (var document in YamlDocuments.Parse(text, file))
        {
            if (document is null) continue;
            if (ToJson(document, file) is not JsonObject body)
            {
                throw new ManifestException(file, document.Line, document.Column, "is not a Kubernetes object (a YAML mapping with apiVersion, kind and metadata).");
            }
            if (Field(body, "kind") == "List" && body["items"] is JsonArray items)
            {
                objects.AddRange(items.OfType<JsonObject>().Select(item => From(file, document.Line, (JsonObject)item.DeepClone())));
                continue;
            }
            objects.Add(From(file, document.Line, body));
        }
        return objects;
    }

    private static ManifestObject From(string file, int line, JsonObject body)
    {
        var apiVersion = Field(body, "apiVersion") ?? throw new ManifestException(file, line, 0, "has no apiVersion; every Kubernetes object needs apiVersion, kind and metadata.name.");
        var kind = Field(body, "kind") ?? throw new ManifestException(file, line, 0, "has no kind; every Kubernetes object needs apiVersion, kind and metadata.name.");
        var metadata = body["metadata"] as JsonObject;
        var name = metadata is null ? null : Field(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            throw new ManifestException(file, line, 0, $"{kind} has no metadata.name; give it one (generateName is not supported for apply).");
        }
        return new ManifestObject(file, line, apiVersion, kind, metadata is null ? null : Field(metadata, "namespace"), name, body);
    }

    private static string? Field(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonNode? ToJson(YamlNode node, string file) => node switch
    {
        YamlMapping mapping => ToObject(mapping, file),
        YamlSequence sequence => new JsonArray(sequence.Items.Select(item => ToJson(item, file)).ToArray()),
        YamlScalar scalar => Scalar(scalar),
        YamlAlias alias => throw new ManifestException(file, alias.Line, alias.Column, $"uses the alias *{alias.Anchor}; anchors and aliases are not supported in applied manifests. Write the value out."),
        _ => null,
    };

    private static JsonObject ToObject(YamlMapping mapping, string file)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Entries)
        {
            if (key is null) continue;
            if (key.Value == "<<")
            {
                throw new ManifestException(file, key.Line, key.Column, "uses a merge key (<<); it is not supported in applied manifests. Write the keys out.");
            }
            if (result.ContainsKey(key.Value))
            {
                throw new ManifestException(file, key.Line, key.Column, $"repeats the key '{key.Value}'; the API server refuses duplicate keys. Remove one.");
            }
            result[key.Value] = ToJson(value, file);
        }
        return result;
    }

    // YAML 1.2 core schema for plain scalars; quoted and block scalars are strings.
    private static JsonNode? Scalar(YamlScalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag is "!!str" or "tag:yaml.org,2002:str") return JsonValue.Create(scalar.Value);
        var value = scalar.Value;
        if (scalar.IsNull) return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) && !value.StartsWith('+')) return JsonValue.Create(integer);
        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)) return JsonValue.Create(hex);
        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value[2..].All(c => c is >= '0' and <= '7')) return JsonValue.Create(Convert.ToInt64(value[2..], 8));
        if (System.Text.RegularExpressions.Regex.IsMatch(value, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return JsonValue.Create(real);
        return JsonValue.Create(value);
    }
}
