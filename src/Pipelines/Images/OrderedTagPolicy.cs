using System.Globalization;

namespace Pipelines.Images;

/// <summary>
/// <c>numerical:asc</c> and <c>alphabetical:asc</c> (Flux's ImagePolicy <c>numerical</c> and <c>alphabetical</c>, Argo CD Image
/// Updater's <c>alphabetical</c>): every tag that is a number (numerical) or any tag (alphabetical), ordered by value, the winner of
/// the order first. Alphabetical compares ordinally (byte order), as Go's sort does.
/// </summary>
internal sealed class OrderedTagPolicy : TagPolicy
{
    public OrderedTagPolicy(string text, bool numerical, string order)
    {
        Text = text;
        Numerical = numerical;
        Direction = order.Trim().ToLowerInvariant() switch
        {
            "" or "asc" => SortOrder.Asc,
            "desc" => SortOrder.Desc,
            _ => throw new TagPolicyException(text, $"'{order}' is not an order; write {(numerical ? "numerical" : "alphabetical")}:asc (the highest wins) or :desc (the lowest wins)"),
        };
    }

    public override string Text { get; }

    public override bool OrdersByTag => true;

    public bool Numerical { get; }

    public SortOrder Direction { get; }

    public override bool Matches(string tag) => !Numerical || Number(tag) is not null;

    public override bool Names(string tag) => false;

    protected override IEnumerable<TaggedImage> Order(IEnumerable<TaggedImage> images)
    {
        var ordered = Numerical
            ? images.OrderBy(i => Number(i.Tag)!.Value).ThenBy(i => i.Tag, StringComparer.Ordinal)
            : images.OrderBy(i => i.Tag, StringComparer.Ordinal);
        return Direction == SortOrder.Asc ? ordered.Reverse() : ordered;
    }

    private static double? Number(string tag) =>
        double.TryParse(tag, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
}
