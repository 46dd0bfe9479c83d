using System.Net;
using Pipelines.Images;

namespace Pipelines.Server.Ui;

/// <summary>
/// Escaping by construction: <c>Html.Of($"&lt;td&gt;{name}&lt;/td&gt;")</c> HTML-encodes every hole unless it is an
/// <see cref="HtmlText"/>. Holes take strings, numbers and HTML only (no generic overload), so a value of another type
/// must be turned into text on purpose, never by an accidental <c>ToString()</c>. Lock messages, images and names come
/// from the config repo, which anyone with push rights writes, so nothing from it is ever written unencoded.
/// </summary>
public static class Html
{
    public static HtmlText Of(ref HtmlBuilder html) => html.ToHtml();

    public static HtmlText Join(IEnumerable<HtmlText> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static HtmlText Empty => new("");

    /// <summary>An image as people read it, <c>repo:tag</c>; the digest it is pinned to (what releases record) shows on hover.</summary>
    public static HtmlText Image(string image, string? cssClass = null)
    {
        var css = cssClass is null ? Empty : Of($" class=\"{cssClass}\"");
        return ImageReference.DigestOf(image) is null ? Of($"<code{css}>{image}</code>") : Of($"<code{css} title=\"{image}\">{ImageReference.WithoutDigest(image)}</code>");
    }

    /// <summary>Text as HTML: <c>&lt; &gt; &amp; " '</c> encoded, so it is safe in element content and quoted attributes.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A path from segments, each percent-encoded (the result still goes through <see cref="Of"/> in an href).</summary>
    public static string Path(params string[] segments) => "/" + string.Join('/', segments.Select(Uri.EscapeDataString));
}
