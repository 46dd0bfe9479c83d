using YamlDotNet.Core;

namespace Pipelines.Yaml;

/// <summary>
/// A YAML node with the character span it occupies in the file's text, as the parser reported it. The
/// object model of YamlDotNet loses comments and layout; these spans let an edit replace exactly the
/// characters of one value and leave every other byte alone.
/// </summary>
public abstract record YamlNode(int Start, int End, int Line, int Column);

/// <summary>A scalar. <see cref="ValueStart"/> skips an anchor or tag, which the parser's start mark covers.</summary>
public sealed record YamlScalar(string Value, ScalarStyle Style, int Start, int End, int Line, int Column, int ValueStart, string? Tag) : YamlNode(Start, End, Line, Column)
{
    public bool IsNull => Style == ScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

public sealed record YamlMapping(IReadOnlyList<(YamlScalar? Key, YamlNode Value)> Entries, bool Flow, int Start, int End, int Line, int Column) : YamlNode(Start, End, Line, Column)
{
    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key?.Value == key).Value;

    public YamlScalar? KeyOf(string key) => Entries.FirstOrDefault(e => e.Key?.Value == key).Key;
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, bool Flow, int Start, int End, int Line, int Column) : YamlNode(Start, End, Line, Column);

/// <summary>An alias (<c>*name</c>). Never expanded: an alias bomb costs nothing, and an alias is not a value to edit.</summary>
internal sealed record YamlAlias(string Anchor, int Start, int End, int Line, int Column) : YamlNode(Start, End, Line, Column);
