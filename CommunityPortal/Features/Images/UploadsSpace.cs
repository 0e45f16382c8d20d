namespace CommunityPortal.Features.Images;

/// <summary>Free bytes on the volume holding a path; the seam tests replace to "fill" the disk.</summary>
public interface IFreeSpaceProbe
{
    long AvailableBytes(string path);
}

/// <summary>The real volume, through <see cref="DriveInfo"/> (on Linux, the mount that holds the path).</summary>
public sealed class DriveFreeSpaceProbe : IFreeSpaceProbe
{
    public long AvailableBytes(string path) => new DriveInfo(path).AvailableFreeSpace;
}

/// <summary>
/// The free-space floor of the uploads folder: below <c>Storage:MinFreeMB</c> (default 1,024; 0 turns it off)
/// uploads are refused with 507 and SYSTEM_ADMIN's dashboard warns, so photos never fill the disk the database
/// lives on.
/// </summary>
public sealed class UploadsSpace(UploadsFolder uploads, IFreeSpaceProbe probe, IConfiguration configuration)
{
    public long MinFreeMB => Math.Max(0, configuration.GetValue("Storage:MinFreeMB", 1024L));

    public long FreeMB => probe.AvailableBytes(uploads.Root) / (1024 * 1024);

    /// <summary>True when uploads must stop: less free space than the floor.</summary>
    public bool IsLow => MinFreeMB > 0 && FreeMB < MinFreeMB;
}
