using System.Security.Claims;
using CommunityPortal.Auth;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityPortal.Features.Notifications;

/// <summary><c>/api/notifications</c> and <c>/api/me/preferences</c>: thin HTTP shells over the notification services.</summary>
public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(Policies.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        notifications.MapGet("/", ListAsync)
            .WithSummary("The caller's own notifications, newest first, paged; ?unread=true for the unread ones")
            .ProducesValidationProblem();
        notifications.MapPost("/{id:int}/read", MarkReadAsync)
            .WithSummary("Mark one of the caller's notifications as read")
            .ProducesProblem(StatusCodes.Status404NotFound);
        notifications.MapPost("/read-all", MarkAllReadAsync)
            .WithSummary("Mark all the caller's notifications as read");

        var preferences = app.MapGroup("/api/me/preferences").WithTags("Preferences").RequireAuthorization(Policies.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        preferences.MapGet("/", GetPreferencesAsync)
            .WithSummary("The caller's language and e-mail frequencies (immediate, daily or off per kind)");
        preferences.MapPut("/", UpdatePreferencesAsync)
            .WithSummary("Change the caller's language and e-mail frequencies; fields left out keep their value")
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<NotificationApiDto>>, ProblemHttpResult>> ListAsync(
        bool? unread, int? page, int? pageSize, ClaimsPrincipal principal, HttpContext context, NotificationService service, CancellationToken ct)
    {
        var result = await service.ListAsync(CurrentUser.From(principal), unread == true, page, pageSize, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        PagingHeaders.Write(context, result.Value!);
        return TypedResults.Ok(result.Value!.Items);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        int id, ClaimsPrincipal principal, NotificationService service, CancellationToken ct)
    {
        var result = await service.MarkReadAsync(CurrentUser.From(principal), id, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    private static async Task<NoContent> MarkAllReadAsync(ClaimsPrincipal principal, NotificationService service, CancellationToken ct)
    {
        await service.MarkAllReadAsync(CurrentUser.From(principal), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PreferencesDto>> GetPreferencesAsync(
        ClaimsPrincipal principal, NotificationPreferenceService service, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(CurrentUser.From(principal).UserId, ct));

    private static async Task<Results<Ok<PreferencesDto>, ProblemHttpResult>> UpdatePreferencesAsync(
        UpdatePreferencesRequest request, ClaimsPrincipal principal, NotificationPreferenceService service, CancellationToken ct)
    {
        var result = await service.UpdateAsync(CurrentUser.From(principal).UserId, request, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }
}
