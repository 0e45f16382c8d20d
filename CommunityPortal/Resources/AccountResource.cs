namespace CommunityPortal.Resources;

/// <summary>Marker for the account (Identity) page strings: AccountResource.resx (Spanish, neutral) and AccountResource.en.resx.</summary>
public sealed class AccountResource;
