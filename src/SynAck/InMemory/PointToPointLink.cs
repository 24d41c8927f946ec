namespace SynAck.InMemory;

/// <summary>A cable between two endpoints of an <see cref="InMemoryNetwork"/>: an <see cref="Links.ILink"/> at each end and a path each way.</summary>
public sealed class PointToPointLink
{
    internal PointToPointLink(InMemoryLink a, InMemoryLink b, InMemoryPath aToB, InMemoryPath bToA)
    {
        A = a;
        B = b;
        AToB = aToB;
        BToA = bToA;
    }

    /// <summary>The first endpoint's link, to attach a stack to.</summary>
    public InMemoryLink A { get; }

    /// <summary>The second endpoint's link, to attach a stack to.</summary>
    public InMemoryLink B { get; }

    /// <summary>The direction from A to B.</summary>
    public InMemoryPath AToB { get; }

    /// <summary>The direction from B to A.</summary>
    public InMemoryPath BToA { get; }
}
