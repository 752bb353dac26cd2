using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// One receiver's <see cref="DeliveryPosition"/> in a small JSON file under <c>{data}/webhooks/</c>, named by a hash of
/// the URL, so reordering <c>Webhooks:Urls</c> keeps every receiver's position.
/// </summary>
/// <remarks>
/// Written atomically: a temporary file, fsynced, renamed over the old one, so a crash leaves the old position or the
/// new one, never a torn file. The directory is not fsynced after the rename: a power loss that undoes the rename
/// moves the position back, which redelivers crossings the receiver already has (their ids say so) and never skips
/// one. A position is only written after the crossings before it were answered 2xx (or dead-lettered).
/// </remarks>
internal sealed class DeliveryPositionStore
{
    private const string NextName = "next";
    private const string FailingSinceName = "failingSince";
    private const string HeadSinceName = "headSince";
    private const string ReceiverName = "receiver";

    private readonly string _receiver;

    public DeliveryPositionStore(string directory, Uri url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(url);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.OriginalString)).AsSpan(0, 8));
        Path = System.IO.Path.Combine(directory, name + ".position");

        // What the file says it belongs to, for whoever opens it: the URL without user info or query, which may hold tokens.
        _receiver = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    /// <summary>The position file.</summary>
    public string Path { get; }

    /// <summary>The stored position; null when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a position file.</exception>
    public DeliveryPosition? Load()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(NextName, out var next)
                || next.ValueKind != JsonValueKind.Number
                || !next.TryGetInt64(out var sequence)
                || sequence < 0)
            {
                throw new InvalidDataException($"{Path} has no valid '{NextName}'.");
            }

            return new DeliveryPosition(sequence, Time(root, FailingSinceName), Time(root, HeadSinceName));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path} is not JSON: {e.Message}", e);
        }
    }

    /// <summary>Replaces the stored position durably.</summary>
    public void Save(DeliveryPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(ReceiverName, _receiver);
            writer.WriteNumber(NextName, position.Next);
            WriteTime(writer, FailingSinceName, position.FailingSince);
            WriteTime(writer, HeadSinceName, position.HeadSince);
            writer.WriteEndObject();
        }

        var temporary = Path + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(buffer.WrittenSpan);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            // The previous position stays valid; a half-written temporary must not linger.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw;
        }
    }

    private static DateTimeOffset? Time(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }
    }
}
