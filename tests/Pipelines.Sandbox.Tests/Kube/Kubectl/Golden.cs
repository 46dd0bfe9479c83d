using System.Runtime.CompilerServices;

namespace Pipelines.Sandbox.Tests.Kube.Kubectl;

/// <summary>
/// Compares text with a golden file beside this source file. A difference fails the test and writes
/// the new text as *.received.txt beside it; review it, and copy it over the golden file to accept it.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, name);
        var received = Path.ChangeExtension(path, ".received.txt");
        var expected = File.Exists(path) ? File.ReadAllText(path) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        if (expected is null)
            throw new Xunit.Sdk.XunitException($"{path} does not exist yet; the output is in {received}: review it and rename it to {name}");
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
            .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
        throw new Xunit.Sdk.XunitException(
            $"{name} differs from line {first + 1}:\n  expected: {expectedLines.ElementAtOrDefault(first)}\n  actual:   {actualLines.ElementAtOrDefault(first)}\n" +
            $"the whole output is in {received}; if the change is right, copy it over {path}");
    }
}
