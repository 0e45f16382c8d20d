using System.Linq.Expressions;
using CommunityPortal.Data;

namespace CommunityPortal.Tests.Data;

public class QueryExpressionsTests
{
    private static readonly Expression<Func<int, int, bool>> Between10And = (value, max) => value >= 10 && value <= max;

    private static readonly Expression<Func<int, bool>> SmallTeen = value => Between10And.Inline(value, 15);

    [Fact]
    public void Inlines_a_rule_kept_elsewhere_with_the_callers_arguments()
    {
        var limit = 12;
        var expanded = QueryExpressions.Expand<Func<int, bool>>(n => Between10And.Inline(n + 1, limit));

        Assert.Equal([9, 10, 11], Enumerable.Range(0, 20).Where(expanded.Compile()));
        Assert.DoesNotContain(nameof(QueryExpressions.Inline), expanded.ToString());
    }

    [Fact]
    public void Inlines_rules_that_inline_other_rules()
    {
        var expanded = QueryExpressions.Expand<Func<int, bool>>(n => SmallTeen.Inline(n));

        Assert.Equal([10, 11, 12, 13, 14, 15], Enumerable.Range(0, 20).Where(expanded.Compile()));
    }

    [Fact]
    public void Calling_inline_outside_an_expanded_expression_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Between10And.Inline(1, 2));

        Assert.Contains("Expand", error.Message);
    }
}
