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

/// <summary>Outcome of a command without a value.</summary>
public record ServiceResult(ServiceError Error, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Error == ServiceError.None;

    /// <summary>For <see cref="ServiceError.TooManyRequests"/>: how long until the limit lets the caller through.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static readonly ServiceResult Ok = new(ServiceError.None);
    public static readonly ServiceResult NotFound = new(ServiceError.NotFound);
    public static readonly ServiceResult Forbidden = new(ServiceError.Forbidden);
    public static readonly ServiceResult PreconditionFailed = new(ServiceError.PreconditionFailed);

    public static ServiceResult Invalid(string field, string message) =>
        new(ServiceError.Invalid, new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceResult Conflict(string field, string message) =>
        new(ServiceError.Conflict, new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceResult TooMany(string field, string message, TimeSpan retryAfter) =>
        new(ServiceError.TooManyRequests, new Dictionary<string, string[]> { [field] = [message] }) { RetryAfter = retryAfter };

    public static ServiceResult StorageFull(string field, string message) =>
        new(ServiceError.InsufficientStorage, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Outcome of a call that produces a value when it succeeds.</summary>
public sealed record ServiceResult<T>(ServiceError Error, T? Value = default, IReadOnlyDictionary<string, string[]>? Errors = null)
    : ServiceResult(Error, Errors)
{
    public static ServiceResult<T> Success(T value) => new(ServiceError.None, value);

    public static implicit operator ServiceResult<T>(T value) => Success(value);

    /// <summary>Carries a failure of another result over (no value).</summary>
    public static ServiceResult<T> From(ServiceResult failure) => new(failure.Error, default, failure.Errors) { RetryAfter = failure.RetryAfter };
}
