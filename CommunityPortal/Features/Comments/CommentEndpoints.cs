using System.Security.Claims;
using CommunityPortal.Auth;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityPortal.Features.Comments;

/// <summary><c>/api/comentarios</c>: thin HTTP shells over <see cref="CommentService"/>.</summary>
public static class CommentEndpoints
{
    public static IEndpointRouteBuilder MapCommentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/comentarios").WithTags("Comentarios").RequireAuthorization(Policies.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/origen/{origen}/{idOrigen}", ListAsync)
            .WithSummary("A whole thread, oldest first; idComment gives the tree")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:int}", GetAsync)
            .WithSummary("One comment")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync)
            .WithSummary("Comment on a ticket, or reply to a comment with idComment")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPut("/{id:int}", UpdateAsync)
            .WithSummary("Change the text of a comment (its author; SYSTEM_ADMIN)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:int}", DeleteAsync)
            .WithSummary("Soft-delete a comment (its author; administrators in scope)")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<ComentarioDto>>, ProblemHttpResult>> ListAsync(
        string origen, string idOrigen, ClaimsPrincipal principal, CommentService comments, CancellationToken ct)
    {
        var result = await comments.ListAsync(CurrentUser.From(principal), origen, idOrigen, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }

    private static async Task<Results<Ok<ComentarioDto>, ProblemHttpResult>> GetAsync(
        int id, ClaimsPrincipal principal, CommentService comments, CancellationToken ct)
    {
        var result = await comments.GetAsync(CurrentUser.From(principal), id, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }

    private static async Task<Results<Created<ComentarioDto>, ProblemHttpResult>> CreateAsync(
        CreateComentarioRequest request, ClaimsPrincipal principal, HttpContext context, CommentService comments, CancellationToken ct)
    {
        var result = await comments.CreateAsync(CurrentUser.From(principal), request, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/comentarios/{result.Value!.Id}", result.Value)
            : result.ToProblem(context.Response);
    }

    private static async Task<Results<Ok<ComentarioDto>, ProblemHttpResult>> UpdateAsync(
        int id, UpdateComentarioRequest request, ClaimsPrincipal principal, CommentService comments, CancellationToken ct)
    {
        var result = await comments.UpdateAsync(CurrentUser.From(principal), id, request, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id, ClaimsPrincipal principal, CommentService comments, CancellationToken ct)
    {
        var result = await comments.DeleteAsync(CurrentUser.From(principal), id, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }
}
