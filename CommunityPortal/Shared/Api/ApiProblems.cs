using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommunityPortal.Shared.Api;

/// <summary>Turns a failed <see cref="ServiceResult"/> into the RFC 9457 problem the contract promises.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult ToProblem(this ServiceResult result) => result.Error switch
    {
        ServiceError.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: "The resource does not exist or you cannot see it."),
        ServiceError.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "You may not do this."),
        ServiceError.PreconditionFailed => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
            title: "Precondition failed", detail: "The resource changed since you read it; read it again (If-Match/ETag)."),
        ServiceError.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary(result.Errors))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        }),
        ServiceError.Conflict => TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary(result.Errors))
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
        }),
        ServiceError.UnsupportedMediaType => TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary(result.Errors))
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = "Unsupported media type",
        }),
        ServiceError.TooManyRequests => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests", detail: FirstMessage(result.Errors) ?? "A limit was reached; try again later."),
        ServiceError.InsufficientStorage => TypedResults.Problem(statusCode: StatusCodes.Status507InsufficientStorage,
            title: "Insufficient storage", detail: FirstMessage(result.Errors) ?? "The server cannot store uploads right now."),
        _ => throw new InvalidOperationException("A successful result is not a problem."),
    };

    /// <summary>As <see cref="ToProblem(ServiceResult)"/>, and a spent limit also sets <c>Retry-After</c> (whole seconds).</summary>
    public static ProblemHttpResult ToProblem(this ServiceResult result, HttpResponse response)
    {
        if (result.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds))
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result.ToProblem();
    }

    private static string? FirstMessage(IReadOnlyDictionary<string, string[]>? errors) =>
        errors?.Values.SelectMany(v => v).FirstOrDefault();

    private static Dictionary<string, string[]> ToDictionary(IReadOnlyDictionary<string, string[]>? errors) =>
        errors?.ToDictionary(e => e.Key, e => e.Value) ?? [];
}
