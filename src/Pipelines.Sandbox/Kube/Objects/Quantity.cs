using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// Resource quantities as the API server reads them (<c>100m</c>, <c>0.5</c>, <c>1Gi</c>, <c>512M</c>, <c>1e3</c>): a
/// number, then a binary (Ki…Ei) or decimal (n, u, m, k, M…E) suffix or an exponent. Values are in base units (cores, bytes).
/// </summary>
public static partial class Quantity
{
    /// <summary>The message of a quantity the API server cannot read.</summary>
    public const string Invalid = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (text is null || Pattern().Match(text) is not { Success: true } match) return false;
        if (!decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        var suffix = match.Groups[2].Value;
        decimal? factor = suffix switch
        {
            "" => 1m,
            "n" => 1e-9m, "u" => 1e-6m, "m" => 1e-3m, "k" => 1e3m, "M" => 1e6m, "G" => 1e9m, "T" => 1e12m, "P" => 1e15m, "E" => 1e18m,
            "Ki" => 1024m, "Mi" => 1024m * 1024, "Gi" => 1024m * 1024 * 1024, "Ti" => 1024m * 1024 * 1024 * 1024,
            "Pi" => 1024m * 1024 * 1024 * 1024 * 1024, "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            _ when suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) && Math.Abs(exponent) <= 18
                => (decimal)Math.Pow(10, exponent),
            _ => null,
        };
        if (factor is null) return false;
        value = number * factor.Value;
        return true;
    }

    public static decimal Parse(string? text) => TryParse(text, out var value) ? value : 0;

    /// <summary>A value back in the API's spelling (<c>2Gi</c>, <c>500m</c>), for messages.</summary>
    public static string Format(decimal value, bool bytes)
    {
        if (bytes)
        {
            foreach (var (suffix, size) in new[] { ("Gi", 1024m * 1024 * 1024), ("Mi", 1024m * 1024), ("Ki", 1024m) })
                if (value >= size && value % size == 0) return (value / size).ToString(CultureInfo.InvariantCulture) + suffix;
            return value.ToString("0", CultureInfo.InvariantCulture);
        }
        return value % 1 == 0 ? value.ToString("0", CultureInfo.InvariantCulture) : (value * 1000).ToString("0", CultureInfo.InvariantCulture) + "m";
    }

    [GeneratedRegex(@"^([+-]?[0-9]*\.?[0-9]+|[+-]?[0-9]+\.)([eEinumkKMGTP]*[-+]?[0-9]*)$")]
    private static partial Regex Pattern();
}
