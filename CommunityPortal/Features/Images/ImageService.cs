using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Images;

/// <summary>One uploaded file as the caller received it; the name is only ever shown back in messages.</summary>
public sealed record ImageUpload(string FileName, Stream Content);

/// <summary>A stored image the caller may download.</summary>
public sealed record ImageDownload(string PhysicalPath, string ContentType, string FileName);

/// <summary>
/// Images of tickets and comments: who may add, remove and download them, the per-entity limits, and the
/// entity's <c>ImageUrls</c> and history kept in step with the files. Visibility is the ticket's
/// (<see cref="AccessScope.VisibleTo"/>); the pixels are <see cref="ImagePipeline"/>'s business.
/// </summary>
public sealed class ImageService(
    IDbContextFactory<AppDbContext> dbFactory,
    ImagePipeline pipeline,
    UploadsFolder uploads,
    UploadsSpace space,
    UserLimits limits,
    CommentService comments,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l,
    TicketEvents events,
    ILogger<ImageService> logger)
{
    public const int MaxPerTicket = 10;
    public const int MaxPerComment = 5;
    public const string FilesField = "files";

    // Read-check-append-save of an ImageUrls list is short; serialising it keeps two simultaneous
    // uploads from passing the limit together.
    private static readonly SemaphoreSlim ListLock = new(1, 1);

    /// <summary>
    /// Everything about an upload to a ticket that does not need its bytes: the ticket exists for the caller (else
    /// NotFound), the caller may change its photos (a resident not once it is final: Forbidden), it is not full
    /// (Invalid), the caller's daily quota has room for <paramref name="incomingBytes"/> (TooManyRequests) and the disk
    /// has room (InsufficientStorage). The API calls it before it reads the request body.
    /// </summary>
    public async Task<ServiceResult> CheckTicketUploadAsync(CurrentUser user, int ticketId, long? incomingBytes, CancellationToken ct) =>
        await TicketUploadTargetAsync(user, ticketId, incomingBytes ?? 0, ct);

    /// <summary>As <see cref="CheckTicketUploadAsync"/> for a comment (only its author may add photos).</summary>
    public async Task<ServiceResult> CheckCommentUploadAsync(CurrentUser user, int commentId, long? incomingBytes, CancellationToken ct) =>
        await CommentUploadTargetAsync(user, commentId, incomingBytes ?? 0, ct);

    /// <returns>The ticket's whole list of image URLs after the upload.</returns>
    public async Task<ServiceResult<IReadOnlyList<string>>> AddTicketImagesAsync(
        CurrentUser user, int ticketId, IReadOnlyList<ImageUpload> files, CancellationToken ct)
    {
        var target = await TicketUploadTargetAsync(user, ticketId, 0, ct);
        if (!target.Succeeded)
        {
            return target.Failure;
        }

        if (LimitError(files.Count, target.Value, MaxPerTicket, "Images.Error.TicketLimit") is { } limitError)
        {
            return limitError;
        }

        var stored = await ProcessAsync(user, files, UploadsFolder.TicketsFolder, ticketId, ct);
        if (!stored.Succeeded)
        {
            return stored.Failure;
        }

        var (paths, bytes) = stored.Value!;
        var result = await UpdateListAsync(paths, async db =>
        {
            var ticket = await db.Tickets.VisibleTo(user).Include(t => t.Status).Include(t => t.Community)
                .FirstOrDefaultAsync(t => t.Id == ticketId, ct);
            if (ticket is null)
            {
                return ServiceResult.NotFound;
            }

            if (TicketQueries.IsFrozenFor(user, ticket.Community.CompanyId, ticket.Status.EsFinal))
            {
                return ServiceResult.Forbidden;
            }

            if (LimitError(paths.Count, ticket.ImageUrls.Count, MaxPerTicket, "Images.Error.TicketLimit") is { } error)
            {
                return error;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var path in paths)
            {
                ticket.ImageUrls.Add(path.Url);
                ticket.History.Add(History(user, now, TicketHistoryActions.ImageAdded, path.Url));
            }

            db.UploadUsage.Add(new UploadUsage { UserId = user.UserId, At = now, Bytes = bytes });
            return ticket.ImageUrls.ToList();
        }, ct);
        if (result.Succeeded)
        {
            await PublishAsync(TicketEventKind.TicketUpdated, ticketId, user, commentId: null, ct);
        }

        return result;
    }

    /// <summary>The comment's author only; others who can see the comment get 403, the rest 404.</summary>
    public async Task<ServiceResult<IReadOnlyList<string>>> AddCommentImagesAsync(
        CurrentUser user, int commentId, IReadOnlyList<ImageUpload> files, CancellationToken ct)
    {
        var access = await CommentUploadTargetAsync(user, commentId, 0, ct);
        if (!access.Succeeded)
        {
            return access.Failure;
        }

        if (LimitError(files.Count, access.Value.Count, MaxPerComment, "Images.Error.CommentLimit") is { } limitError)
        {
            return limitError;
        }

        var stored = await ProcessAsync(user, files, UploadsFolder.CommentsFolder, commentId, ct);
        if (!stored.Succeeded)
        {
            return stored.Failure;
        }

        var (paths, bytes) = stored.Value!;
        var updated = await UpdateListAsync(paths, async db =>
        {
            var comment = await db.Comentarios.FirstOrDefaultAsync(c => c.Id == commentId && !c.IsDeleted, ct);
            if (comment is null)
            {
                return ServiceResult.NotFound;
            }

            if (LimitError(paths.Count, comment.ImageUrls.Count, MaxPerComment, "Images.Error.CommentLimit") is { } error)
            {
                return error;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            comment.ImageUrls.AddRange(paths.Select(p => p.Url));
            comment.UpdatedAt = now;
            db.UploadUsage.Add(new UploadUsage { UserId = user.UserId, At = now, Bytes = bytes });
            return comment.ImageUrls.ToList();
        }, ct);
        if (updated.Succeeded)
        {
            await PublishAsync(TicketEventKind.CommentEdited, access.Value.TicketId, user, commentId, ct);
        }

        return updated;
    }

    /// <summary>Takes the image off the ticket and moves its files to the trash folder (nothing is deleted).</summary>
    public async Task<ServiceResult> RemoveTicketImageAsync(CurrentUser user, int ticketId, string imageUrl, CancellationToken ct)
    {
        if (UploadsFolder.Parse(imageUrl) is not { Kind: UploadsFolder.TicketsFolder } path || path.OwnerId != ticketId)
        {
            return ServiceResult.NotFound;
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var ticket = await db.Tickets.VisibleTo(user).Include(t => t.Status).Include(t => t.Community)
                .FirstOrDefaultAsync(t => t.Id == ticketId, ct);
            if (ticket is null)
            {
                return ServiceResult.NotFound;
            }

            if (TicketQueries.IsFrozenFor(user, ticket.Community.CompanyId, ticket.Status.EsFinal))
            {
                return ServiceResult.Forbidden;
            }

            if (!ticket.ImageUrls.Remove(path.Url))
            {
                return ServiceResult.NotFound;
            }

            ticket.History.Add(History(user, clock.GetUtcNow().UtcDateTime, TicketHistoryActions.ImageRemoved, path.Url));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                continue;
            }

            break;
        }

        try
        {
            uploads.MoveToTrash(path, clock.GetUtcNow());
        }
        catch (IOException ex)
        {
            // The list no longer shows it; a file left in place is unreachable and harmless.
            logger.LogWarning(ex, "Could not move {Url} to the trash", path.Url);
        }

        await PublishAsync(TicketEventKind.TicketUpdated, ticketId, user, commentId: null, ct);
        return ServiceResult.Ok;
    }

    // Open pages of the ticket show the new photos without a reload.
    private async Task PublishAsync(TicketEventKind kind, int ticketId, CurrentUser user, int? commentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
            .Select(t => new { t.CommunityId, t.Community.CompanyId, t.Resident.UserId }).FirstOrDefaultAsync(ct);
        if (owner is not null)
        {
            events.Publish(new TicketEvent(kind, ticketId, owner.CommunityId, owner.CompanyId, owner.UserId, user.UserId, commentId));
        }
    }

    /// <summary>
    /// The file behind an image URL ("tickets/12/9f3c….jpg", optionally its thumbnail) when the caller may
    /// see the ticket it belongs to (directly or through a comment) and the image is still on it.
    /// </summary>
    public async Task<ServiceResult<ImageDownload>> ResolveDownloadAsync(CurrentUser user, string? path, bool thumb, CancellationToken ct)
    {
        if (UploadsFolder.Parse(path) is not { } image)
        {
            return ServiceResult.NotFound;
        }

        bool listed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (image.Kind == UploadsFolder.TicketsFolder)
            {
                var urls = await db.Tickets.AsNoTracking().VisibleTo(user).Where(t => t.Id == image.OwnerId)
                    .Select(t => t.ImageUrls).FirstOrDefaultAsync(ct);
                listed = urls?.Contains(image.Url) == true;
            }
            else
            {
                var comment = await db.Comentarios.AsNoTracking().Where(c => c.Id == image.OwnerId && !c.IsDeleted)
                    .Select(c => new { c.Origen, c.IdOrigen, c.ImageUrls }).FirstOrDefaultAsync(ct);
                listed = comment is not null && comment.ImageUrls.Contains(image.Url)
                    && await comments.VisibleTicketIdAsync(user, comment.Origen, comment.IdOrigen, ct) is not null;
            }
        }

        var file = uploads.PhysicalPath(image, thumb);
        if (!listed || file is null || !File.Exists(file))
        {
            return ServiceResult.NotFound;
        }

        return new ImageDownload(file, image.ContentType, thumb ? image.ThumbFileName : image.FileName);
    }

    /// <summary>The ticket's image count, when <see cref="CheckTicketUploadAsync"/> passes.</summary>
    private async Task<ServiceResult<int>> TicketUploadTargetAsync(CurrentUser user, int ticketId, long incomingBytes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(user).Where(t => t.Id == ticketId)
            .Select(t => new { Count = t.ImageUrls.Count, t.Status.EsFinal, t.Community.CompanyId }).FirstOrDefaultAsync(ct);
        if (ticket is null)
        {
            return ServiceResult.NotFound;
        }

        if (TicketQueries.IsFrozenFor(user, ticket.CompanyId, ticket.EsFinal))
        {
            return ServiceResult.Forbidden;
        }

        if (ticket.Count >= MaxPerTicket)
        {
            return ServiceResult.Invalid(FilesField, l["Images.Error.TicketLimit", MaxPerTicket, ticket.Count].Value);
        }

        var room = await RoomAsync(db, user, incomingBytes, ct);
        return room.Succeeded ? ticket.Count : room.Failure;
    }

    /// <summary>The comment's ticket and image count when the caller is its author; 404 when they cannot see it, 403 when not theirs.</summary>
    private async Task<ServiceResult<(int TicketId, int Count)>> CommentUploadTargetAsync(
        CurrentUser user, int commentId, long incomingBytes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comentarios.AsNoTracking().Where(c => c.Id == commentId && !c.IsDeleted)
            .Select(c => new { c.Origen, c.IdOrigen, c.AuthorUserId, Count = c.ImageUrls.Count }).FirstOrDefaultAsync(ct);
        if (comment is null || await comments.VisibleTicketIdAsync(user, comment.Origen, comment.IdOrigen, ct) is not int ticketId)
        {
            return ServiceResult.NotFound;
        }

        if (comment.AuthorUserId != user.UserId)
        {
            return ServiceResult.Forbidden;
        }

        if (comment.Count >= MaxPerComment)
        {
            return ServiceResult.Invalid(FilesField, l["Images.Error.CommentLimit", MaxPerComment, comment.Count].Value);
        }

        var room = await RoomAsync(db, user, incomingBytes, ct);
        return room.Succeeded ? (ticketId, comment.Count) : room.Failure;
    }

    /// <summary>
    /// Room for <paramref name="incomingBytes"/> more: the disk above its floor (<see cref="UploadsSpace"/>), and the
    /// caller's uploads of the last day (one indexed sum over <see cref="UploadUsage"/>) within the quota.
    /// </summary>
    private async Task<ServiceResult> RoomAsync(AppDbContext db, CurrentUser user, long incomingBytes, CancellationToken ct)
    {
        if (space.IsLow)
        {
            return ServiceResult.StorageFull(FilesField, l["Images.Error.DiskFull"].Value);
        }

        var quota = limits.UploadBytesPerDay;
        if (quota == 0)
        {
            return ServiceResult.Ok;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - UserLimits.UploadWindow;
        var userId = user.UserId;
        var usage = await db.UploadUsage.AsNoTracking().Where(u => u.UserId == userId && u.At > since)
            .GroupBy(u => u.UserId).Select(g => new { Bytes = g.Sum(u => u.Bytes), Oldest = g.Min(u => u.At) })
            .FirstOrDefaultAsync(ct);
        var used = usage?.Bytes ?? 0;
        if (used < quota && used + incomingBytes <= quota)
        {
            return ServiceResult.Ok;
        }

        // At the earliest, the oldest upload of the window leaves it.
        var wait = usage is null ? UserLimits.UploadWindow : usage.Oldest + UserLimits.UploadWindow - now;
        wait = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        return ServiceResult.TooMany(FilesField, l["Limits.UploadQuota", quota / (1024 * 1024), UserLimits.Minutes(wait)].Value, wait);
    }

    /// <summary>
    /// Runs every file through the pipeline. All or nothing: if any file is refused, none is kept and the
    /// errors name each refused file; a non-image makes it a 415, any other problem a 400.
    /// </summary>
    private async Task<ServiceResult<(IReadOnlyList<UploadPath> Paths, long Bytes)>> ProcessAsync(
        CurrentUser user, IReadOnlyList<ImageUpload> files, string kind, int ownerId, CancellationToken ct)
    {
        var errors = new List<string>();
        var unsupported = false;
        var staged = new List<(string Name, StagedImage Image)>();
        var stored = new List<UploadPath>();
        long bytes;
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var name = DisplayName(files[i].FileName, i);
                var image = await pipeline.StageAsync(files[i].Content, ct);
                staged.Add((name, image));
                if (image.Rejection != ImageRejection.None)
                {
                    errors.Add(Message(name, image.Rejection));
                    unsupported |= image.Rejection == ImageRejection.NotAnImage;
                }
            }

            // What arrived counts against the caller's quota before anything is decoded.
            bytes = staged.Sum(s => s.Image.Bytes);
            if (errors.Count == 0)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (await RoomAsync(db, user, bytes, ct) is { Succeeded: false } noRoom)
                {
                    return noRoom.Failure;
                }
            }

            // Cheap checks first: nothing is decoded while any file is already known to be refused.
            for (var i = 0; i < staged.Count && errors.Count == 0; i++)
            {
                var (path, rejection) = await pipeline.StoreAsync(staged[i].Image, kind, ownerId, ct);
                if (path is null)
                {
                    errors.Add(Message(staged[i].Name, rejection));
                }
                else
                {
                    stored.Add(path);
                }
            }
        }
        catch
        {
            Discard(stored);
            throw;
        }
        finally
        {
            staged.ForEach(s => s.Image.Dispose());
        }

        if (errors.Count == 0)
        {
            return (stored, bytes);
        }

        Discard(stored);
        return new Failure(unsupported ? ServiceError.UnsupportedMediaType : ServiceError.Invalid,
            new Dictionary<string, string[]> { [FilesField] = [.. errors] });
    }

    /// <summary>Applies <paramref name="update"/> to a fresh context and saves; the new files go if it fails.</summary>
    private async Task<ServiceResult<IReadOnlyList<string>>> UpdateListAsync(
        IReadOnlyList<UploadPath> stored, Func<AppDbContext, Task<ServiceResult<IReadOnlyList<string>>>> update, CancellationToken ct)
    {
        var saved = false;
        await ListLock.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var result = await update(db);
                if (!result.Succeeded)
                {
                    return result;
                }

                try
                {
                    await db.SaveChangesAsync(ct);
                    saved = true;
                    return result;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 3)
                {
                    // The ticket was edited meanwhile (its Version changed): read it again and re-apply.
                }
            }
        }
        finally
        {
            ListLock.Release();
            if (!saved)
            {
                Discard(stored);
            }
        }
    }

    private void Discard(IEnumerable<UploadPath> stored)
    {
        foreach (var path in stored)
        {
            uploads.DeleteUnreferenced(path);
        }
    }

    private Failure? LimitError(int adding, int existing, int max, string key)
    {
        if (adding == 0)
        {
            return ServiceResult.Invalid(FilesField, l["Images.Error.NoFiles"].Value);
        }

        return existing + adding > max ? ServiceResult.Invalid(FilesField, l[key, max, existing].Value) : null;
    }

    private string Message(string fileName, ImageRejection rejection) => rejection switch
    {
        ImageRejection.TooLarge => l["Images.Error.TooLarge", fileName, ImagePipeline.MaxFileBytes / (1024 * 1024)].Value,
        ImageRejection.NotAnImage => l["Images.Error.NotAnImage", fileName].Value,
        ImageRejection.TooManyPixels => l["Images.Error.TooManyPixels", fileName, ImagePipeline.MaxMegapixels].Value,
        _ => l["Images.Error.Corrupt", fileName].Value,
    };

    /// <summary>The client's file name, reduced to something safe to echo: no path, no control characters, not too long.</summary>
    private static string DisplayName(string? fileName, int index)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 100)
        {
            name = name[..100];
        }

        return name.Length > 0 ? name : $"files[{index}]";
    }

    private static TicketHistory History(CurrentUser user, DateTime at, string action, string url) => new()
    {
        At = at,
        UserId = user.UserId,
        UserName = user.DisplayName,
        Action = action,
        Detail = url,
    };
}
