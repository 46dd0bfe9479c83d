namespace Pipelines.Sandbox.Local;

/// <summary>A word of a command line printed for people to paste into a POSIX shell: quoted only when the shell would
/// otherwise split or expand it.</summary>
internal static class ShellWord
{
    public static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '*' or '?' or '$' or '`' or '\\' or ';' or '&' or '|' or '<' or '>' or '(' or ')')
            ? argument
            : $"'{argument.Replace("'", "'\\''")}'";
}
