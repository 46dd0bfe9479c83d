using System.Security.Cryptography;
using System.Text;
using Pipelines.Faults;

namespace Pipelines.Server.Api;

/// <summary>
/// The bearer tokens of <c>--api-tokens-file</c>: one <c>token role [name]</c> per line (role <c>read</c> or <c>operator</c>;
/// the name is what commits record as their cause, default <c>token-&lt;line&gt;</c>); blank lines and <c># comments</c> skipped.
/// Errors name the line, never the token.
/// </summary>
public sealed class ApiTokens
{
    private readonly IReadOnlyList<(byte[] Token, ApiCaller Caller)> _entries;

    private ApiTokens(IReadOnlyList<(byte[], ApiCaller)> entries) => _entries = entries;

    public int Count => _entries.Count;

    public static ApiTokens Parse(string text, string source)
    {
        var entries = new List<(byte[], ApiCaller)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                throw new PipelinesException(FaultKind.Usage, $"{source}:{i + 1}: expected 'token role [name]' with role read or operator.");
            }
            var role = fields[1].ToLowerInvariant() switch
            {
                "read" => ApiRole.Read,
                "operator" => ApiRole.Operator,
                _ => throw new PipelinesException(FaultKind.Usage, $"{source}:{i + 1}: role '{fields[1]}' is neither read nor operator."),
            };
            if (fields[0].Length < 16) throw new PipelinesException(FaultKind.Usage, $"{source}:{i + 1}: the token is shorter than 16 characters; generate one, e.g. with: openssl rand -hex 32");
            entries.Add((Encoding.UTF8.GetBytes(fields[0]), new ApiCaller(fields.Length > 2 ? fields[2].Trim() : $"token-{i + 1}", role)));
        }
        return new ApiTokens(entries);
    }

    /// <summary>The caller a token belongs to, or null. Compares in constant time, so timing does not reveal a token.</summary>
    public ApiCaller? Find(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        ApiCaller? found = null;
        foreach (var (known, caller) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(known, bytes)) found = caller;
        }
        return found;
    }
}
