namespace Pipelines.Server.Ui;

/// <summary>A fragment of HTML that is already safe to write: only <see cref="Html"/> makes one.</summary>
public readonly struct HtmlText
{
    private readonly string? _value;

    internal HtmlText(string value) => _value = value;

    public string Value => _value ?? "";

    public override string ToString() => Value;
}
