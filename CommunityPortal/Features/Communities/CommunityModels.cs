namespace CommunityPortal.Features.Communities;

/// <summary>A community on the communities page, with the two numbers a manager looks for.</summary>
public sealed record CommunitySummaryDto(
    int Id, string Name, string? Address, int CompanyId, string CompanyName, int ActiveResidents, int OpenTickets);

public sealed record CommunityDto(int Id, string Name, string? Address, int CompanyId, string CompanyName);

/// <summary>
/// Create or edit a community. <see cref="CompanyId"/> is chosen by SYSTEM_ADMIN only; an ADMIN_COMPANY's
/// communities always belong to their own company.
/// </summary>
public sealed record CommunityRequest(string? Name, string? Address, int? CompanyId = null);
