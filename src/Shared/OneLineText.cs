namespace Pipelines.Shared;

/// <summary>
/// The rule every value from outside follows, on the command line and in the Watch API and web UI alike: one line of text
/// without control characters. A newline in a value that ends up in a commit message could forge a trailer, one in a log
/// line could forge a line, a NUL cuts C strings short. One rule in one place, so that no edge accepts what another refuses
/// (one source in src/Shared, compiled into the runner and the library, whose server uses it).
/// </summary>
internal static class OneLineText
{
    /// <summary>What is wrong with <paramref name="text"/> (e.g. "holds a newline at character 8"); null when it is one line.</summary>
    public static string? Problem(string text)
    {
        var index = text.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (index < 0) index = text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        return index < 0 ? null : $"holds {Name(text[index])} at character {index + 1}";
    }

    /// <summary>What to do instead, for the end of a refusal.</summary>
    public const string Advice = "Values are one line of text without control characters (newline, carriage return, tab, NUL…); write it on one line.";

    private static string Name(char c) => c switch
    {
        '\n' => "a newline",
        '\r' => "a carriage return",
        '\t' => "a tab",
        '\0' => "a NUL character",
        _ => $"the control character U+{(int)c:X4}",
    };
}
