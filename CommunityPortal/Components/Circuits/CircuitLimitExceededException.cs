namespace CommunityPortal.Components.Circuits;

/// <summary>Ends a refused circuit (see <see cref="TooManyWindows"/>).</summary>
public sealed class CircuitLimitExceededException()
    : InvalidOperationException("Too many open interactive pages for this user: the circuit is closed.");
