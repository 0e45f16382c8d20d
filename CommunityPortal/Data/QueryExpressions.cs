using System.Linq.Expressions;
using System.Reflection;

namespace CommunityPortal.Data;

/// <summary>
/// Lets a query expression use another expression — a rule or a projection kept in one place — by writing
/// <c>rule.Inline(t, ...)</c> inside it; <see cref="Expand{T}"/> replaces each such call with the rule's body,
/// so EF Core sees one plain tree. Needed for compiled queries, whose whole tree is fixed at start-up and
/// cannot call helper methods that build LINQ at run time.
/// </summary>
public static class QueryExpressions
{
    public static TResult Inline<T1, TResult>(this Expression<Func<T1, TResult>> expression, T1 arg1) =>
        throw NotExpanded();

    public static TResult Inline<T1, T2, TResult>(this Expression<Func<T1, T2, TResult>> expression, T1 arg1, T2 arg2) =>
        throw NotExpanded();

    public static TResult Inline<T1, T2, T3, TResult>(
        this Expression<Func<T1, T2, T3, TResult>> expression, T1 arg1, T2 arg2, T3 arg3) =>
        throw NotExpanded();

    public static TResult Inline<T1, T2, T3, T4, TResult>(
        this Expression<Func<T1, T2, T3, T4, TResult>> expression, T1 arg1, T2 arg2, T3 arg3, T4 arg4) =>
        throw NotExpanded();

    /// <summary>The expression with every <c>Inline</c> call replaced by the inlined expression's body.</summary>
    public static Expression<T> Expand<T>(Expression<T> expression) => (Expression<T>)new Inliner().Visit(expression);

    private static InvalidOperationException NotExpanded() =>
        new("Inline only works inside an expression passed through QueryExpressions.Expand.");

    private sealed class Inliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(QueryExpressions) || node.Method.Name != nameof(Inline))
            {
                return base.VisitMethodCall(node);
            }

            var lambda = (LambdaExpression)Evaluate(node.Arguments[0]);
            var arguments = node.Arguments.Skip(1).Select(Visit).ToList();
            var body = new ParameterReplacer(lambda.Parameters.Zip(arguments).ToDictionary(p => p.First, p => p.Second!)).Visit(lambda.Body);
            // The inlined body may itself inline other expressions.
            return Visit(body);
        }

        // The expression being inlined is a static field or property, or a captured variable.
        private static object Evaluate(Expression expression) => expression switch
        {
            ConstantExpression constant => constant.Value!,
            MemberExpression { Member: FieldInfo field } member => field.GetValue(member.Expression is null ? null : Evaluate(member.Expression))!,
            MemberExpression { Member: PropertyInfo property } member => property.GetValue(member.Expression is null ? null : Evaluate(member.Expression))!,
            _ => throw new NotSupportedException($"Cannot inline {expression}: use a field, property or variable."),
        };
    }

    private sealed class ParameterReplacer(Dictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            replacements.TryGetValue(node, out var replacement) ? replacement : node;
    }
}
