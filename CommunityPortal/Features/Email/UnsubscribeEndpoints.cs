using CommunityPortal.Features.Notifications;

namespace CommunityPortal.Features.Email;

/// <summary>
/// POST /email/unsubscribe?token=…: the RFC 8058 one-click unsubscribe (and the confirm page's button) turns the
/// token's kind off. GET is <see cref="UnsubscribePage"/>.
/// </summary>
public static class UnsubscribeEndpoints
{
    public const string Path = "/email/unsubscribe";

    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, UnsubscribeAsync)
            .AllowAnonymous()
            .ExcludeFromDescription()
            // No antiforgery here, and only here: RFC 8058 has the mail provider (Gmail, Outlook…) POST
            // "List-Unsubscribe=One-Click" from its own servers, without any cookie or page token. Antiforgery guards
            // requests authorised by an ambient cookie; this one is authorised by the data-protected token in its
            // URL alone, which a forger cannot make, and it can only turn one kind of e-mail off.
            .DisableAntiforgery()
            // The GET page (a Razor component) has the same route; a POST is this endpoint's.
            .WithOrder(-1);
        return app;
    }

    private static async Task<IResult> UnsubscribeAsync(
        string? token, HttpContext context, UnsubscribeTokens tokens, NotificationPreferenceService preferences, CancellationToken ct)
    {
        if (tokens.Read(token) is not var (userId, kind) || !await preferences.TurnOffAsync(userId, kind, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid unsubscribe link",
                detail: "The token is not valid.");
        }

        var oneClick = context.Request.HasFormContentType
            && (await context.Request.ReadFormAsync(ct)).ContainsKey("List-Unsubscribe");
        // The mail provider needs only a success; a person who pressed the page's button sees the page again, which
        // now says the kind is off.
        return oneClick
            ? TypedResults.Ok()
            : TypedResults.Redirect(Path + "?token=" + Uri.EscapeDataString(token!));
    }
}
