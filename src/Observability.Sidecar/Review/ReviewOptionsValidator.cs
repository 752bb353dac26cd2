using Microsoft.Extensions.Options;
using Observability.Review;

namespace Observability.Sidecar.Review;

/// <summary>Checks the <c>Review</c> section at start, each failure naming its key: the process stops on any.</summary>
internal sealed class ReviewOptionsValidator : IValidateOptions<ReviewOptions>
{
    public ValidateOptionsResult Validate(string? name, ReviewOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
