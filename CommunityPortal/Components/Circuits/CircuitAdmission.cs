namespace CommunityPortal.Components.Circuits;

/// <summary>
/// Whether this circuit was let in (scoped: one per circuit). <see cref="Routes"/> reads it: a refused circuit renders
/// only <see cref="TooManyWindows"/>, which then ends it.
/// </summary>
public sealed class CircuitAdmission
{
    public bool Refused { get; set; }
}
