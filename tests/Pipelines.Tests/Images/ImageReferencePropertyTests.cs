using CsCheck;
using Pipelines.Images;

namespace Pipelines.Tests.Images;

public sealed class ImageReferencePropertyTests
{
    const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";
    const string Word = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

    static readonly Gen<string> Component =
        Gen.Select(Gen.String[Gen.Char[Lower], 1, 6], Gen.OneOf("", ".", "_", "__", "-", "---"), Gen.String[Gen.Char[Lower], 1, 6],
            (a, separator, b) => separator.Length == 0 ? a : a + separator + b);

    static readonly Gen<string> Path = Gen.Select(Component, Component, Component, Gen.Int[1, 3],
        (a, b, c, n) => string.Join('/', new[] { a, b, c }.Take(n)));

    static readonly Gen<string?> Tag = Gen.Select(Gen.Bool, Gen.Char[Word], Gen.String[Gen.Char[Word + ".-"], 0, 127],
        (present, first, rest) => present ? first + rest : null);

    // Without a registry, a first component with a dot would be read as a host, as the grammar says.
    static readonly Gen<string> Registry = Gen.OneOf("localhost/", "localhost:5000/", "registry.example.com/", "127.0.0.1:5000/", "quay.io/", "docker.io/");

    [Fact]
    public void Every_reference_the_grammar_allows_parses_and_round_trips_through_its_canonical_form()
    {
        Gen.Select(Registry, Path, Tag).Sample((registry, path, tag) =>
        {
            var text = registry + path + (tag is null ? "" : ":" + tag);
            var reference = ImageReference.Parse(text);
            var again = ImageReference.Parse(reference.ToString());
            return again == reference && reference.Tag == tag && reference.Repository.EndsWith(path, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_tag_with_any_character_outside_the_grammar_is_rejected_naming_the_tag()
    {
        Gen.Select(Path, Gen.String[Gen.Char[Word], 1, 10], Gen.Char[" !#$%&*+,;<=>?[]^`{|}~\"'\\é"]).Sample((path, tag, bad) =>
        {
            var text = $"localhost:5000/{path}:{tag}{bad}";
            return !ImageReference.TryParse(text, out _, out var error) && error.Part.Contains("tag", StringComparison.Ordinal)
                || bad == ' ' && error!.Part == "reference";
        });
    }
}
