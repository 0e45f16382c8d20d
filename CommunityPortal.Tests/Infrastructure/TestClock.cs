namespace CommunityPortal.Tests.Infrastructure;

/// <summary>A clock the test moves forward (<see cref="Advance"/>) instead of waiting; it starts at the real time.</summary>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
