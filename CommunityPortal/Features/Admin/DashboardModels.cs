namespace CommunityPortal.Features.Admin;

public sealed record CommunityOptionDto(int Id, string Name);

public sealed record StatusCountDto(int StatusId, string Code, string Descripcion, string Color, bool EsFinal, int Count);

public sealed record CategoryCountDto(int CategoriaId, string Nombre, int Count);

/// <summary>Tickets reported and tickets resolved in the week starting on <see cref="WeekStart"/> (Monday).</summary>
public sealed record WeekTrendDto(DateOnly WeekStart, int Opened, int Resolved);

/// <summary>The administrator's dashboard: every number is an aggregate computed by the database.</summary>
public sealed record DashboardDto(
    int Open,
    int NewToday,
    int InProgress,
    int ResolvedLast30Days,
    TimeSpan? MedianResolution,
    int MedianSampleSize,
    IReadOnlyList<StatusCountDto> OpenByStatus,
    IReadOnlyList<CategoryCountDto> OpenByCategory,
    IReadOnlyList<WeekTrendDto> Weekly,
    LowDiskSpaceDto? LowDiskSpace = null);

/// <summary>For SYSTEM_ADMIN only: free space under the uploads folder is below the floor, so uploads are refused.</summary>
public sealed record LowDiskSpaceDto(long FreeMB, long MinFreeMB);
