namespace CommunityPortal.Tests.Infrastructure;

/// <summary>Waits for a state instead of sleeping a fixed time: checks every 25 ms, fails with <paramref name="what"/> after the timeout.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }
}
