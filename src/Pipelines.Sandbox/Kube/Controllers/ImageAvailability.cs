using System.Collections.Concurrent;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// What happens to a container of an image, decided by image patterns (an exact reference, or a pattern with <c>*</c>
/// such as <c>*-broken</c>): it cannot be pulled (the bad list, or the configured check — a registry that does not have
/// it — says no), it crash-loops, or it runs but never passes its readiness probe. Pull answers are kept per image. A
/// listed <c>repo:tag</c> matches however it is pulled, by its digest too (<c>repo:tag@sha256:…</c>, as releases pin it).
/// </summary>
public sealed class ImageAvailability(IEnumerable<string> bad, Func<string, CancellationToken, Task<bool>>? exists,
    IEnumerable<string>? crashing = null, IEnumerable<string>? unready = null)
{
    private readonly ConcurrentDictionary<string, bool> badImages = new(bad.Select(b => KeyValuePair.Create(b, true)));
    private readonly ConcurrentDictionary<string, bool> crashingImages = new((crashing ?? []).Select(b => KeyValuePair.Create(b, true)));
    private readonly ConcurrentDictionary<string, bool> unreadyImages = new((unready ?? []).Select(b => KeyValuePair.Create(b, true)));
    private readonly ConcurrentDictionary<string, bool> checkedImages = new();

    public void AddBad(string image) => badImages[image] = true;

    public void RemoveBad(string image)
    {
        badImages.TryRemove(image, out _);
        checkedImages.TryRemove(image, out _);
    }

    public async Task<bool> CanPull(string image, CancellationToken token)
    {
        if (Listed(badImages, image)) return false;
        if (exists is null) return true;
        if (checkedImages.TryGetValue(image, out var known)) return known;
        var found = await exists(image, token);
        if (found) checkedImages[image] = true;   // a missing image may be pushed later: ask again next time
        return found;
    }

    /// <summary>The container exits with an error soon after it starts, again and again (CrashLoopBackOff).</summary>
    public bool Crashes(string image) => Listed(crashingImages, image);

    /// <summary>The container runs, but its readiness probe never passes.</summary>
    public bool NeverReady(string image) => Listed(unreadyImages, image);

    private static bool Listed(ConcurrentDictionary<string, bool> patterns, string image)
    {
        var byTag = image.Split('@')[0];
        return patterns.ContainsKey(image) || patterns.ContainsKey(byTag)
            || patterns.Keys.Any(pattern => pattern.Contains('*') && (Matches(pattern, image) || Matches(pattern, byTag)));
    }

    private static bool Matches(string pattern, string image) =>
        System.Text.RegularExpressions.Regex.IsMatch(image, "^" + string.Join(".*", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$");
}
