namespace CommunityPortal.Resources;

/// <summary>Marker for the shared UI strings: SharedResource.resx (Spanish, neutral) and SharedResource.en.resx.</summary>
public sealed class SharedResource;
