namespace Pipelines.Targets.Output;

/// <summary>Replaces every secret value with <c>****</c>. Shared by every writer of a run, so a secret
/// registered once is masked on stdout, stderr and in process output alike.</summary>
internal sealed class SecretMasker
{
    public const string Mask = "****";
    private readonly List<string> _secrets = [];

    public void Add(string? secret)
    {
        // Masking a one- or two-character value would scramble the whole log and hide nothing.
        if (string.IsNullOrEmpty(secret) || secret.Length < 3) return;
        lock (_secrets)
        {
            if (_secrets.Contains(secret)) return;
            _secrets.Add(secret);
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length)); // longest first, so a secret containing another is masked whole
        }
    }

    public string Apply(string text)
    {
        lock (_secrets)
        {
            foreach (var secret in _secrets)
            {
                if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }
}
