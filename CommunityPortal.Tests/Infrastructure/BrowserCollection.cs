namespace CommunityPortal.Tests.Infrastructure;

/// <summary>
/// Browser journey classes run one after another (each still with its own app and Chromium): several Chromiums
/// at once on a small CI machine made sign-ins time out. The API and component tests still run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser journeys";
}
