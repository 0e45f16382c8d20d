namespace CommunityPortal.Features.Companies;

/// <summary>A company as the companies page lists it: how many communities it runs and how many administrators it has.</summary>
public sealed record CompanyDto(int Id, string Name, int CommunityCount, int AdminCount);

public sealed record CompanyRequest(string? Name);
