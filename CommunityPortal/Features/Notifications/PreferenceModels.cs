namespace CommunityPortal.Features.Notifications;

/// <summary>GET/PUT /api/me/preferences.</summary>
public sealed record PreferencesDto(string Language, EmailPreferencesDto Email);

/// <summary>Each one of <see cref="EmailFrequency"/>.</summary>
public sealed record EmailPreferencesDto(string StatusChanged, string CommentAdded, string TicketCreated, string Avisos, string Digest);

/// <summary>A field left out (null) keeps its stored value.</summary>
public sealed record UpdatePreferencesRequest(string? Language, UpdateEmailPreferences? Email);

public sealed record UpdateEmailPreferences(string? StatusChanged, string? CommentAdded, string? TicketCreated, string? Avisos, string? Digest);
