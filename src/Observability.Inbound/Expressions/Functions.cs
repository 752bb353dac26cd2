using System.Globalization;

namespace Observability.Inbound.Expressions;

/// <summary>The functions a rule's expressions may call; each answers absent rather than failing on a value it cannot use.</summary>
internal static class Functions
{
    /// <summary>The most arguments a function takes (<c>concat</c>).</summary>
    public const int MaxArguments = 16;

    /// <summary>Name, (minimum, maximum) argument count, implementation.</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max, Func<ReadOnlySpan<Value>, Value> Call)> All =
        new Dictionary<string, (int, int, Func<ReadOnlySpan<Value>, Value>)>(StringComparer.Ordinal)
        {
            ["ms"] = (1, 1, a => a[0].TryNumber(out var ms) ? Value.Number(ms / 1000d) : Value.Absent),
            ["nanos"] = (1, 1, a => Nanos(a[0]) is { } t ? Value.Text(Iso(t)) : Value.Absent),
            ["unix"] = (1, 1, a => a[0].TryNumber(out var s) && s > 0 && s < 253402300800d
                ? Value.Text(Iso(DateTimeOffset.UnixEpoch.AddTicks((long)(s * TimeSpan.TicksPerSecond)))) : Value.Absent),
            ["iso"] = (1, 1, a => Timestamp(a[0]) is { } t ? Value.Text(Iso(t)) : Value.Absent),
            ["number"] = (1, 1, a => a[0].TryNumber(out var n) ? Value.Number(n) : Value.Absent),
            ["text"] = (1, 1, a => Value.Text(a[0].AsText())),
            ["lower"] = (1, 1, a => Value.Text(a[0].AsText()?.ToLowerInvariant())),
            ["since"] = (2, 2, a => Timestamp(a[0]) is { } from && Timestamp(a[1]) is { } to && to >= from
                ? Value.Number((to - from).TotalSeconds) : Value.Absent),
            ["lookup"] = (2, 2, a => Lookup(a[0], a[1])),
            ["concat"] = (1, MaxArguments, Concat),
            ["count"] = (1, 1, a => a[0].TryArray(out var array) ? Value.Number(array.GetArrayLength()) : Value.Absent),
        };

    // The round-trip format of a UTC time, yyyy-MM-ddTHH:mm:ss.fffffffZ, which the runtime formats without parsing a pattern.
    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Unix nanoseconds; 0 is OTLP's "unset" and is absent.</summary>
    private static DateTimeOffset? Nanos(Value value)
    {
        var text = value.AsText();
        if (text is null || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var nanos))
        {
            if (!value.TryNumber(out var number) || number is <= 0 or >= 9.2e18)
            {
                return null;
            }

            nanos = (long)number;
        }

        return nanos <= 0 ? null : DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
    }

    /// <summary>An ISO 8601 / RFC 3339 timestamp, GitLab's <c>yyyy-MM-dd HH:mm:ss UTC</c>, or Unix nanoseconds.</summary>
    private static DateTimeOffset? Timestamp(Value value)
    {
        if (value.AsText() is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && text.Length >= 10 && text[4] == '-')
        {
            return time;
        }

        // GitLab's webhooks write most times as "2016-08-12 15:23:28 UTC", which the ISO parser refuses.
        if (text.EndsWith(" UTC", StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(text[..^4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return time;
        }

        return Nanos(value);
    }

    /// <summary>A lookup table's entries and its fallback (<c>*=...</c>; absent without one).</summary>
    public static ((string From, Value To)[] Entries, Value Fallback) Table(string? table)
    {
        var entries = new List<(string, Value)>();
        var fallback = Value.Absent;
        foreach (var entry in (table ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var from = entry[..equals].Trim();
            var to = Literal(entry[(equals + 1)..].Trim());
            if (from == "*")
            {
                fallback = to;
            }
            else
            {
                entries.Add((from, to));
            }
        }

        return ([.. entries], fallback);
    }

    private static Value Lookup(Value key, Value table)
    {
        var (entries, fallback) = Table(table.AsText());
        if (key.IsPresent)
        {
            foreach (var (from, to) in entries)
            {
                if (key.TextEquals(from))
                {
                    return to;
                }
            }
        }

        return fallback;
    }

    // A table's values are typed like literals: true/false and numbers stay what they look like.
    private static Value Literal(string text) => text switch
    {
        "true" => Value.Boolean(true),
        "false" => Value.Boolean(false),
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] == '-') => Value.Number(n),
        _ => Value.Text(text),
    };

    private static Value Concat(ReadOnlySpan<Value> parts)
    {
        var texts = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].AsText() is not { } text)
            {
                return Value.Absent;
            }

            texts[i] = text;
        }

        return Value.Text(string.Concat(texts));
    }
}
