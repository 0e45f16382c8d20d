using System.Security.Claims;
using CommunityPortal.Auth;
using CommunityPortal.Shared;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CommunityPortal.Features.Images;

public sealed record ImageListResponse(IReadOnlyList<string> ImageUrls);

/// <summary>
/// Upload and removal under <c>/api/tickets/{id}/images</c> and <c>/api/comentarios/{id}/images</c>, and the
/// authorized download <c>GET /uploads/{path}</c> (uploads are never static files).
/// </summary>
public static class ImageEndpoints
{
    /// <summary>
    /// The most a valid upload can carry (a ticket's ten images at 10 MB) plus room for the multipart
    /// framing. Every request up to this is read whole, so a file that is merely too big gets a 400
    /// naming it instead of a connection cut mid-upload.
    /// </summary>
    public const long MaxRequestBytes = ImageService.MaxPerTicket * ImagePipeline.MaxFileBytes + 1024 * 1024;

    private static readonly FormOptions UploadFormOptions = new()
    {
        MultipartBodyLengthLimit = MaxRequestBytes,
        ValueCountLimit = 64,
    };

    public static IServiceCollection AddImages(this IServiceCollection services, IConfiguration configuration, string contentRoot) => services
        .AddSingleton(UploadsFolder.FromConfiguration(configuration, contentRoot))
        .AddSingleton(sp => new ImagePipeline(sp.GetRequiredService<UploadsFolder>()))
        .AddSingleton<IFreeSpaceProbe, DriveFreeSpaceProbe>()
        .AddSingleton<UploadsSpace>()
        .AddScoped<ImageService>()
        .AddHostedService<UploadsMaintenance>();

    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tickets/{id:int}/images", UploadTicketImagesAsync).WithTags("Tickets")
            .RequireAuthorization(Policies.User)
            .WithSummary("Attach images (multipart, parts named files) to a ticket; returns its whole list")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesValidationProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status507InsufficientStorage);
        app.MapDelete("/api/tickets/{id:int}/images", RemoveTicketImageAsync).WithTags("Tickets")
            .RequireAuthorization(Policies.User)
            .WithSummary("Take an image off a ticket (its files go to the trash folder)")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/comentarios/{id:int}/images", UploadCommentImagesAsync).WithTags("Comentarios")
            .RequireAuthorization(Policies.User)
            .WithSummary("Attach images to one's own comment; returns its whole list")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesValidationProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status507InsufficientStorage);
        app.MapGet($"{ApiPipeline.UploadsPrefix}/{{**path}}", DownloadAsync).WithTags("Images")
            .RequireAuthorization(Policies.User)
            .WithSummary("An image (or ?size=thumb its thumbnail) for whoever can see its ticket")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg", additionalContentTypes: "image/png")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<ImageListResponse>, ProblemHttpResult>> UploadTicketImagesAsync(
        int id, HttpContext context, ClaimsPrincipal principal, ImageService images, CancellationToken ct)
    {
        var user = CurrentUser.From(principal);
        if (await RefuseUnreadAsync(context, () => images.CheckTicketUploadAsync(user, id, context.Request.ContentLength, ct)) is { } refused)
        {
            return refused;
        }

        var (files, problem) = await ReadFilesAsync(context, ct);
        if (problem is not null)
        {
            return problem;
        }

        var result = await images.AddTicketImagesAsync(user, id, Uploads(files!), ct);
        return result.Succeeded ? TypedResults.Created((string?)null, new ImageListResponse(result.Value!)) : result.ToProblem(context.Response);
    }

    private static async Task<Results<Created<ImageListResponse>, ProblemHttpResult>> UploadCommentImagesAsync(
        int id, HttpContext context, ClaimsPrincipal principal, ImageService images, CancellationToken ct)
    {
        var user = CurrentUser.From(principal);
        if (await RefuseUnreadAsync(context, () => images.CheckCommentUploadAsync(user, id, context.Request.ContentLength, ct)) is { } refused)
        {
            return refused;
        }

        var (files, problem) = await ReadFilesAsync(context, ct);
        if (problem is not null)
        {
            return problem;
        }

        var result = await images.AddCommentImagesAsync(user, id, Uploads(files!), ct);
        return result.Succeeded ? TypedResults.Created((string?)null, new ImageListResponse(result.Value!)) : result.ToProblem(context.Response);
    }

    /// <summary>
    /// A refusal decided before the body is read (api.md: wrong type, too large, unknown, forbidden, full, over quota,
    /// no disk space):
    /// the connection is closed after the answer, so the client stops sending and the server does not drain the body.
    /// </summary>
    private static async Task<ProblemHttpResult?> RefuseUnreadAsync(HttpContext context, Func<Task<ServiceResult>> check)
    {
        var problem = HeaderProblem(context.Request);
        if (problem is null && await check() is { Succeeded: false } refused)
        {
            problem = refused.ToProblem(context.Response);
        }

        if (problem is not null)
        {
            context.Response.Headers.Connection = "close";
        }

        return problem;
    }

    /// <summary>Wrong content type (415) or a declared size over the limit (413), from the headers alone.</summary>
    private static ProblemHttpResult? HeaderProblem(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send multipart/form-data with one or more parts named 'files'.");
        }

        return request.ContentLength > MaxRequestBytes ? TooLarge() : null;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveTicketImageAsync(
        int id, [FromQuery] string? url, ClaimsPrincipal principal, ImageService images, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["url"] = ["The url of the image to remove is required."],
            }) { Status = StatusCodes.Status400BadRequest });
        }

        var result = await images.RemoveTicketImageAsync(CurrentUser.From(principal), id, url, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadAsync(
        string? path, [FromQuery] string? size, HttpContext context, ClaimsPrincipal principal, ImageService images, CancellationToken ct)
    {
        var thumb = string.Equals(size, "thumb", StringComparison.OrdinalIgnoreCase);
        var result = await images.ResolveDownloadAsync(CurrentUser.From(principal), path, thumb, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        var file = result.Value!;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private";
        // The name is server-made (hex + extension), so it needs no escaping; quoted all the same.
        headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileName = $"\"{file.FileName}\"" }.ToString();
        return TypedResults.PhysicalFile(file.PhysicalPath, file.ContentType);
    }

    private static List<ImageUpload> Uploads(IReadOnlyList<IFormFile> files) =>
        files.Select(f => new ImageUpload(f.FileName, f.OpenReadStream())).ToList();

    /// <summary>Reads the multipart body (buffered to disk by the framework) within the upload limit; the headers were checked.</summary>
    private static async Task<(IReadOnlyList<IFormFile>? Files, ProblemHttpResult? Problem)> ReadFilesAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        // Kestrel's default (about 28.6 MB) would cut a legitimate upload of several photos.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        request.Body = new MaxLengthRequestStream(request.Body, MaxRequestBytes);
        try
        {
            var form = await new FormFeature(request, UploadFormOptions).ReadFormAsync(ct);
            return (form.Files.GetFiles(ImageService.FilesField), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (InvalidDataException)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                detail: "The multipart body is malformed or has too many parts."));
        }
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Payload too large",
        detail: $"An upload may carry at most {MaxRequestBytes / (1024 * 1024)} MB; each image at most {ImagePipeline.MaxFileBytes / (1024 * 1024)} MB.");
}
