namespace Observability.Experiments.Declarations;

/// <summary>The filter of a declaration: known fields only, non-empty values, sorted so equal filters compare equal.</summary>
internal static class Filters
{
    public static KeyValuePair<string, string>[] Check(Dictionary<string, string>? filter, List<DeclarationError> found)
    {
        if (filter is null || filter.Count == 0)
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in filter)
        {
            if (!DeclarationNames.FilterFields.Contains(key))
            {
                found.Add(new($"filter.{key}", $"'{key}' is not a field a filter can match: use {string.Join(", ", DeclarationNames.FilterFields)}."));
            }
            else if (string.IsNullOrEmpty(value))
            {
                found.Add(new($"filter.{key}", "must be a non-empty string."));
            }
            else
            {
                pairs.Add(new(key, value));
            }
        }

        return [.. pairs.OrderBy(p => p.Key, StringComparer.Ordinal)];
    }
}
