using System.Runtime.CompilerServices;
using System.Text;

namespace Pipelines.Server.Ui;

[InterpolatedStringHandler]
public ref struct HtmlBuilder
{
    private readonly StringBuilder _html;

    public HtmlBuilder(int literalLength, int formattedCount) => _html = new StringBuilder(literalLength + formattedCount * 16);

    public readonly void AppendLiteral(string literal) => _html.Append(literal);

    public readonly void AppendFormatted(string? text) => _html.Append(Html.Encode(text));

    public readonly void AppendFormatted(int number) => _html.Append(number);

    public readonly void AppendFormatted(HtmlText html) => _html.Append(html.Value);

    public readonly void AppendFormatted(IEnumerable<HtmlText> html)
    {
        foreach (var part in html) _html.Append(part.Value);
    }

    internal readonly HtmlText ToHtml() => new(_html.ToString());
}
