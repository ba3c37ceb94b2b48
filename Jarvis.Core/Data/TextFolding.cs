using System.Text;

namespace Jarvis.Core.Data;

/// <summary>Case folding for search: NFC, then invariant upper case, so "ÑANDÚ", "ñandú" and "Ñandú" fold alike.</summary>
public static class TextFolding
{
    public static string Fold(string text) => text.Normalize(NormalizationForm.FormC).ToUpperInvariant();
}
