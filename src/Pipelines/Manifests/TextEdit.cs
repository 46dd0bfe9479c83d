namespace Pipelines.Manifests;

/// <summary>Replace the characters [Start, End) of a text. Edits never overlap; they are applied back to front.</summary>
internal sealed record TextEdit(int Start, int End, string Replacement)
{
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.OrderByDescending(e => e.Start).ToList();
        var result = new System.Text.StringBuilder(text);
        foreach (var edit in ordered) result.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.Replacement);
        return result.ToString();
    }
}
