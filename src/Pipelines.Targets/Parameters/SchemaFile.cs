using System.Text;
using System.Text.Json;

namespace Pipelines.Targets.Parameters;

/// <summary><c>build.schema.json</c>: a JSON schema of every parameter, so editors complete and check
/// <c>parameters.json</c>. Regenerated from the declarations whenever the build's assemblies are newer than the file
/// (rendering it costs ~10 ms of every run's start-up otherwise); written only when its content changed.</summary>
internal static class SchemaFile
{
    public static string Render(IReadOnlyList<ParameterDefinition> parameters)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("title", "Pipelines build parameters");
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            json.WriteStartObject("$schema");
            json.WriteString("type", "string");
            json.WriteEndObject();
            foreach (var parameter in parameters)
            {
                json.WriteStartObject(parameter.MemberName);
                json.WriteString("description", parameter.Description + (parameter.IsSecret ? " (secret)" : ""));
                if (parameter.IsArray)
                {
                    json.WriteString("type", "array");
                    json.WriteStartObject("items");
                    WriteType(json, parameter.Type.GetElementType()!);
                    json.WriteEndObject();
                }
                else
                {
                    WriteType(json, parameter.ValueType);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteBoolean("additionalProperties", false);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the schema when its content differs, so that an unchanged build leaves the repository clean.</summary>
    /// <param name="declaredIn">The assemblies that declare the parameters: a schema newer than all of them is current.</param>
    public static void Update(string settingsDirectory, IReadOnlyList<ParameterDefinition> parameters, IEnumerable<System.Reflection.Assembly> declaredIn)
    {
        if (!Directory.Exists(settingsDirectory)) return;
        var path = Path.Combine(settingsDirectory, "build.schema.json");
        try
        {
            var built = declaredIn.Select(a => a.Location).Where(l => l.Length > 0).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MaxValue).Max();
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) > built) return;
            var content = Render(parameters);
            if (File.Exists(path) && File.ReadAllText(path) == content)
            {
                // Same content from a newer build: mark it current so that later runs skip rendering, leaving git clean.
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                return;
            }
            File.WriteAllText(path, content);
        }
        catch (IOException)
        {
            // A read-only checkout still builds; the schema is a convenience for editors.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void WriteType(Utf8JsonWriter json, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool)) json.WriteString("type", "boolean");
        else if (type == typeof(int) || type == typeof(long)) json.WriteString("type", "integer");
        else if (type.IsEnum)
        {
            json.WriteString("type", "string");
            json.WriteStartArray("enum");
            foreach (var name in Enum.GetNames(type)) json.WriteStringValue(name);
            json.WriteEndArray();
        }
        else if (type == typeof(TimeSpan))
        {
            json.WriteString("type", "string");
            json.WriteString("pattern", @"^((\d+(\.\d+)?(ms|s|m|h|d))+|\d+:\d{2}(:\d{2})?)$");
        }
        else json.WriteString("type", "string");
    }
}
