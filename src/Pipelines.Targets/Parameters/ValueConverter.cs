using Pipelines.Shared;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipelines.Targets.Parameters;

/// <summary>Turns the text of a parameter (command line, environment, JSON) into its declared type.
/// Errors name the parameter, the value, where it came from, and what would be accepted.</summary>
internal static partial class ValueConverter
{
    private static readonly Type[] Scalars = [typeof(string), typeof(bool), typeof(int), typeof(long), typeof(TimeSpan)];

    public static bool Supports(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        return Scalars.Contains(element) || element.IsEnum;
    }

    /// <summary>Values as words: one for a scalar, any number for an array.</summary>
    public static object? FromWords(ParameterDefinition parameter, IReadOnlyList<string> words, string source)
    {
        if (parameter.IsArray)
        {
            var element = parameter.Type.GetElementType()!;
            var array = Array.CreateInstance(element, words.Count);
            for (var i = 0; i < words.Count; i++) array.SetValue(Scalar(parameter, element, words[i], source), i);
            return array;
        }
        if (words.Count == 0)
        {
            if (parameter.IsBool) return true; // `--apply` alone means true
            throw new UsageException($"--{parameter.CommandLineName} needs a value {parameter.ValueHint()} ({source}).");
        }
        if (words.Count > 1)
        {
            throw new UsageException(
                $"--{parameter.CommandLineName} takes one value but got {words.Count}: {string.Join(' ', words.Select(w => Show(parameter, w)))} ({source}). Quote a value that contains spaces.");
        }
        return Scalar(parameter, parameter.ValueType, words[0], source);
    }

    /// <summary>Environment variables hold arrays separated by commas or whitespace.</summary>
    public static object? FromEnvironment(ParameterDefinition parameter, string value, string variable)
    {
        var words = parameter.IsArray
            ? value.Split([',', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [value];
        return FromWords(parameter, words, "environment variable " + variable);
    }

    public static object? FromJson(ParameterDefinition parameter, JsonElement json, string source)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (parameter.IsArray)
        {
            if (json.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"{source}: \"{parameter.MemberName}\" must be a JSON array, e.g. [\"a\", \"b\"].");
            }
            return FromWords(parameter, json.EnumerateArray().Select(e => JsonText(parameter, e, source)).ToList(), source);
        }
        return FromWords(parameter, [JsonText(parameter, json, source)], source);
    }

