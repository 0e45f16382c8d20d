using System.Security.Claims;
using CommunityPortal.Auth;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityPortal.Features.Statuses;

/// <summary><c>/api/statusticket</c>: every user reads, SYSTEM_ADMIN edits description and color.</summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/statusticket").WithTags("Statuses")
            .RequireAuthorization(Policies.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/", ListAsync)
            .WithSummary("All ticket statuses ordered by orden");
        group.MapPut("/{id:int}", UpdateAsync).RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("Change a status's descripcion and color (#RRGGBB); the code never changes")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<StatusDto>>> ListAsync(StatusService statuses, CancellationToken cancellationToken) =>
        TypedResults.Ok(await statuses.ListAsync(cancellationToken));

    private static async Task<Results<Ok<StatusDto>, ProblemHttpResult>> UpdateAsync(
        int id, UpdateStatusRequest request, ClaimsPrincipal principal, StatusService statuses, CancellationToken cancellationToken)
    {
        var result = await statuses.UpdateAsync(CurrentUser.From(principal), id, request, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }
}
