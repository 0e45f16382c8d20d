using CommunityPortal.Shared;

namespace CommunityPortal.Tests.Shared;

/// <summary>A failure is written once and returned from a method of any result type, with everything it carries.</summary>
public class ServiceResultTests
{
    private static ServiceResult<int> Count(Failure? failure) => failure is null ? 3 : failure;

    private static ServiceResult<string> Name(ServiceResult<int> count) => count.Succeeded ? count.Value.ToString() : count.Failure;

    [Fact]
    public void A_failure_becomes_a_result_of_any_type_and_passes_on_with_its_errors_and_retry_time()
    {
        var limited = ServiceResult.TooMany("q", "espera", TimeSpan.FromSeconds(7));

        var count = Count(limited);
        var name = Name(count);
        ServiceResult plain = ServiceResult.NotFound;

        Assert.Equal((ServiceError.TooManyRequests, 0), (count.Error, count.Value));
        Assert.Equal(ServiceError.TooManyRequests, name.Error);
        Assert.Null(name.Value);
        Assert.Equal(["espera"], name.Errors!["q"]);
        Assert.Equal(TimeSpan.FromSeconds(7), name.RetryAfter);
        Assert.Equal(ServiceError.NotFound, plain.Error);
        Assert.False(plain.Succeeded);
        Assert.Equal("3", Name(Count(null)).Value);
    }
}
