using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipelines.Yaml;

/// <summary>
/// Reads every document of a YAML text into <see cref="YamlNode"/>s with exact spans. Parsed with
/// comments skipped (YamlDotNet 18's scanner rejects valid YAML such as <c>ports: [{port: 80}]   # c</c>
/// when it keeps them); comments are never needed, because edits only touch value spans.
/// A UTF-8 BOM is accounted for, so spans index the text as given. A mapping that repeats a key is refused: YAML
/// forbids it, and readers disagree about which value wins (the API server refuses it, many tools keep the last one),
/// so an edit of the first one could change nothing that runs.
/// </summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<YamlNode?> Parse(string text, string fileName)
    {
        var offset = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var parser = new Parser(new StringReader(offset == 1 ? text[1..] : text));
        var documents = new List<YamlNode?>();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                documents.Add(parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, offset, fileName));
                parser.Consume<DocumentEnd>();
            }
            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            throw new ManifestException(fileName, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {Reason(e)}");
        }
        return documents;
    }

    private static YamlNode ReadNode(IParser parser, int offset, string fileName)
    {
        var current = parser.Current!;
        int Start() => (int)current.Start.Index + offset;
        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                var valueStart = Start();
                if (!scalar.Anchor.IsEmpty || !scalar.Tag.IsEmpty)
                {
                    // The start mark covers "&anchor !tag "; the value begins after them.
                    valueStart = (int)scalar.End.Index + offset - RawLength(scalar);
                }
                return new YamlScalar(scalar.Value, scalar.Style, Start(), (int)scalar.End.Index + offset, (int)scalar.Start.Line, (int)scalar.Start.Column, valueStart,
                    scalar.Tag.IsEmpty ? null : scalar.Tag.Value);
            case SequenceStart sequence:
            {
                parser.MoveNext();
                var items = new List<YamlNode>();
                while (!parser.Accept<SequenceEnd>(out _)) items.Add(ReadNode(parser, offset, fileName));
                var end = parser.Consume<SequenceEnd>();
                return new YamlSequence(items, sequence.Style == SequenceStyle.Flow, Start(), (int)end.End.Index + offset, (int)sequence.Start.Line, (int)sequence.Start.Column);
            }
            case MappingStart mapping:
            {
                parser.MoveNext();
                var entries = new List<(YamlScalar?, YamlNode)>();
                Dictionary<string, YamlScalar>? keys = null;
                while (!parser.Accept<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, offset, fileName);
                    if (key is YamlScalar scalarKey && Earlier(entries, ref keys, scalarKey) is { } first)
                    {
                        throw new ManifestException(fileName, scalarKey.Line, scalarKey.Column,
                            $"repeats the key '{scalarKey.Value}' (first at line {first.Line}); YAML forbids it and readers disagree about which one counts. Remove one of them.");
                    }
                    entries.Add((key as YamlScalar, ReadNode(parser, offset, fileName)));
                }
                var end = parser.Consume<MappingEnd>();
                return new YamlMapping(entries, mapping.Style == MappingStyle.Flow, Start(), (int)end.End.Index + offset, (int)mapping.Start.Line, (int)mapping.Start.Column);
            }
            case AnchorAlias alias:
                parser.MoveNext();
                return new YamlAlias(alias.Value.Value, Start(), (int)alias.End.Index + offset, (int)alias.Start.Line, (int)alias.Start.Column);
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    // The key of an earlier entry equal to key, or null. Most mappings have a few keys, and looking through them costs less than
    // a dictionary per mapping (a fifth of what parsing a manifest allocated); past a few, the keys go into one.
    private static YamlScalar? Earlier(List<(YamlScalar? Key, YamlNode Value)> entries, ref Dictionary<string, YamlScalar>? keys, YamlScalar key)
    {
        const int FewKeys = 16;
        if (keys is null && entries.Count < FewKeys)
        {
            foreach (var (earlier, _) in entries)
            {
                if (earlier is not null && earlier.Value == key.Value) return earlier;
            }
            return null;
        }
        keys ??= entries.Where(e => e.Key is not null).ToDictionary(e => e.Key!.Value, e => e.Key!, StringComparer.Ordinal);
        return keys.TryAdd(key.Value, key) ? null : keys[key.Value];
    }

    // Only single-line plain and quoted scalars are ever edited; for them the raw text is the value plus quotes.
    private static int RawLength(Scalar scalar) => scalar.Style switch
    {
        ScalarStyle.SingleQuoted => scalar.Value.Replace("'", "''").Length + 2,
        ScalarStyle.DoubleQuoted => ScalarText.DoubleQuoted(scalar.Value).Length,
        _ => scalar.Value.Length,
    };

    private static string Reason(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return close >= 0 ? message[(close + 3)..] : message;
    }
}
