namespace Pipelines.Sandbox.Tests.Kube;

/// <summary>Waits for the simulated controllers to reach a state; fails with the last observation, never by asserting durations.</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> observe, Func<T, bool> done, string what, int timeoutSeconds = 15)
    {
        var stop = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        T last;
        do
        {
            last = await observe();
            if (done(last)) return last;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < stop);
        throw new Xunit.Sdk.XunitException($"gave up waiting for {what}; last seen: {System.Text.Json.JsonSerializer.Serialize(last)}");
    }
}
