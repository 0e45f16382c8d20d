namespace CommunityPortal.Shared;

/// <summary>What went wrong in a service call, in terms both the API and the Blazor pages can show.</summary>
public enum ServiceError
{
    None,
    /// <summary>Does not exist, or the caller may not see it (never told apart).</summary>
    NotFound,
    /// <summary>Visible, but the caller may not do this.</summary>
    Forbidden,
    /// <summary>Input breaks a rule; <see cref="ServiceResult.Errors"/> names the fields.</summary>
    Invalid,
    /// <summary>Somebody else changed it meanwhile (stale ETag / concurrency token).</summary>
    PreconditionFailed,
    /// <summary>Clashes with existing data (e.g. a duplicate name).</summary>
    Conflict,
    /// <summary>A file is not of a supported kind (e.g. not an image); <see cref="ServiceResult.Errors"/> names it.</summary>
    UnsupportedMediaType,
    /// <summary>A per-user limit is spent; <see cref="ServiceResult.RetryAfter"/> says when to try again.</summary>
    TooManyRequests,
    /// <summary>The server's storage is (nearly) full; nothing was stored.</summary>
    InsufficientStorage,
}

/// <summary>
/// A failed outcome on its own, not yet tied to a value type: a method returning <see cref="ServiceResult"/> or any
/// <see cref="ServiceResult{T}"/> returns it as is (<c>return ServiceResult.NotFound;</c>, <c>return Failure.Invalid(errors);</c>).
/// </summary>
public sealed record Failure(ServiceError Error, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>For <see cref="ServiceError.TooManyRequests"/>: how long until the limit lets the caller through.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) => new(ServiceError.Invalid, errors);
}

/// <summary>Outcome of a command without a value.</summary>
public record ServiceResult(ServiceError Error, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Error == ServiceError.None;

    /// <summary>For <see cref="ServiceError.TooManyRequests"/>: how long until the limit lets the caller through.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>This (failed) outcome, to pass on from a method with another result type.</summary>
    public Failure Failure => new(Error, Errors) { RetryAfter = RetryAfter };

    public static readonly ServiceResult Ok = new(ServiceError.None);
    public static readonly Failure NotFound = new(ServiceError.NotFound);
    public static readonly Failure Forbidden = new(ServiceError.Forbidden);
    public static readonly Failure PreconditionFailed = new(ServiceError.PreconditionFailed);

    public static Failure Invalid(string field, string message) =>
        new(ServiceError.Invalid, new Dictionary<string, string[]> { [field] = [message] });

    public static Failure Conflict(string field, string message) =>
        new(ServiceError.Conflict, new Dictionary<string, string[]> { [field] = [message] });

    public static Failure TooMany(string field, string message, TimeSpan retryAfter) =>
        new(ServiceError.TooManyRequests, new Dictionary<string, string[]> { [field] = [message] }) { RetryAfter = retryAfter };

    public static Failure StorageFull(string field, string message) =>
        new(ServiceError.InsufficientStorage, new Dictionary<string, string[]> { [field] = [message] });

    public static implicit operator ServiceResult(Failure failure) => new(failure.Error, failure.Errors) { RetryAfter = failure.RetryAfter };
}

/// <summary>Outcome of a call that produces a value when it succeeds.</summary>
public sealed record ServiceResult<T>(ServiceError Error, T? Value = default, IReadOnlyDictionary<string, string[]>? Errors = null)
    : ServiceResult(Error, Errors)
{
    public static ServiceResult<T> Success(T value) => new(ServiceError.None, value);

    public static implicit operator ServiceResult<T>(T value) => Success(value);

    public static implicit operator ServiceResult<T>(Failure failure) => new(failure.Error, default, failure.Errors) { RetryAfter = failure.RetryAfter };
}
