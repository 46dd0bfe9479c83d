namespace Pipelines.Diagnostics;

/// <summary>An <see cref="ILog"/> writing plain lines to any writer: for the Watch service's console, the examples and tests.</summary>
public sealed class TextLog(TextWriter writer, bool verbose = false) : ILog
{
    /// <summary>A log to <paramref name="writer"/>; with <paramref name="verbose"/>, <see cref="ILog.Debug"/> lines too.</summary>
    public static TextLog To(TextWriter writer, bool verbose = false) => new(writer, verbose);

    /// <summary>A log that writes nothing.</summary>
    public static TextLog None { get; } = new(TextWriter.Null);

    public void Debug(string message)
    {
        if (verbose) Write(message);
    }

    public void Info(string message) => Write(message);

    public void Success(string message) => Write(message);

    public void Warn(string message) => Write("warning: " + message);

    public void Error(string message) => Write(message);

    public void Done(string message, bool print = true)
    {
        if (print) Write(message);
    }

    // Lines from concurrent operations (the service's loops) must not interleave mid-line.
    private void Write(string line)
    {
        lock (writer) writer.WriteLine(line);
    }
}
