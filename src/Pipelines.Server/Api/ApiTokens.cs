using System.Security.Cryptography;
using System.Text;
using Pipelines.Config;
using Pipelines.Faults;

namespace Pipelines.Server.Api;

/// <summary>
/// The bearer tokens of <c>--api-tokens-file</c>: one <c>token role [name]</c> per line; blank lines and <c># comments</c> skipped.
/// The role holds in every environment: <c>viewer</c>, <c>deployer</c>, <c>approver</c>, <c>admin</c>, or the earlier
/// <c>read</c> (viewer) and <c>operator</c> (admin); <c>none</c> leaves it to pipelines.yaml's <c>access:</c>, which names a
/// token as <c>token:NAME</c> (and may grant any token more there). The name is what commits record as their cause, default
/// <c>token-&lt;line&gt;</c>. Errors name the line, never the token.
/// </summary>
public sealed class ApiTokens
{
    private const string Roles = "viewer, deployer, approver, admin, none (or read, operator as before)";

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
                throw new PipelinesException(FaultKind.Usage, $"{source}:{i + 1}: expected 'token role [name]' with role one of {Roles}.");
            }
            AccessRole? everywhere = fields[1].ToLowerInvariant() switch
            {
                "read" or "viewer" => AccessRole.Viewer,
                "deployer" => AccessRole.Deployer,
                "approver" => AccessRole.Approver,
                "operator" or "admin" => AccessRole.Admin,
                "none" => null,
                _ => throw new PipelinesException(FaultKind.Usage, $"{source}:{i + 1}: role '{fields[1]}' is not one of {Roles}."),
            };
            if (fields[0].Length < 16) throw new PipelinesException(FaultKind.Usage, $"{source}:{i + 1}: the token is shorter than 16 characters; generate one, e.g. with: openssl rand -hex 32");
            var name = fields.Length > 2 ? fields[2].Trim() : $"token-{i + 1}";
            var role = everywhere >= AccessRole.Deployer ? ApiRole.Operator : ApiRole.Read;
            entries.Add((Encoding.UTF8.GetBytes(fields[0]), new ApiCaller(name, role)
            {
                Everywhere = everywhere,
                Principals = [$"token:{name}", AccessRules.Everyone],
                RoleText = fields[1].ToLowerInvariant(),
            }));
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
