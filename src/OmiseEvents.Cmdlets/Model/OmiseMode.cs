namespace OmiseEvents;

/// <summary>Whether a key, and so a connection, sees test-mode or live-mode data.</summary>
public enum OmiseMode
{
    Test,
    Live,
}
