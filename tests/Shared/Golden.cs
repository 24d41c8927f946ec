using System.Runtime.CompilerServices;

namespace SynAck.Testing;

/// <summary>
/// Compares output with a file in Golden/ beside the calling test's source file. Set
/// SYNACK_UPDATE_GOLDEN=1 to write the files instead, then review the diff before committing it.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("SYNACK_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No golden file {path}; run with SYNACK_UPDATE_GOLDEN=1 to write it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
