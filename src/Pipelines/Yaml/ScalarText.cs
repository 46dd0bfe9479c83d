using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Pipelines.Yaml;

/// <summary>How a new value is written in place of an old one: in the old one's quoting style, unless a
/// plain scalar would read as something else (a number, a boolean, null, or YAML syntax).</summary>
internal static partial class ScalarText
{
    public static string Format(string value, ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''") + "'",
        ScalarStyle.DoubleQuoted => DoubleQuoted(value),
        _ => NeedsQuotes(value) ? DoubleQuoted(value) : value,
    };

    public static string DoubleQuoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private static bool NeedsQuotes(string value) =>
        value.Length == 0 || value != value.Trim() || Special().IsMatch(value) || Indicator().IsMatch(value) || value.Contains(": ") || value.Contains(" #");

    // Would be read as null, a boolean or a number (YAML 1.1 and 1.2), e.g. a tag "1.10" or "0x1f".
    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[0-9]+(:[0-5]?[0-9])+)$")]
    private static partial Regex Special();

    [GeneratedRegex(@"^[-?:,\[\]{}#&*!|>'""%@`]|[,\[\]{}]")]
    private static partial Regex Indicator();
}