    private static string JsonText(ParameterDefinition parameter, JsonElement json, string source) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString()!,
        JsonValueKind.Number => json.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new UsageException($"{source}: \"{parameter.MemberName}\" must be a string, number or boolean, not {json.ValueKind}."),
    };

    private static object Scalar(ParameterDefinition parameter, Type type, string text, string source)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return Checked(parameter, text, source);
        if (type == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw Invalid(parameter, text, source, "true or false"),
            };
        }
        if (type == typeof(int) || type == typeof(long))
        {
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || (type == typeof(int) && number is < int.MinValue or > int.MaxValue))
            {
                throw Invalid(parameter, text, source, parameter.Range is { } range ? $"a whole number from {range.Minimum} to {range.Maximum}" : "a whole number");
            }
            if (parameter.Range is { } limits && (number < long.Parse(limits.Minimum, CultureInfo.InvariantCulture) || number > long.Parse(limits.Maximum, CultureInfo.InvariantCulture)))
            {
                throw OutOfRange(parameter, text, source, $"a whole number from {limits.Minimum} to {limits.Maximum}");
            }
            return type == typeof(int) ? (object)(int)number : number;
        }
        if (type == typeof(TimeSpan))
        {
            var expected = parameter.Range is { } range ? $"a duration from {range.Minimum} to {range.Maximum}" : "a duration such as 90s, 5m, 1h or hh:mm:ss";
            var duration = ParseDuration(text);
            if (duration is null) throw Invalid(parameter, text, source, expected + (LooksLikeDuration(text) ? " (this one is too long to count)" : ""));
            if (duration < TimeSpan.Zero) throw OutOfRange(parameter, text, source, expected);
            if (parameter.Range is { } limits && (duration < ParseDuration(limits.Minimum) || duration > ParseDuration(limits.Maximum)))
            {
                throw OutOfRange(parameter, text, source, expected);
            }
            return duration.Value;
        }
        if (type.IsEnum)
        {
            var match = Enum.GetNames(type).FirstOrDefault(n => Naming.Normalize(n) == Naming.Normalize(text));
            return match is not null
                ? Enum.Parse(type, match)
                : throw Invalid(parameter, text, source, "one of " + string.Join(", ", Enum.GetNames(type).Select(Naming.ToKebabCase)));
        }
        throw new InvalidOperationException($"Unsupported parameter type {type}.");
    }

    // No value may carry a control character (OneLineText says why), and each must follow its parameter's own rules.
    private static string Checked(ParameterDefinition parameter, string text, string source)
    {
        if (OneLineText.Problem(text) is { } problem)
        {
            throw new UsageException($"--{parameter.CommandLineName}: {Show(parameter, text)} {problem} ({source}). {OneLineText.Advice}");
        }
        foreach (var rule in parameter.Rules)
        {
            if (rule.Problem(text) is { } broken) throw new UsageException($"--{parameter.CommandLineName}: {Show(parameter, text)} {broken} ({source})");
        }
        return text;
    }

    /// <summary><c>90s</c>, <c>5m</c>, <c>1h</c>, <c>500ms</c>, <c>1h30m</c>, or <c>hh:mm:ss</c>; null when it is none of these
    /// or too long for a <see cref="TimeSpan"/> (about 29,000 years).</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (match.Success && match.Groups["part"].Captures.Count > 0)
        {
            var ticks = 0.0;
            for (var i = 0; i < match.Groups["part"].Captures.Count; i++)
            {
                var amount = double.Parse(match.Groups["amount"].Captures[i].Value, CultureInfo.InvariantCulture);
                ticks += amount * match.Groups["unit"].Captures[i].Value switch
                {
                    "ms" => TimeSpan.TicksPerMillisecond,
                    "s" => TimeSpan.TicksPerSecond,
                    "m" => TimeSpan.TicksPerMinute,
                    "h" => TimeSpan.TicksPerHour,
                    _ => TimeSpan.TicksPerDay,
                };
            }
            // Counted in a double, so that no amount can overflow; one beyond TimeSpan's range is no duration.
            return ticks < TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)ticks) : null;
        }
        return text.Contains(':') && TimeSpan.TryParseExact(text, ["c", @"hh\:mm\:ss", @"h\:mm\:ss", @"mm\:ss"], CultureInfo.InvariantCulture, out var span)
            ? span
            : null;
    }

    private static bool LooksLikeDuration(string text) => DurationPattern().IsMatch(text.Trim());

    public static string FormatDuration(TimeSpan span) =>
        span == TimeSpan.Zero ? "0s"
        : span.TotalMilliseconds < 1000 ? $"{span.TotalMilliseconds:0}ms"
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)span.TotalHours}h"
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)span.TotalMinutes}m"
        : span.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)span.TotalSeconds}s"
        : span.ToString("c", CultureInfo.InvariantCulture);

    private static UsageException Invalid(ParameterDefinition parameter, string text, string source, string expected) =>
        new($"--{parameter.CommandLineName}: {Show(parameter, text)} is not valid ({source}); expected {expected}.");

    private static UsageException OutOfRange(ParameterDefinition parameter, string text, string source, string expected) =>
        new($"--{parameter.CommandLineName}: {Show(parameter, text)} is out of range ({source}); expected {expected}.");

    // A secret is never shown; other values are, with control characters written as escapes so that the message stays one line.
    private static string Show(ParameterDefinition parameter, string text) => parameter.IsSecret ? "the given value" : $"'{Escaped(text)}'";

    private static string Escaped(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var builder = new System.Text.StringBuilder();
        foreach (var c in text) builder.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\0' => "\\0", _ when char.IsControl(c) => $"\\u{(int)c:x4}", _ => c.ToString() });
        return builder.ToString();
    }

    [GeneratedRegex(@"^(?<part>(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h|d))+$")]
    private static partial Regex DurationPattern();
}
