namespace Pipelines.Images;

/// <summary>An image reference that does not follow the grammar; names the offending part and the rule it breaks.</summary>
public sealed class ImageReferenceException(string input, string part, string reason)
    : FormatException($"'{input}' is not a valid image reference: {part}: {reason}.")
{
    public string Input { get; } = input;

    /// <summary>Which part is wrong, e.g. <c>tag 'a b'</c> or <c>registry host 'x_y:5000'</c>.</summary>
    public string Part { get; } = part;

    public string Reason { get; } = reason;
}
