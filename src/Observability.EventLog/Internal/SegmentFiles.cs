using System.Globalization;

namespace Observability.EventLog.Internal;

/// <summary>Naming and listing of segment files: <c>&lt;firstSequence:D20&gt;.log</c>.</summary>
internal static class SegmentFiles
{
    private const int DigitCount = 20;
    private const string Extension = ".log";

    public static string PathFor(string directory, long firstSequence) =>
        Path.Combine(directory, firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    /// <summary>
    /// The live segments in <paramref name="directory"/>, oldest first; other files are ignored, and so are segments
    /// wholly below the log start (archived already: a compaction stopped before it deleted them), so every reader agrees.
    /// </summary>
    public static List<SegmentInfo> List(string directory)
    {
        var start = LogStart.Read(directory);
        var segments = ListAll(directory);
        segments.RemoveAll(s => s.FirstSequence < start);
        return segments;
    }

    /// <summary>Every segment file in <paramref name="directory"/>, archived leftovers included, oldest first.</summary>
    public static List<SegmentInfo> ListAll(string directory)
    {
        var segments = new List<SegmentInfo>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (TryParse(Path.GetFileName(path), out var firstSequence))
            {
                segments.Add(new SegmentInfo(path, firstSequence));
            }
        }

        segments.Sort((a, b) => a.FirstSequence.CompareTo(b.FirstSequence));
        return segments;
    }

    public static bool TryParse(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        var digits = fileName.AsSpan();
        if (digits.Length != DigitCount + Extension.Length || !digits.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        digits = digits[..DigitCount];
        return !digits.ContainsAnyExceptInRange('0', '9')
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence);
    }
}
