using System.Text.RegularExpressions;

namespace CommunityPortal.Features.Images;

/// <summary>
/// The uploads folder (<c>Storage:UploadsRoot</c>, outside wwwroot) and the only shapes of path the
/// server ever writes into it: <c>tickets/{id}/{32 hex}.jpg|png</c> (thumbnail beside it as
/// <c>{name}.thumb.jpg|png</c>), the same under <c>comentarios/{id}/</c>, plus <c>tmp/</c> and <c>trash/</c>.
/// </summary>
public sealed partial class UploadsFolder
{
    public const string UrlPrefix = "uploads/";
    public const string TicketsFolder = "tickets";
    public const string CommentsFolder = "comentarios";

    public UploadsFolder(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(TempFolder);
    }

    public string Root { get; }

    /// <summary>Work files live inside the root so moving one into place is a rename on the same volume.</summary>
    public string TempFolder => Path.Combine(Root, "tmp");

    public string TrashFolder => Path.Combine(Root, "trash");

    public static UploadsFolder FromConfiguration(IConfiguration configuration, string contentRoot) =>
        new(Path.Combine(contentRoot, configuration["Storage:UploadsRoot"] is { Length: > 0 } root ? root : "wwwroot-uploads"));

    public string NewTempFile() => Path.Combine(TempFolder, Guid.NewGuid().ToString("N") + ".tmp");

    /// <summary>"tickets/12" → the folder, created on demand.</summary>
    public string EnsureFolder(string kind, int ownerId)
    {
        var folder = Path.Combine(Root, kind, ownerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Parses an image URL ("uploads/tickets/12/9f3c….jpg", or the path after "/uploads/") into its
    /// parts. Anything else — "..", encoded separators, absolute paths, other names — is null.
    /// </summary>
    public static UploadPath? Parse(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var relative = url.StartsWith(UrlPrefix, StringComparison.Ordinal) ? url[UrlPrefix.Length..] : url;
        var match = PathPattern().Match(relative);
        if (!match.Success || !int.TryParse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture, out var ownerId))
        {
            return null;
        }

        return new UploadPath(match.Groups["kind"].Value, ownerId, match.Groups["name"].Value, match.Groups["ext"].Value);
    }

    /// <summary>The file on disk for a parsed path; null if it would fall outside the root (it cannot, but checked anyway).</summary>
    public string? PhysicalPath(UploadPath path, bool thumb)
    {
        var full = Path.GetFullPath(Path.Combine(Root, path.Kind, path.OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            thumb ? path.ThumbFileName : path.FileName));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>
    /// Moves an image and its thumbnail to trash/ (same relative layout), stamped with <paramref name="at"/> as their
    /// last write: <see cref="UploadsMaintenance"/> purges trash by that time (<c>Storage:TrashDays</c>).
    /// </summary>
    public void MoveToTrash(UploadPath path, DateTimeOffset at)
    {
        foreach (var thumb in new[] { false, true })
        {
            if (PhysicalPath(path, thumb) is { } source)
            {
                MoveFileToTrash(source, at);
            }
        }
    }

    /// <summary>Moves one file under the root to the same place under trash/ and stamps it; false if it was already gone.</summary>
    public bool MoveFileToTrash(string file, DateTimeOffset at)
    {
        var relative = Path.GetRelativePath(Root, file);
        var target = Path.Combine(TrashFolder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(file, target, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }

        File.SetLastWriteTimeUtc(target, at.UtcDateTime);
        return true;
    }

    /// <summary>Deletes files this request just wrote and never referenced (a failed upload).</summary>
    public void DeleteUnreferenced(UploadPath path)
    {
        foreach (var thumb in new[] { false, true })
        {
            if (PhysicalPath(path, thumb) is { } file)
            {
                File.Delete(file);
            }
        }
    }

    [GeneratedRegex(@"^(?<kind>tickets|comentarios)/(?<id>[0-9]{1,9})/(?<name>[0-9a-f]{32})\.(?<ext>jpg|png)\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();
}

/// <summary>A validated image location, e.g. tickets / 12 / 9f3c… / jpg.</summary>
public sealed record UploadPath(string Kind, int OwnerId, string Name, string Extension)
{
    public string FileName => $"{Name}.{Extension}";

    public string ThumbFileName => $"{Name}.thumb.{Extension}";

    public string Url => $"{UploadsFolder.UrlPrefix}{Kind}/{OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{FileName}";

    public string ContentType => Extension == "png" ? "image/png" : "image/jpeg";
}
