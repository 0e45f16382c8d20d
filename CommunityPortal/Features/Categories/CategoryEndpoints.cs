using System.Security.Claims;
using CommunityPortal.Auth;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityPortal.Features.Categories;

/// <summary><c>/api/categoriaticket</c>: every user reads, SYSTEM_ADMIN writes.</summary>
public static class CategoryEndpoints
{
    public static IEndpointRouteBuilder MapCategoryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/categoriaticket").WithTags("Categories")
            .RequireAuthorization(Policies.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/", ListAsync)
            .WithSummary("Active categories ordered by orden; includeInactive=true also lists inactive ones for administrators");
        group.MapGet("/{id:int}", GetAsync)
            .WithSummary("One category, active or not")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("Create a category")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", UpdateAsync).RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("Replace a category's nombre, descripcion, activo and orden")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:int}", DeleteAsync).RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("Delete a category; one used by tickets is deactivated instead")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<CategoriaDto>>> ListAsync(
        ClaimsPrincipal principal, CategoryService categories, CancellationToken cancellationToken, bool includeInactive = false) =>
        TypedResults.Ok(await categories.ListAsync(CurrentUser.From(principal), includeInactive, cancellationToken));

    private static async Task<Results<Ok<CategoriaDto>, ProblemHttpResult>> GetAsync(
        int id, CategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.GetAsync(id, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static async Task<Results<Created<CategoriaDto>, ProblemHttpResult>> CreateAsync(
        CreateCategoriaRequest request, ClaimsPrincipal principal, CategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.CreateAsync(CurrentUser.From(principal), request, cancellationToken);
        return result is { Succeeded: true, Value: { } dto }
            ? TypedResults.Created($"/api/categoriaticket/{dto.Id}", dto)
            : result.ToProblem();
    }

    private static async Task<Results<Ok<CategoriaDto>, ProblemHttpResult>> UpdateAsync(
        int id, UpdateCategoriaRequest request, ClaimsPrincipal principal, CategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.UpdateAsync(CurrentUser.From(principal), id, request, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id, ClaimsPrincipal principal, CategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.DeleteAsync(CurrentUser.From(principal), id, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }
}
