namespace Observability.Review.State;

/// <summary>
/// A WS-METRICS run's <c>allowed_paths</c> entry matched against a changed file: <c>**</c> matches anything (slashes
/// too), <c>*</c> anything but a slash, <c>?</c> one character; an entry without wildcards matches that file or
/// anything under it as a folder (<c>src/app</c> and <c>src/app/</c> both allow <c>src/app/x.cs</c>).
/// </summary>
internal static class PathPattern
{
    public static bool AnyMatches(IReadOnlyList<string> patterns, string path)
    {
        foreach (var pattern in patterns)
        {
            if (Matches(pattern, path))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Matches(string pattern, string path)
    {
        path = path.TrimStart('.', '/');
        pattern = pattern.StartsWith("./", StringComparison.Ordinal) ? pattern[2..] : pattern;
        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            var folder = pattern.TrimEnd('/');
            return path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
        }

        return Glob(pattern, 0, path, 0);
    }

    private static bool Glob(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            if (p[pi] == '*')
            {
                var deep = pi + 1 < p.Length && p[pi + 1] == '*';
                var rest = deep ? pi + 2 : pi + 1;
                if (deep && rest < p.Length && p[rest] == '/')
                {
                    // "**/" also matches no folder at all.
                    if (Glob(p, rest + 1, s, si))
                    {
                        return true;
                    }
                }

                for (var k = si; k <= s.Length; k++)
                {
                    if (Glob(p, rest, s, k))
                    {
                        return true;
                    }

                    if (k < s.Length && !deep && s[k] == '/')
                    {
                        return false;
                    }
                }

                return false;
            }

            if (si >= s.Length || (p[pi] != '?' && p[pi] != s[si]) || (p[pi] == '?' && s[si] == '/'))
            {
                return false;
            }

            pi++;
            si++;
        }

        return si == s.Length;
    }
}
