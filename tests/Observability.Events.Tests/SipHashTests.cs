namespace Observability.Events.Tests;

public sealed class SipHashTests
{
    // The reference implementation's vectors: key 00 01 … 0f, message 00 01 … (n-1).
    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(15, 0xa129ca6149be45e5UL)]
    [InlineData(63, 0x958a324ceb064572UL)]
    public void Hash_ReferenceVectors_Match(int length, ulong expected)
    {
        const ulong K0 = 0x0706050403020100UL;
        const ulong K1 = 0x0f0e0d0c0b0a0908UL;
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        Assert.Equal(expected, SipHash.Hash(K0, K1, message));
    }
}
