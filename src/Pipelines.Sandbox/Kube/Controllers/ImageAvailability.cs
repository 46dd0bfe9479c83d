using System.Collections.Concurrent;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Whether a pod's image can be pulled: not when it is in the bad list (an exact reference, or a pattern
/// with <c>*</c> such as <c>*-broken</c>), nor when the configured check (a registry that does not have it)
/// says no. The answer is kept per image. A bad <c>repo:tag</c> is bad however it is pulled, by its digest too
/// (<c>repo:tag@sha256:…</c>, as releases pin it).
/// </summary>
public sealed class ImageAvailability(IEnumerable<string> bad, Func<string, CancellationToken, Task<bool>>? exists)
{
    private readonly ConcurrentDictionary<string, bool> badImages = new(bad.Select(b => KeyValuePair.Create(b, true)));
    private readonly ConcurrentDictionary<string, bool> checkedImages = new();

    public void AddBad(string image) => badImages[image] = true;

    public void RemoveBad(string image)
    {
        badImages.TryRemove(image, out _);
        checkedImages.TryRemove(image, out _);
    }

    public async Task<bool> CanPull(string image, CancellationToken token)
    {
        var byTag = image.Split('@')[0];
        if (badImages.ContainsKey(image) || badImages.ContainsKey(byTag) || badImages.Keys.Any(pattern => pattern.Contains('*') && (Matches(pattern, image) || Matches(pattern, byTag)))) return false;
        if (exists is null) return true;
        if (checkedImages.TryGetValue(image, out var known)) return known;
        var found = await exists(image, token);
        if (found) checkedImages[image] = true;   // a missing image may be pushed later: ask again next time
        return found;
    }

    private static bool Matches(string pattern, string image) =>
        System.Text.RegularExpressions.Regex.IsMatch(image, "^" + string.Join(".*", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$");
}
