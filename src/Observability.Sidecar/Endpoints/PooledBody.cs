using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// A request body read into an array rented from the shared pool and returned on dispose. A 1,000-event batch is
/// about 230 KB, which would otherwise be a fresh large-object-heap array per request.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private PooledBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>The bytes read.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>Reads the whole body; null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        // The limit is enforced here, so Kestrel's own (30 MB) must not cut in first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        // One spare byte, so a body of exactly Content-Length bytes ends with a zero-length read and no regrowth.
        var body = new PooledBody((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        try
        {
            while (true)
            {
                if (body._length == body._buffer.Length)
                {
                    body.Grow();
                }

                var read = await request.Body.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return body;
                }

                body._length += read;
                if (body._length > limit)
                {
                    body.Dispose();
                    return null;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Returns the array to the pool; the memory must not be used after this.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
