using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipelines.Targets.CiConfiguration;

/// <summary>Values written into generated files are quoted, so that no value can change the file's structure.</summary>
internal static class Quoting
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A YAML double-quoted scalar (a JSON string is one), e.g. <c>"git://host/config"</c>.</summary>
    public static string Yaml(string value) => JsonSerializer.Serialize(value, Relaxed);

    /// <summary>A Groovy single-quoted string: no <c>${…}</c> interpolation, only <c>\\</c> and <c>\'</c> escaped.</summary>
    public static string Groovy(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'").Replace("\n", "\\n") + "'";

    /// <summary>A comment's text on one line.</summary>
    public static string Comment(string text) => text.ReplaceLineEndings(" ");
}
