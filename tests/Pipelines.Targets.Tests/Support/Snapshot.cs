using System.Runtime.CompilerServices;

namespace Pipelines.Targets.Tests.Support;

/// <summary>
/// Compares output with <c>Snapshots/&lt;name&gt;.verified.txt</c>, as Bullseye does with Verify: a formatting
/// change shows up as a reviewed diff. On a mismatch the actual text is written beside it as
/// <c>.received.txt</c>; set UPDATE_SNAPSHOTS=1 to accept it.
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.txt");
        var received = Path.Combine(folder, name + ".received.txt");
        actual = actual.Replace("\r\n", "\n");
        if (System.Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, actual);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet; review {received} and rename it to .verified.txt (or run with UPDATE_SNAPSHOTS=1)."
            : $"Output differs from {verified}; see {received}.\n--- expected\n{expected}\n--- actual\n{actual}");
    }
}
